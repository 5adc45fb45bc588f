// The project calendar of an MSPDI file, as rollout's one plan calendar.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "formats/mspdi_reader.h"
#include "po/messages.h"

namespace rollout {
namespace {

std::string Clock(int m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
  return buf;
}

// The span of a day's working times: first FromTime to last ToTime.
bool Span(const xmlNode* holder, int* from, int* to) {
  bool any = false;
  for (const xmlNode* wt : Children(Child(holder, "WorkingTimes"), "WorkingTime")) {
    int f = 0, t = 0;
    if (!ParseMspdiTime(ChildText(wt, "FromTime"), false, &f) ||
        !ParseMspdiTime(ChildText(wt, "ToTime"), true, &t) || t <= f)
      continue;
    *from = any ? std::min(*from, f) : f;
    *to = any ? std::max(*to, t) : t;
    any = true;
  }
  return any;
}

bool Range(const xmlNode* holder, DateRange* r) {
  const xmlNode* tp = Child(holder, "TimePeriod");
  return tp && ParseMspdiDateTime(ChildText(tp, "FromDate"), &r->first, nullptr) &&
         ParseMspdiDateTime(ChildText(tp, "ToDate"), &r->last, nullptr) && r->first <= r->last;
}

struct Reader {
  Calendar cal;
  bool hours_set = false;
  std::vector<ImportWarning>* warnings;
  std::string name;

  void Warn(const xmlNode* at, const std::string& m) {
    warnings->push_back({LineOf(at), Tr("calendar '{0}': {1}", name, m)});
  }

  void WeekDay(const xmlNode* wd) {
    const int type = std::atoi(ChildText(wd, "DayType", "-1").c_str());
    const bool working = ChildText(wd, "DayWorking") == "1";
    if (type == 0) {  // Project 2003: an exception as a week day with a period
      DateRange r;
      if (!Range(wd, &r)) return Warn(wd, Tr("an exception without a valid TimePeriod is ignored"));
      (working ? cal.working : cal.holidays).push_back(r);
      return;
    }
    if (type < 1 || type > 7)
      return Warn(wd, Tr("a WeekDay with DayType {0} is ignored", ChildText(wd, "DayType")));
    cal.workdays[static_cast<size_t>((type + 5) % 7)] = working;
    int f = 0, t = 0;
    if (!working || !Span(wd, &f, &t)) return;
    if (!hours_set) {
      cal.day_start_minute = f;
      cal.day_end_minute = t;
      hours_set = true;
    } else if (f != cal.day_start_minute || t != cal.day_end_minute) {
      Warn(wd, Tr("working hours differ between week days; {0}-{1} is used for every day (dates do "
                  "not depend on it)",
                  Clock(cal.day_start_minute), Clock(cal.day_end_minute)));
    }
  }

  void Exception(const xmlNode* ex) {
    DateRange r;
    const std::string label = ChildText(ex, "Name");
    if (!Range(ex, &r))
      return Warn(ex, label.empty()
                          ? Tr("an exception without a valid TimePeriod is ignored")
                          : Tr("exception '{0}' without a valid TimePeriod is ignored", label));
    const std::string type = ChildText(ex, "Type", "1");
    const std::string period = ChildText(ex, "Period", "1");
    if (type != "1" || (period != "1" && period != "0")) {
      return Warn(ex,
                  label.empty()
                      ? Tr("an exception recurs (Type {0}, Period {1}), which the plan calendar "
                           "cannot express; it is not imported: enter its dates as holidays",
                           type, period)
                      : Tr("exception '{0}' recurs (Type {1}, Period {2}), which the plan calendar "
                           "cannot express; it is not imported: enter its dates as holidays",
                           label, type, period));
    }
    (ChildText(ex, "DayWorking") == "1" ? cal.working : cal.holidays).push_back(r);
  }

  void Apply(const xmlNode* c) {
    for (const xmlNode* wd : Children(Child(c, "WeekDays"), "WeekDay")) WeekDay(wd);
    for (const xmlNode* ex : Children(Child(c, "Exceptions"), "Exception")) Exception(ex);
    if (Child(c, "WorkWeeks") && !Children(Child(c, "WorkWeeks"), "WorkWeek").empty())
      Warn(Child(c, "WorkWeeks"), Tr("work weeks (other weeks for some periods) are not imported"));
  }
};

}  // namespace

Calendar ReadMspdiCalendar(const xmlNode* project, std::vector<ImportWarning>* warnings) {
  std::map<std::string, const xmlNode*> by_uid;
  const std::vector<xmlNode*> cals = Children(Child(project, "Calendars"), "Calendar");
  for (const xmlNode* c : cals) by_uid[ChildText(c, "UID")] = c;
  Reader r;
  r.warnings = warnings;
  // MS Project's Standard calendar, for files that carry no calendar.
  r.cal.day_start_minute = 8 * 60;
  r.cal.day_end_minute = 17 * 60;
  auto it = by_uid.find(ChildText(project, "CalendarUID", "1"));
  if (it == by_uid.end()) {
    if (cals.empty()) return r.cal;
    it = by_uid.find(ChildText(cals.front(), "UID"));
  }
  // The chain project calendar -> base calendar, applied from the base up.
  std::vector<const xmlNode*> chain;
  for (const xmlNode* c = it->second; c && chain.size() < 8;) {
    chain.push_back(c);
    auto base = by_uid.find(ChildText(c, "BaseCalendarUID", "-1"));
    c = base == by_uid.end() || base->second == c ? nullptr : base->second;
  }
  for (auto c = chain.rbegin(); c != chain.rend(); ++c) {
    r.name = ChildText(*c, "Name");
    r.Apply(*c);
  }
  return r.cal;
}

bool ParseMspdiTime(const std::string& text, bool end, int* minute) {
  if (text.size() < 5 || text[2] != ':') return false;
  const int h = std::atoi(text.substr(0, 2).c_str());
  const int m = std::atoi(text.substr(3, 2).c_str());
  if (h < 0 || h > 24 || m < 0 || m > 59 || !std::isdigit(static_cast<unsigned char>(text[0])))
    return false;
  *minute = h * 60 + m;
  if (end && *minute == 0) *minute = 24 * 60;
  return *minute <= 24 * 60;
}

bool ParseMspdiDateTime(const std::string& text, Date* date, int* minute) {
  if (text.size() < 10 || !ParseDate(text.substr(0, 10), date)) return false;
  if (minute) *minute = 0;
  if (text.size() == 10) return true;
  if (text[10] != 'T' && text[10] != ' ') return false;
  int m = 0;
  if (!ParseMspdiTime(text.substr(11), false, &m)) return false;
  if (minute) *minute = m;
  return true;
}

}  // namespace rollout
