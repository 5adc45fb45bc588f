// Working-day arithmetic on a plan calendar (plan-format.md §2).
#pragma once

#include <vector>

#include "engine/plan.h"

namespace rollout {

/// Maps dates to working-day offsets and back. Day 0 is the first working
/// date on or after the plan start. Working dates are cached as they are
/// asked for, so the class is cheap to copy only while young.
class WorkCalendar {
 public:
  /// REQUIRES: |cal| has at least one working weekday.
  WorkCalendar(const Calendar& cal, Date start);

  bool IsWorking(Date d) const;
  /// The date of offset |k| (k may be negative: working dates before day 0).
  Date DateOf(int k) const;
  /// Number of working dates d with date(0) <= d < |d|.
  int OffStart(Date d) const;
  /// Number of working dates d with date(0) <= d <= |d|.
  int OffEnd(Date d) const { return OffStart(d + 1); }
  Date day0() const { return forward_[0]; }
  /// Working dates in [first, last].
  int CountWorking(Date first, Date last) const;

 private:
  void ExtendForwardTo(Date d) const;
  void ExtendForwardCount(size_t n) const;

  std::array<bool, 7> workdays_;
  std::vector<Date> holidays_;  // sorted single dates
  std::vector<Date> working_;   // sorted single dates
  mutable std::vector<Date> forward_;   // forward_[k] = date(k)
  mutable std::vector<Date> backward_;  // backward_[i] = date(-1 - i)
};

}  // namespace rollout
