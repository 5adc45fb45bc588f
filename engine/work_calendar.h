// Working-day arithmetic on a plan calendar (plan-format.md §2).
#pragma once

#include <array>
#include <cstdint>
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

  /// Single dates: a bitmap from the first to the last (a plan's dates lie
  /// in 1900..9999, at most 2.96 million days, 370 KB), so that the day-by-day
  /// walks (the first working day, CountWorking) cost O(1) a day; a span past
  /// kMaxBitmapDays (a plan built in code) falls back to a sorted vector.
  class DaySet {
   public:
    explicit DaySet(const std::vector<DateRange>& ranges);
    bool Contains(Date d) const;

   private:
    static constexpr int64_t kMaxBitmapDays = int64_t{1} << 23;
    Date first_ = 0;
    std::vector<bool> bits_;
    std::vector<Date> sorted_;  // when the span is too large for bits_
  };

  std::array<bool, 7> workdays_;
  DaySet holidays_;
  DaySet working_;
  mutable std::vector<Date> forward_;   // forward_[k] = date(k)
  mutable std::vector<Date> backward_;  // backward_[i] = date(-1 - i)
};

}  // namespace rollout
