// The command sink with real processes: a command that never reads its
// stdin, one that leaves children behind, one that reads the JSON.
#include "engine/runtime/exec_sink.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>

#include "tests/testing/child_process.h"
#include "tests/testing/run_binary.h"

namespace rollout {
namespace {

using testing::ReadFile;
using testing::ScopedTempDir;

AlertDelivery MakeDelivery(size_t message_bytes) {
  StoredAlert a;
  a.id = 42;
  a.plan_version = 1;
  a.kind = "overdue";
  a.task = "t\r\n\"quoted\"";
  a.about = "2027-01-12";
  a.recipients = {"ann"};
  a.created_at = "2027-01-14T09:00:00+00:00";
  a.message = std::string(message_bytes, 'm');
  return {a, AlertJson(a), IdempotencyKey(a), "exec"};
}

// Makes this process the reaper of its orphaned descendants for the test
// (PID 1 of a container may not reap them, and a zombie still answers
// kill(pid, 0)), and reaps what is left at the end.
class SubreaperScope {
 public:
  SubreaperScope() { prctl(PR_SET_CHILD_SUBREAPER, 1); }
  ~SubreaperScope() {
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    prctl(PR_SET_CHILD_SUBREAPER, 0);
  }
};

// True once no process of group |pgid| (nor |pid|) exists, reaping the
// orphans that were handed to us; polls for up to 5 s.
bool GoneWithin5s(pid_t pgid, pid_t pid) {
  for (int i = 0; i < 500; ++i) {
    while (waitpid(-pgid, nullptr, WNOHANG) > 0) {
    }
    while (waitpid(pid, nullptr, WNOHANG) > 0) {
    }
    const bool group_gone = kill(-pgid, 0) == -1 && errno == ESRCH;
    const bool pid_gone = kill(pid, 0) == -1 && errno == ESRCH;
    if (group_gone && pid_gone) return true;
    usleep(10'000);
  }
  return false;
}

class ExecSinkTest : public ::testing::Test {
 protected:
  // The engine ignores SIGPIPE; so does this test (a command that exits
  // without reading must fail the write, not kill the process).
  ExecSinkTest() { signal(SIGPIPE, SIG_IGN); }

  // Delivers |d| and runs the loop until |done| is called (bounded), with a
  // 5 ms ticker on the same io_context counting how often it fired.
  std::optional<std::string> Deliver(ExecSink& sink, const AlertDelivery& d) {
    std::optional<std::string> result;
    ticks_ = 0;
    ticks_at_done_ = -1;
    boost::asio::steady_timer ticker(io_);
    std::function<void()> tick = [&] {
      ticker.expires_after(std::chrono::milliseconds(5));
      ticker.async_wait([&](const boost::system::error_code& ec) {
        if (ec) return;
        ++ticks_;
        tick();
      });
    };
    tick();
    sink.Deliver(d, [&](const std::string& error) {
      result = error;
      ticks_at_done_ = ticks_;
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!result && std::chrono::steady_clock::now() < deadline) {
      io_.restart();
      io_.run_for(std::chrono::milliseconds(5));
    }
    ticker.cancel();
    io_.restart();
    io_.poll();
    return result;
  }

  ScopedTempDir dir_;
  boost::asio::io_context io_;
  int ticks_ = 0;
  int ticks_at_done_ = -1;
};

TEST_F(ExecSinkTest, ACommandThatNeverReadsStdinTimesOutAndTheLoopKeepsRunning) {
  const AlertDelivery d = MakeDelivery(200 * 1024);  // far past a 64 KiB pipe buffer
  ASSERT_GT(d.json.size(), 200u * 1024);
  SubreaperScope reaper;
  const std::string pids = dir_.path() + "/pids";
  ExecSink sink(io_, "echo $$ > " + pids + "; exec sleep 3", std::chrono::milliseconds(300));
  std::optional<std::string> error = Deliver(sink, d);
  ASSERT_TRUE(error.has_value()) << "the delivery never finished";
  EXPECT_NE(error->find("timed out"), std::string::npos) << "'" << *error << "'";
  // Timers of the same io_context fired while the command ran: Deliver did
  // not block the loop on the pipe (5 ms ticks come before a 300 ms deadline).
  EXPECT_GT(ticks_at_done_, 0);
  const pid_t sh = std::stoi(ReadFile(pids));
  EXPECT_TRUE(GoneWithin5s(sh, sh));
  kill(sh, SIGKILL);
}

TEST_F(ExecSinkTest, TheTimeOutKillsTheCommandsWholeProcessGroup) {
  SubreaperScope reaper;
  const std::string pids = dir_.path() + "/pids";
  // sh, and a child of it that outlives sh if only sh is killed.
  ExecSink sink(io_, "echo $$ > " + pids + ".tmp; sleep 45 & echo $! >> " + pids +
                         ".tmp; mv " + pids + ".tmp " + pids + "; wait",
                std::chrono::milliseconds(300));
  std::optional<std::string> error = Deliver(sink, MakeDelivery(100));
  ASSERT_TRUE(error.has_value()) << "the delivery never finished";
  EXPECT_NE(error->find("timed out"), std::string::npos) << "'" << *error << "'";
  std::istringstream in(ReadFile(pids));
  pid_t sh = 0, sleeper = 0;
  in >> sh >> sleeper;
  ASSERT_GT(sh, 0);
  ASSERT_GT(sleeper, 0);
  EXPECT_TRUE(GoneWithin5s(sh, sleeper)) << "sleep " << sleeper << " of group " << sh << " is left";
  kill(sleeper, SIGKILL);  // clean up after a failure
}

TEST_F(ExecSinkTest, AnEngineThatGoesAwayKillsTheRunningCommandsGroup) {
  SubreaperScope reaper;
  const std::string pids = dir_.path() + "/pids";
  std::optional<std::string> result;
  {
    boost::asio::io_context io;
    ExecSink sink(io, "echo $$ > " + pids + ".tmp; sleep 45 & echo $! >> " + pids +
                          ".tmp; mv " + pids + ".tmp " + pids + "; wait",
                  std::chrono::seconds(60));
    sink.Deliver(MakeDelivery(100), [&](const std::string& error) { result = error; });
    ASSERT_TRUE(testing::WaitFor(
        [&] {
          io.run_for(std::chrono::milliseconds(5));
          return access(pids.c_str(), F_OK) == 0;
        },
        std::chrono::seconds(10)));
  }  // the io_context (and with it the delivery in flight) is destroyed
  EXPECT_FALSE(result.has_value());
  std::istringstream in(ReadFile(pids));
  pid_t sh = 0, sleeper = 0;
  in >> sh >> sleeper;
  ASSERT_GT(sleeper, 0);
  EXPECT_TRUE(GoneWithin5s(sh, sleeper)) << "sleep " << sleeper << " of group " << sh << " is left";
  kill(sleeper, SIGKILL);
}

TEST_F(ExecSinkTest, ACommandThatReadsStdinGetsTheExactJsonAndTheKey) {
  const AlertDelivery d = MakeDelivery(300 * 1024);
  const std::string out = dir_.path() + "/json";
  const std::string env = dir_.path() + "/env";
  ExecSink sink(io_,
                "cat > " + out + " && printf '%s %s' \"$ROLLOUT_ALERT_ID\" "
                                 "\"$ROLLOUT_IDEMPOTENCY_KEY\" > " + env,
                std::chrono::seconds(20));
  std::optional<std::string> error = Deliver(sink, d);
  ASSERT_TRUE(error.has_value()) << "the delivery never finished";
  EXPECT_EQ(*error, "");
  EXPECT_EQ(ReadFile(out), d.json + "\n");
  EXPECT_EQ(ReadFile(env), "42 " + d.idempotency_key);
}

TEST_F(ExecSinkTest, ExitStatusesAndACommandThatExitsWithoutReading) {
  const AlertDelivery big = MakeDelivery(200 * 1024);
  ExecSink ok(io_, "exit 0", std::chrono::seconds(20));
  EXPECT_EQ(Deliver(ok, big), std::optional<std::string>(""));
  ExecSink fails(io_, "exit 3", std::chrono::seconds(20));
  EXPECT_EQ(Deliver(fails, big), std::optional<std::string>("the command exited 3"));
  ExecSink dies(io_, "kill -9 $$", std::chrono::seconds(20));
  EXPECT_EQ(Deliver(dies, MakeDelivery(10)), std::optional<std::string>("the command died of signal 9"));
}

TEST_F(ExecSinkTest, TheCommandRunsWithDefaultSignalsInItsOwnProcessGroup) {
  const std::string out = dir_.path() + "/stat";
  // Field 5 of /proc/PID/stat is the process group; SIGPIPE is not ignored
  // (SigIgn bit 13 of /proc/PID/status), although the engine ignores it.
  ExecSink sink(io_,
                "cat /proc/$$/stat > " + out + "; grep SigIgn /proc/$$/status >> " + out,
                std::chrono::seconds(20));
  ASSERT_EQ(Deliver(sink, MakeDelivery(10)), std::optional<std::string>(""));
  std::istringstream in(ReadFile(out));
  std::string pid, comm, state, ppid, pgrp, line;
  in >> pid >> comm >> state >> ppid >> pgrp;
  EXPECT_EQ(pgrp, pid) << "the command is not the leader of its own process group";
  std::getline(in, line);
  std::getline(in, line);
  ASSERT_EQ(line.rfind("SigIgn:", 0), 0u) << line;
  const unsigned long long ignored = std::stoull(line.substr(7), nullptr, 16);
  EXPECT_EQ(ignored & (1ull << (SIGPIPE - 1)), 0u) << line;
}

}  // namespace
}  // namespace rollout
