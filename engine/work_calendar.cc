#include "engine/work_calendar.h"

#include <algorithm>
#include <cassert>

namespace rollout {

WorkCalendar::DaySet::DaySet(const std::vector<DateRange>& ranges) {
  if (ranges.empty()) return;
  int64_t lo = ranges.front().first, hi = ranges.front().last;
  for (const DateRange& r : ranges) {
    lo = std::min<int64_t>(lo, r.first);
    hi = std::max<int64_t>(hi, r.last);
  }
  if (hi < lo) return;
  if (hi - lo + 1 <= kMaxBitmapDays) {
    first_ = static_cast<Date>(lo);
    bits_.assign(static_cast<size_t>(hi - lo + 1), false);
    for (const DateRange& r : ranges)
      for (int64_t d = r.first; d <= r.last; ++d) bits_[static_cast<size_t>(d - lo)] = true;
    return;
  }
  for (const DateRange& r : ranges)
    for (int64_t d = r.first; d <= r.last; ++d) sorted_.push_back(static_cast<Date>(d));
  std::sort(sorted_.begin(), sorted_.end());
  sorted_.erase(std::unique(sorted_.begin(), sorted_.end()), sorted_.end());
}

bool WorkCalendar::DaySet::Contains(Date d) const {
  if (!bits_.empty()) {
    const int64_t i = int64_t{d} - first_;
    return i >= 0 && i < static_cast<int64_t>(bits_.size()) && bits_[static_cast<size_t>(i)];
  }
  return std::binary_search(sorted_.begin(), sorted_.end(), d);
}

WorkCalendar::WorkCalendar(const Calendar& cal, Date start)
    : workdays_(cal.workdays), holidays_(cal.holidays), working_(cal.working) {
  assert(std::find(workdays_.begin(), workdays_.end(), true) != workdays_.end());
  Date d = start;
  while (!IsWorking(d)) ++d;
  forward_.push_back(d);
}

bool WorkCalendar::IsWorking(Date d) const {
  if (working_.Contains(d)) return true;
  return workdays_[Weekday(d)] && !holidays_.Contains(d);
}

void WorkCalendar::ExtendForwardCount(size_t n) const {
  while (forward_.size() < n) {
    Date d = forward_.back() + 1;
    while (!IsWorking(d)) ++d;
    forward_.push_back(d);
  }
}

void WorkCalendar::ExtendForwardTo(Date d) const {
  while (forward_.back() < d) ExtendForwardCount(forward_.size() + 1);
}

Date WorkCalendar::DateOf(int k) const {
  if (k >= 0) {
    ExtendForwardCount(static_cast<size_t>(k) + 1);
    return forward_[k];
  }
  size_t i = static_cast<size_t>(-1 - k);
  while (backward_.size() <= i) {
    Date d = (backward_.empty() ? forward_[0] : backward_.back()) - 1;
    while (!IsWorking(d)) --d;
    backward_.push_back(d);
  }
  return backward_[i];
}

int WorkCalendar::OffStart(Date d) const {
  if (d <= forward_[0]) return 0;
  ExtendForwardTo(d);
  return static_cast<int>(std::lower_bound(forward_.begin(), forward_.end(), d) -
                          forward_.begin());
}

int WorkCalendar::CountWorking(Date first, Date last) const {
  int n = 0;
  for (Date d = first; d <= last; ++d) n += IsWorking(d) ? 1 : 0;
  return n;
}

}  // namespace rollout
