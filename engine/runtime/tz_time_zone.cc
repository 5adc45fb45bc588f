#include "engine/runtime/tz_time_zone.h"

#include <chrono>
#include <cstdio>

#include <date/tz.h>

namespace rollout {

Result<std::unique_ptr<TimeZone>> TzTimeZone::Locate(const std::string& name) {
  if (name.empty() || name == "UTC" || name == "Etc/UTC") {
    return std::unique_ptr<TimeZone>(std::make_unique<FixedOffsetZone>(0));
  }
  try {
    return std::unique_ptr<TimeZone>(new TzTimeZone(date::locate_zone(name)));
  } catch (const std::exception& e) {
    return Error{{}, "unknown time zone '" + name + "': " + e.what(),
                 "use an IANA name such as Europe/Moscow"};
  }
}

Instant TzTimeZone::ToInstant(Date d, int minute) const {
  using namespace std::chrono;
  date::local_seconds local{seconds{(static_cast<int64_t>(d) * 1440 + minute) * 60}};
  // Gaps (spring forward) move later, overlaps take the earlier instant.
  auto sys = zone_->to_sys(local, date::choose::earliest);
  return sys.time_since_epoch().count();
}

LocalTime TzTimeZone::ToLocal(Instant t) const {
  using namespace std::chrono;
  date::sys_seconds sys{seconds{t}};
  auto local = zone_->to_local(sys);
  int64_t s = local.time_since_epoch().count();
  int64_t day = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
  return {static_cast<Date>(day), static_cast<int>((s - day * 86400) / 60)};
}

int UtcOffsetSeconds(const TimeZone& zone, Instant t) {
  LocalTime l = zone.ToLocal(t);
  int64_t local_minutes = static_cast<int64_t>(l.date) * 1440 + l.minute;
  int64_t utc_minutes = t >= 0 ? t / 60 : -((-t + 59) / 60);
  return static_cast<int>((local_minutes - utc_minutes) * 60);
}

std::string FormatInstant(const TimeZone& zone, Instant t) {
  LocalTime l = zone.ToLocal(t);
  int offset = UtcOffsetSeconds(zone, t) / 60;
  int sec = static_cast<int>(((t % 60) + 60) % 60);
  char sign = offset < 0 ? '-' : '+';
  int a = offset < 0 ? -offset : offset;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d%c%02d:%02d", FormatDate(l.date).c_str(),
                l.minute / 60, l.minute % 60, sec, sign, a / 60, a % 60);
  return buf;
}

}  // namespace rollout
