#include "engine/work_calendar.h"

#include <algorithm>
#include <cassert>

namespace rollout {
namespace {

std::vector<Date> Expand(const std::vector<DateRange>& ranges) {
  std::vector<Date> out;
  for (const DateRange& r : ranges)
    for (Date d = r.first; d <= r.last; ++d) out.push_back(d);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool Contains(const std::vector<Date>& sorted, Date d) {
  return std::binary_search(sorted.begin(), sorted.end(), d);
}

}  // namespace

WorkCalendar::WorkCalendar(const Calendar& cal, Date start)
    : workdays_(cal.workdays), holidays_(Expand(cal.holidays)), working_(Expand(cal.working)) {
  assert(std::find(workdays_.begin(), workdays_.end(), true) != workdays_.end());
  Date d = start;
  while (!IsWorking(d)) ++d;
  forward_.push_back(d);
}

bool WorkCalendar::IsWorking(Date d) const {
  if (Contains(working_, d)) return true;
  return workdays_[Weekday(d)] && !Contains(holidays_, d);
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
