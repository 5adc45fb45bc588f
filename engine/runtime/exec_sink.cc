#include "engine/runtime/exec_sink.h"
#include "po/messages.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstring>
#include <vector>

extern char** environ;

namespace rollout {
namespace {

std::string Errno(const char* what, int err) { return std::string(what) + ": " + std::strerror(err); }

// One run of the command: the JSON written to its stdin asynchronously, the
// child reaped without blocking the io_context (polled every 1..10 ms), and
// one deadline over both. The command is the leader of its own process
// group; on the deadline the whole group is killed, not only /bin/sh.
class Run : public std::enable_shared_from_this<Run> {
 public:
  Run(boost::asio::io_context& io, pid_t pid, int stdin_fd, std::string json,
      std::chrono::milliseconds timeout, AlertSink::Done done)
      : stdin_(io, stdin_fd),
        deadline_timer_(io),
        poll_timer_(io),
        pid_(pid),
        json_(std::move(json)),
        timeout_(timeout),
        done_(std::move(done)) {}

  // The engine going away with a command still running (SIGTERM, the
  // io_context destroyed): kill its group and reap it, leave no orphan.
  ~Run() {
    if (reaped_) return;
    kill(-pid_, SIGKILL);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }

  void Start() {
    deadline_timer_.expires_after(timeout_);
    deadline_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->OnDeadline();
    });
    boost::asio::async_write(stdin_, boost::asio::buffer(json_),
                             [self = shared_from_this()](const boost::system::error_code&,
                                                         std::size_t) {
                               // A reader that exits early (EPIPE) is not an error here:
                               // its exit status says what happened.
                               self->written_ = true;
                               boost::system::error_code ignored;
                               self->stdin_.close(ignored);  // EOF for the command
                               self->MaybeFinish();
                             });
    Poll();
  }

 private:
  void Poll() {
    if (reaped_) return;
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      status_ = status;
      return MaybeFinish();
    }
    if (r < 0 && errno != EINTR) {
      reaped_ = true;  // not ours to wait for any more
      return Report(Errno("waitpid", errno));
    }
    // 1, 2, 4, 8, 10, 10, ... ms: quick commands are reaped quickly.
    poll_timer_.expires_after(std::chrono::milliseconds(wait_ms_));
    wait_ms_ = std::min(10, wait_ms_ * 2);
    poll_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->Poll();
    });
  }

  void OnDeadline() {
    if (reported_) return;
    timed_out_ = true;
    // The group outlives its leader while any member lives, so this also
    // reaches children of a /bin/sh that has exited already.
    kill(-pid_, SIGKILL);
    boost::system::error_code ignored;
    stdin_.close(ignored);  // cancels a pending write
    if (reaped_) return Report(TimeoutMessage());
    // Poll() reaps the killed leader within 10 ms and reports.
  }

  void MaybeFinish() {
    if (reported_ || !reaped_) return;
    if (timed_out_) return Report(TimeoutMessage());
    const bool success = WIFEXITED(status_) && WEXITSTATUS(status_) == 0;
    // A failure is reported at once; a success only once the whole JSON is
    // written (a background child of the command may still be reading it).
    if (success && !written_) return;
    if (success) return Report("");
    if (WIFEXITED(status_))
      return Report(Tr("the command exited {0}", WEXITSTATUS(status_)));
    Report(Tr("the command died of signal {0}", WTERMSIG(status_)));
  }

  std::string TimeoutMessage() const {
    return Tr("the command timed out after {0} ms and its process group was killed",
              static_cast<long long>(timeout_.count()));
  }

  void Report(const std::string& error) {
    reported_ = true;
    boost::system::error_code ignored;
    deadline_timer_.cancel();
    poll_timer_.cancel();
    stdin_.close(ignored);
    AlertSink::Done done = std::move(done_);
    done(error);
  }

  boost::asio::posix::stream_descriptor stdin_;
  boost::asio::steady_timer deadline_timer_;
  boost::asio::steady_timer poll_timer_;
  pid_t pid_;
  std::string json_;
  std::chrono::milliseconds timeout_;
  AlertSink::Done done_;
  int wait_ms_ = 1;
  int status_ = 0;
  bool written_ = false;
  bool reaped_ = false;
  bool timed_out_ = false;
  bool reported_ = false;
};

// posix_spawn's attributes and file actions, destroyed on every path.
struct SpawnSetup {
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
  SpawnSetup() {
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&actions);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

}  // namespace

void ExecSink::Deliver(const AlertDelivery& delivery, Done done) {
  // A command that exits without reading must fail the write with EPIPE,
  // not kill the engine (the engine ignores SIGPIPE too; this sink does not
  // rely on it). The command itself gets the default action back below.
  signal(SIGPIPE, SIG_IGN);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return done(Errno("pipe", errno));

  // The environment: ours, with ROLLOUT_ALERT_ID and ROLLOUT_IDEMPOTENCY_KEY set.
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view v(*e);
    if (v.rfind("ROLLOUT_ALERT_ID=", 0) == 0 || v.rfind("ROLLOUT_IDEMPOTENCY_KEY=", 0) == 0)
      continue;
    env.emplace_back(v);
  }
  env.push_back("ROLLOUT_ALERT_ID=" + std::to_string(delivery.alert.id));
  env.push_back("ROLLOUT_IDEMPOTENCY_KEY=" + delivery.idempotency_key);
  std::vector<char*> envp;
  for (std::string& s : env) envp.push_back(s.data());
  envp.push_back(nullptr);

  SpawnSetup setup;
  // Its own process group (pgid = its pid), so that a time-out can kill
  // everything it started; every signal at its default action (SIGPIPE is
  // ignored here, and ignored signals survive exec) and none blocked.
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setflags(&setup.attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&setup.attr, 0);
  posix_spawnattr_setsigdefault(&setup.attr, &all);
  posix_spawnattr_setsigmask(&setup.attr, &none);
  // stdin is the pipe's read end (dup2 clears its close-on-exec flag); both
  // original ends are close-on-exec.
  posix_spawn_file_actions_adddup2(&setup.actions, fds[0], 0);

  std::string command = command_;
  char sh[] = "sh";
  char dash_c[] = "-c";
  char* argv[] = {sh, dash_c, command.data(), nullptr};
  pid_t pid = -1;
  const int err = posix_spawn(&pid, "/bin/sh", &setup.actions, &setup.attr, argv, envp.data());
  close(fds[0]);
  if (err != 0) {
    close(fds[1]);
    return done(Errno("posix_spawn /bin/sh", err));
  }
  std::make_shared<Run>(io_, pid, fds[1], delivery.json + "\n", timeout_, std::move(done))
      ->Start();
}

}  // namespace rollout
