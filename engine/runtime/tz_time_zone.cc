#include "engine/runtime/tz_time_zone.h"
#include "po/messages.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <optional>
#include <vector>

#include <date/tz.h>

namespace rollout {

Result<std::unique_ptr<TimeZone>> TzTimeZone::Locate(const std::string& name) {
  if (name.empty() || name == "UTC" || name == "Etc/UTC") {
    return std::unique_ptr<TimeZone>(std::make_unique<FixedOffsetZone>(0));
  }
  try {
    return std::unique_ptr<TimeZone>(new TzTimeZone(date::locate_zone(name)));
  } catch (const std::exception& e) {
    return Error{{}, Tr("unknown time zone '{0}': {1}", name, e.what()),
                 Tr("use an IANA name such as Europe/Moscow")};
  }
}

namespace {

// A zone's UTC offsets over a window, as periods [begin, next begin); the
// rest of time is the full zone's, loaded only when asked for.
class OffsetTableZone : public TimeZone {
 public:
  struct Period {
    Instant begin;
    int offset;  // seconds east of UTC
  };

  OffsetTableZone(std::string name, std::vector<Period> periods, Instant end)
      : name_(std::move(name)), periods_(std::move(periods)), end_(end) {}

  Instant ToInstant(Date d, int minute) const override {
    const Instant local = (static_cast<Instant>(d) * 1440 + minute) * 60;
    // As date-tz's to_sys(choose::earliest): the earliest period whose
    // instant local - offset falls inside it; in a gap, the transition.
    const size_t j = Index(local);
    for (size_t k = j == 0 ? 0 : j - 1; k <= j + 1 && k < periods_.size(); ++k) {
      const Instant s = local - periods_[k].offset;
      if (!Inside(s)) return Full().ToInstant(d, minute);
      if (s >= periods_[k].begin && (k + 1 == periods_.size() || s < periods_[k + 1].begin))
        return s;
    }
    for (size_t k = j == 0 ? 0 : j - 1; k + 1 <= j + 1 && k + 1 < periods_.size(); ++k) {
      const Instant next = periods_[k + 1].begin;
      if (local - periods_[k].offset >= next && local - periods_[k + 1].offset < next) return next;
    }
    return Full().ToInstant(d, minute);
  }

  LocalTime ToLocal(Instant t) const override {
    if (!Inside(t)) return Full().ToLocal(t);
    const Instant s = t + periods_[Index(t)].offset;
    const Instant day = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    return {static_cast<Date>(day), static_cast<int>((s - day * 86400) / 60)};
  }

 private:
  bool Inside(Instant t) const { return t >= periods_.front().begin && t < end_; }

  // The period holding instant |t| (clamped to the table).
  size_t Index(Instant t) const {
    auto it = std::upper_bound(periods_.begin(), periods_.end(), t,
                               [](Instant x, const Period& p) { return x < p.begin; });
    return it == periods_.begin() ? 0 : static_cast<size_t>(it - periods_.begin()) - 1;
  }

  const TimeZone& Full() const {
    std::call_once(full_once_, [this] {
      Result<std::unique_ptr<TimeZone>> z = TzTimeZone::Locate(name_);
      full_ = z.ok() ? std::move(z.value()) : std::make_unique<FixedOffsetZone>(0);
    });
    return *full_;
  }

  std::string name_;
  std::vector<Period> periods_;
  Instant end_;
  mutable std::once_flag full_once_;
  mutable std::unique_ptr<TimeZone> full_;
};

// Reads the offsets of |name| over [from, to) with localtime_r under
// TZ=":name": a sample a week, and each change found to the second.
std::vector<OffsetTableZone::Period> ReadOffsets(const std::string& name, Instant from, Instant to) {
  const char* old = std::getenv("TZ");
  const std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  setenv("TZ", (":" + name).c_str(), 1);
  tzset();
  auto offset = [](Instant t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    return static_cast<int>(tm.tm_gmtoff);
  };
  std::vector<OffsetTableZone::Period> periods{{from, offset(from)}};
  constexpr Instant kWeek = 7 * 86400;
  for (Instant t = from; t < to; t += kWeek) {
    const Instant u = std::min(t + kWeek, to);
    if (offset(u) == periods.back().offset) continue;
    Instant lo = t, hi = u;  // offset(lo) is the current one, offset(hi) is not
    while (hi - lo > 1) {
      const Instant mid = lo + (hi - lo) / 2;
      (offset(mid) == periods.back().offset ? lo : hi) = mid;
    }
    periods.push_back({hi, offset(hi)});
  }
  if (saved) {
    setenv("TZ", saved->c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
  return periods;
}

}  // namespace

Result<std::unique_ptr<TimeZone>> TzTimeZone::LocateFast(const std::string& name) {
  if (name.empty() || name == "UTC" || name == "Etc/UTC") return Locate(name);
  std::error_code ec;
  if (name.find("..") != std::string::npos || name.front() == '/' ||
      !std::filesystem::is_regular_file("/usr/share/zoneinfo/" + name, ec))
    return Locate(name);
  constexpr Instant kFrom = 946684800;   // 2000-01-01T00:00Z
  // date-tz reads only the explicit transitions of a TZif file, which end in
  // 2037; the C library also applies the file's rule for later years. The
  // table stops where the two still agree.
  constexpr Instant kTo = 2114380800;    // 2037-01-01T00:00Z
  return std::unique_ptr<TimeZone>(
      std::make_unique<OffsetTableZone>(name, ReadOffsets(name, kFrom, kTo), kTo));
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
