// The clock seam of the runtime: the engine asks a Clock for "now" and for
// how long, in real time, to wait until a future instant. SystemClock is the
// wall clock; SimulatedClock starts at --now and runs --speed times faster
// (a day per second with --speed 86400), for tests and the demo.
#pragma once

#include <algorithm>
#include <chrono>
#include <ctime>

#include "engine/progress.h"

namespace rollout {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
  /// The real time to wait until the clock reads |t| (zero if it has).
  virtual std::chrono::steady_clock::duration RealDelayUntil(Instant t) const = 0;
  /// A millisecond count that only moves forward: what delivery back-off is
  /// measured on (real time for the system and simulated clocks).
  virtual std::chrono::milliseconds Monotonic() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
  }
  /// The real time to wait until Monotonic() reaches |t|.
  virtual std::chrono::steady_clock::duration RealDelayUntilMonotonic(
      std::chrono::milliseconds t) const {
    return std::max<std::chrono::steady_clock::duration>(t - Monotonic(),
                                                         std::chrono::steady_clock::duration::zero());
  }
};

class SystemClock : public Clock {
 public:
  Instant Now() const override { return static_cast<Instant>(std::time(nullptr)); }
  std::chrono::steady_clock::duration RealDelayUntil(Instant t) const override {
    return std::chrono::seconds(std::max<Instant>(0, t - Now()));
  }
};

class SimulatedClock : public Clock {
 public:
  /// REQUIRES: speed > 0.
  SimulatedClock(Instant start, double speed)
      : start_(start), speed_(speed), origin_(std::chrono::steady_clock::now()) {}

  Instant Now() const override {
    std::chrono::duration<double> real = std::chrono::steady_clock::now() - origin_;
    return start_ + static_cast<Instant>(real.count() * speed_);
  }
  std::chrono::steady_clock::duration RealDelayUntil(Instant t) const override {
    // Seconds of the simulated clock tick when real time reaches the
    // moment; +1 so that Now() has reached |t| when the timer fires.
    const double real = (static_cast<double>(t - start_) + 0.5) / speed_;
    const auto at = origin_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                  std::chrono::duration<double>(real));
    return std::max(at - std::chrono::steady_clock::now(),
                    std::chrono::steady_clock::duration::zero());
  }

 private:
  Instant start_;
  double speed_;
  std::chrono::steady_clock::time_point origin_;
};

/// A clock that moves only when told (tests, the demo's steps): its timers
/// never fire by themselves; a test moves it and calls the engine.
class ManualClock : public Clock {
 public:
  explicit ManualClock(Instant now) : now_(now) {}
  Instant Now() const override { return now_; }
  std::chrono::steady_clock::duration RealDelayUntil(Instant) const override {
    return std::chrono::hours(24 * 365);  // never by itself
  }
  std::chrono::milliseconds Monotonic() const override { return mono_; }
  std::chrono::steady_clock::duration RealDelayUntilMonotonic(
      std::chrono::milliseconds) const override {
    return std::chrono::hours(24 * 365);
  }
  void Set(Instant now) { now_ = now; }
  /// Moves both the instant and the monotonic count forward by |d|.
  void Advance(std::chrono::milliseconds d) {
    mono_ += d;
    now_ += std::chrono::duration_cast<std::chrono::seconds>(mono_).count() -
            std::chrono::duration_cast<std::chrono::seconds>(mono_ - d).count();
  }

 private:
  Instant now_;
  std::chrono::milliseconds mono_{0};
};

}  // namespace rollout
