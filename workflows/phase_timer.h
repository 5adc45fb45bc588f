// Wall-clock time of named phases, for `--timings` (`phase NAME MS`).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace rollout {

class PhaseTimer {
 public:
  PhaseTimer() : last_(std::chrono::steady_clock::now()) {}
  /// Ends the current phase under |name| and starts the next one.
  void Mark(const std::string& name) {
    auto now = std::chrono::steady_clock::now();
    phases_.emplace_back(name, std::chrono::duration<double, std::milli>(now - last_).count());
    last_ = now;
  }
  const std::vector<std::pair<std::string, double>>& phases() const { return phases_; }

 private:
  std::chrono::steady_clock::time_point last_;
  std::vector<std::pair<std::string, double>> phases_;
};

}  // namespace rollout
