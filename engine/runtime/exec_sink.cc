#include "engine/runtime/exec_sink.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cstring>

namespace rollout {
namespace {

// Writes all of |text| to |fd|; a reader that exits early is not an error
// here (its exit status says what happened).
void WriteAll(int fd, const std::string& text) {
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = write(fd, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

// Reaps the child without blocking the io_context: polls every 10 ms.
class Reaper : public std::enable_shared_from_this<Reaper> {
 public:
  Reaper(boost::asio::io_context& io, pid_t pid, std::chrono::milliseconds timeout,
         AlertSink::Done done)
      : timer_(io),
        pid_(pid),
        deadline_(std::chrono::steady_clock::now() + timeout),
        done_(std::move(done)) {}

  void Poll() {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) return Finish(status);
    if (r < 0) return Report("waitpid: " + std::string(std::strerror(errno)));
    if (std::chrono::steady_clock::now() >= deadline_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      return Report("the command timed out and was killed");
    }
    // 1, 2, 4, 8, 10, 10, ... ms: quick commands are reaped quickly.
    timer_.expires_after(std::chrono::milliseconds(wait_ms_));
    wait_ms_ = std::min(10, wait_ms_ * 2);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->Poll();
    });
  }

 private:
  void Finish(int status) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Report("");
    if (WIFEXITED(status))
      return Report("the command exited " + std::to_string(WEXITSTATUS(status)));
    Report("the command died of signal " + std::to_string(WTERMSIG(status)));
  }
  void Report(const std::string& error) {
    AlertSink::Done done = std::move(done_);
    done(error);
  }

  boost::asio::steady_timer timer_;
  pid_t pid_;
  int wait_ms_ = 1;
  std::chrono::steady_clock::time_point deadline_;
  AlertSink::Done done_;
};

}  // namespace

void ExecSink::Deliver(const AlertDelivery& delivery, Done done) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return done("pipe: " + std::string(std::strerror(errno)));
  const std::string id = std::to_string(delivery.alert.id);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return done("fork: " + std::string(std::strerror(errno)));
  }
  if (pid == 0) {
    dup2(fds[0], 0);
    setenv("ROLLOUT_ALERT_ID", id.c_str(), 1);
    setenv("ROLLOUT_IDEMPOTENCY_KEY", delivery.idempotency_key.c_str(), 1);
    signal(SIGPIPE, SIG_DFL);
    execl("/bin/sh", "sh", "-c", command_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[0]);
  WriteAll(fds[1], delivery.json + "\n");
  close(fds[1]);
  std::make_shared<Reaper>(io_, pid, timeout_, std::move(done))->Poll();
}

}  // namespace rollout
