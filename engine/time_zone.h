// The seam between plan-local dates and times and absolute instants. The
// engine stays free of the tz database: the runtime hands it a TimeZone
// backed by date/tz (engine/runtime/tz_time_zone.h), tests a fixed offset.
#pragma once

#include "engine/plan.h"
#include "engine/progress.h"

namespace rollout {

/// A local wall-clock moment in the plan's time zone.
struct LocalTime {
  Date date = 0;
  int minute = 0;  // minutes since local midnight
};

class TimeZone {
 public:
  virtual ~TimeZone() = default;
  /// The instant of local |date| at |minute| after midnight.
  virtual Instant ToInstant(Date date, int minute) const = 0;
  virtual LocalTime ToLocal(Instant t) const = 0;
};

/// A zone with a fixed UTC offset (UTC itself with 0): for tests and for
/// plans in UTC.
class FixedOffsetZone : public TimeZone {
 public:
  explicit FixedOffsetZone(int offset_minutes = 0) : offset_(offset_minutes) {}
  Instant ToInstant(Date date, int minute) const override {
    return (static_cast<Instant>(date) * 1440 + minute - offset_) * 60;
  }
  LocalTime ToLocal(Instant t) const override {
    Instant m = t / 60 + offset_ - (t % 60 < 0 ? 1 : 0);
    Instant d = m >= 0 ? m / 1440 : -((-m + 1439) / 1440);
    return {static_cast<Date>(d), static_cast<int>(m - d * 1440)};
  }

 private:
  int offset_;
};

}  // namespace rollout
