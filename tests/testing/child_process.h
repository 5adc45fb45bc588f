// A real process running in the background (the engine in crash and signal
// tests): stdout and stderr go to files that the test reads while it runs.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace rollout::testing {

class ChildProcess {
 public:
  /// Starts |argv| with stdout/stderr in |dir|/NAME.out and NAME.err.
  ChildProcess(const std::vector<std::string>& argv, const std::string& dir,
               const std::string& name);
  ~ChildProcess();  // SIGKILLs the child if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void Signal(int signo) const;
  /// Waits up to |limit| for the exit; returns the exit code, 128 + signal,
  /// or -1 on timeout.
  int Wait(std::chrono::milliseconds limit);
  std::string Out() const;
  std::string Err() const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::string out_, err_;
};

/// Polls |ready| every 10 ms for up to |limit|; true once it holds.
bool WaitFor(const std::function<bool()>& ready, std::chrono::milliseconds limit);

}  // namespace rollout::testing
