// A plan's IANA time zone (e.g. Europe/Moscow) backed by the tz database of
// the date library: local dates and times to instants and back, with
// daylight-saving rules.
#pragma once

#include <memory>
#include <string>

#include "engine/result.h"
#include "engine/time_zone.h"

namespace date {
class time_zone;
}

namespace rollout {

class TzTimeZone : public TimeZone {
 public:
  /// The zone named |name|; an error when the tz database does not know it.
  /// "UTC" never touches the database.
  static Result<std::unique_ptr<TimeZone>> Locate(const std::string& name);

  /// The same zone for a short command: between 2000 and 2037 its UTC
  /// offsets come from a table read through the C library (TZ=":name" and
  /// localtime_r read the zone's one TZif file, where date-tz first lists
  /// every zone of /usr/share/zoneinfo, ~3 ms per process); outside that
  /// window, or when the C library has no such file, it is Locate's zone.
  /// Call it before other threads start: it sets TZ while it reads.
  static Result<std::unique_ptr<TimeZone>> LocateFast(const std::string& name);

  Instant ToInstant(Date date, int minute) const override;
  LocalTime ToLocal(Instant t) const override;

 private:
  explicit TzTimeZone(const date::time_zone* zone) : zone_(zone) {}
  const date::time_zone* zone_;  // owned by the tz database, lives forever
};

/// Seconds east of UTC of |zone| at |t|.
int UtcOffsetSeconds(const TimeZone& zone, Instant t);

/// ISO 8601 with the zone's offset at |t|: 2027-01-20T10:00:00+03:00.
std::string FormatInstant(const TimeZone& zone, Instant t);

}  // namespace rollout
