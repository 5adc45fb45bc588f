#include "formats/mspdi_writer.h"

#include <libxml/xmlwriter.h>

#include <cstdio>
#include <map>
#include <memory>

#include "formats/xml_doc.h"
#include "po/messages.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

// The writer and its buffer, released together.
class XmlOut {
 public:
  XmlOut() : buf_(xmlBufferCreate()), w_(buf_ ? xmlNewTextWriterMemory(buf_, 0) : nullptr) {
    if (w_) {
      xmlTextWriterSetIndent(w_, 1);
      xmlTextWriterSetIndentString(w_, BAD_CAST "  ");
    }
  }
  ~XmlOut() {
    if (w_) xmlFreeTextWriter(w_);
    if (buf_) xmlBufferFree(buf_);
  }
  XmlOut(const XmlOut&) = delete;
  XmlOut& operator=(const XmlOut&) = delete;

  bool ok() const { return w_ != nullptr && ok_; }
  void Open(const char* name) { Check(xmlTextWriterStartElement(w_, BAD_CAST name)); }
  void Close() { Check(xmlTextWriterEndElement(w_)); }
  void Text(const char* name, const std::string& value) {
    const std::string safe = XmlSafe(value);
    Check(xmlTextWriterWriteElement(w_, BAD_CAST name, BAD_CAST safe.c_str()));
  }
  void Int(const char* name, long v) { Text(name, std::to_string(v)); }
  void Bool(const char* name, bool v) { Text(name, v ? "1" : "0"); }
  void Begin() {
    Check(xmlTextWriterStartDocument(w_, "1.0", "UTF-8", "yes"));
    Open("Project");
    Check(xmlTextWriterWriteAttribute(w_, BAD_CAST "xmlns",
                                      BAD_CAST "http://schemas.microsoft.com/project"));
  }
  std::string Finish() {
    Check(xmlTextWriterEndDocument(w_));
    xmlTextWriterFlush(w_);
    return ok() ? std::string(reinterpret_cast<const char*>(xmlBufferContent(buf_)),
                              static_cast<size_t>(xmlBufferLength(buf_)))
                : std::string();
  }

 private:
  void Check(int rc) {
    if (rc < 0) ok_ = false;
  }
  xmlBufferPtr buf_;
  xmlTextWriterPtr w_;
  bool ok_ = true;
};

std::string Clock(int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d:00", minute / 60, minute % 60);
  return buf;
}

std::string At(Date d, int minute) { return FormatDate(d) + "T" + Clock(minute); }

// PT#H#M#S of |days| working days of |minutes_per_day|.
std::string Duration(long days, int minutes_per_day) {
  const long m = days * minutes_per_day;
  return "PT" + std::to_string(m / 60) + "H" + std::to_string(m % 60) + "M0S";
}

int LinkTypeCode(LinkType t) {
  switch (t) {
    case LinkType::kFF:
      return 0;
    case LinkType::kFS:
      return 1;
    case LinkType::kSF:
      return 2;
    case LinkType::kSS:
      return 3;
  }
  return 1;
}

struct Ctx {
  const ExportView& v;
  const Calendar& cal;
  int mpd;  // minutes per day
  std::map<std::string, int> task_uid;
  std::map<std::string, int> person_uid;
};

void WorkingTimes(XmlOut& x, const Calendar& c) {
  x.Open("WorkingTimes");
  x.Open("WorkingTime");
  x.Text("FromTime", Clock(c.day_start_minute));
  x.Text("ToTime", Clock(c.day_end_minute));
  x.Close();
  x.Close();
}

void Exception(XmlOut& x, const Calendar& c, const DateRange& r, bool working, const char* name) {
  x.Open("Exception");
  x.Bool("EnteredByOccurrences", false);
  x.Open("TimePeriod");
  x.Text("FromDate", At(r.first, 0));
  x.Text("ToDate", FormatDate(r.last) + "T23:59:00");
  x.Close();
  x.Int("Occurrences", 1);
  x.Text("Name", name);
  x.Int("Type", 1);  // daily
  x.Bool("DayWorking", working);
  if (working) WorkingTimes(x, c);
  x.Close();
}

void PlanCalendar(XmlOut& x, const Calendar& c) {
  x.Open("Calendar");
  x.Int("UID", 1);
  x.Text("Name", "Standard");
  x.Bool("IsBaseCalendar", true);
  x.Open("WeekDays");
  for (int type = 1; type <= 7; ++type) {  // 1 = Sunday .. 7 = Saturday
    const bool working = c.workdays[static_cast<size_t>((type + 5) % 7)];
    x.Open("WeekDay");
    x.Int("DayType", type);
    x.Bool("DayWorking", working);
    if (working) WorkingTimes(x, c);
    x.Close();
  }
  x.Close();
  if (!c.holidays.empty() || !c.working.empty()) {
    x.Open("Exceptions");
    for (const DateRange& r : c.holidays) Exception(x, c, r, false, "Holiday");
    for (const DateRange& r : c.working) Exception(x, c, r, true, "Working day");
    x.Close();
  }
  x.Close();
}

// One calendar per person with days off: the plan calendar plus the days off.
void PersonCalendars(XmlOut& x, const Ctx& k) {
  for (const Person& p : k.v.plan->people) {
    if (p.off.empty()) continue;
    x.Open("Calendar");
    x.Int("UID", 1 + k.person_uid.at(p.id));
    x.Text("Name", p.name.empty() ? p.id : p.name);
    x.Bool("IsBaseCalendar", false);
    x.Int("BaseCalendarUID", 1);
    x.Open("Exceptions");
    for (const DateRange& r : p.off) Exception(x, k.cal, r, false, "Day off");
    x.Close();
    x.Close();
  }
}

void Header(XmlOut& x, const Ctx& k) {
  const Plan& plan = *k.v.plan;
  const Date first = k.v.cal->day0();
  const Date last = k.v.cal->DateOf(std::max(0, k.v.schedule->finish - 1));
  int week = 0;
  for (bool w : k.cal.workdays) week += w ? 1 : 0;
  x.Int("SaveVersion", 12);
  x.Text("Name", plan.id + ".xml");
  x.Text("Title", plan.title.empty() ? plan.id : plan.title);
  x.Bool("ScheduleFromStart", true);
  x.Text("StartDate", At(first, k.cal.day_start_minute));
  x.Text("FinishDate", At(last, k.cal.day_end_minute));
  x.Text("CurrencyCode", "RUB");
  x.Int("CalendarUID", 1);
  x.Text("DefaultStartTime", Clock(k.cal.day_start_minute));
  x.Text("DefaultFinishTime", Clock(k.cal.day_end_minute));
  x.Int("MinutesPerDay", k.mpd);
  x.Int("MinutesPerWeek", k.mpd * week);
  x.Int("DaysPerMonth", 20);
  x.Int("DurationFormat", 7);
  x.Bool("HonorConstraints", true);
  if (k.v.today) x.Text("StatusDate", At(*k.v.today, k.cal.day_end_minute));
}

void Baseline(XmlOut& x, const Ctx& k, const ExportTask& e) {
  if (!e.baseline_start || !e.baseline_finish) return;
  x.Open("Baseline");
  x.Int("Number", 0);
  x.Text("Start", At(*e.baseline_start, k.cal.day_start_minute));
  x.Text("Finish", At(*e.baseline_finish, k.cal.day_end_minute));
  x.Text("Duration", Duration(e.baseline_duration, k.mpd));
  x.Int("DurationFormat", 7);
  x.Close();
}

// MS Project refuses finish-to-finish and start-to-finish links to a summary
// task; the plan means them for every task inside (plan-format.md §3), so
// they are written on each leaf below the group instead.
bool OnLeaves(const Task& owner, const Link& l) {
  return owner.is_group && (l.type == LinkType::kFF || l.type == LinkType::kSF);
}

void Link1(XmlOut& x, const Ctx& k, const Link& l) {
  auto it = k.task_uid.find(l.task);
  if (it == k.task_uid.end()) return;
  x.Open("PredecessorLink");
  x.Int("PredecessorUID", it->second);
  x.Int("Type", LinkTypeCode(l.type));
  x.Int("LinkLag", static_cast<long>(l.lag) * k.mpd * 10);
  x.Int("LagFormat", 7);
  x.Close();
}

void Links(XmlOut& x, const Ctx& k, const Task& t) {
  for (const Link& l : t.after)
    if (!OnLeaves(t, l)) Link1(x, k, l);
  if (t.is_group) return;
  for (int g = t.parent; g >= 0; g = k.v.plan->tasks[static_cast<size_t>(g)].parent) {
    const Task& group = k.v.plan->tasks[static_cast<size_t>(g)];
    for (const Link& l : group.after)
      if (OnLeaves(group, l)) Link1(x, k, l);
  }
}

void OneTask(XmlOut& x, const Ctx& k, int i, const std::string& outline) {
  const Task& t = k.v.plan->tasks[i];
  const TaskTimes& tt = k.v.schedule->tasks[i];
  const ExportTask& e = k.v.tasks[i];
  const bool milestone = !t.is_group && tt.ef == tt.es;
  const int start_min = milestone && tt.es > 0 ? k.cal.day_end_minute : k.cal.day_start_minute;
  x.Open("Task");
  x.Int("UID", k.task_uid.at(t.id));
  x.Int("ID", i + 1);
  x.Text("Name", t.name.empty() ? t.id : t.name);
  x.Int("Type", 1);  // fixed duration
  x.Bool("IsNull", false);
  x.Text("WBS", outline);
  x.Text("OutlineNumber", outline);
  x.Int("OutlineLevel", OutlineLevel(*k.v.plan, i));
  x.Text("Start", At(e.start, start_min));
  x.Text("Finish",
         At(e.finish, milestone && tt.es == 0 ? k.cal.day_start_minute : k.cal.day_end_minute));
  x.Text("Duration", Duration(tt.ef - tt.es, k.mpd));
  x.Int("DurationFormat", 7);
  x.Bool("Estimated", false);
  x.Bool("Milestone", milestone);
  x.Bool("Summary", t.is_group);
  x.Bool("Critical", tt.critical);
  if (k.v.from_database) {
    x.Int("PercentComplete", e.percent_complete);
    if (e.actual_start) x.Text("ActualStart", At(*e.actual_start, k.cal.day_start_minute));
    if (e.actual_finish) x.Text("ActualFinish", At(*e.actual_finish, k.cal.day_end_minute));
  }
  x.Int("ConstraintType", t.not_before ? 4 : 0);  // 4 = start no earlier than
  if (t.not_before) x.Text("ConstraintDate", At(*t.not_before, k.cal.day_start_minute));
  if (t.deadline) x.Text("Deadline", At(*t.deadline, k.cal.day_end_minute));
  std::string notes = t.notes;
  if (!t.deliverable.empty()) notes += (notes.empty() ? "" : "\n") + t.deliverable;
  if (!notes.empty()) x.Text("Notes", notes);
  Links(x, k, t);
  Baseline(x, k, e);
  x.Close();
}

void Resources(XmlOut& x, const Ctx& k) {
  x.Open("Resources");
  for (const Person& p : k.v.plan->people) {
    x.Open("Resource");
    x.Int("UID", k.person_uid.at(p.id));
    x.Int("ID", k.person_uid.at(p.id));
    x.Text("Name", p.name.empty() ? p.id : p.name);
    x.Int("Type", 1);  // work
    x.Bool("IsNull", false);
    x.Text("Initials", p.id);
    std::string roles;
    for (const std::string& r : p.roles) roles += (roles.empty() ? "" : ", ") + r;
    if (!roles.empty()) x.Text("Group", roles);
    x.Text("MaxUnits", "1.00");
    if (!p.off.empty()) x.Int("CalendarUID", 1 + k.person_uid.at(p.id));
    x.Close();
  }
  x.Close();
}

void Assignments(XmlOut& x, const Ctx& k) {
  x.Open("Assignments");
  int uid = 0;
  for (size_t i = 0; i < k.v.plan->tasks.size(); ++i) {
    const Task& t = k.v.plan->tasks[i];
    if (t.is_group || t.gate) continue;
    for (const std::string& person : k.v.tasks[i].assigned) {
      auto it = k.person_uid.find(person);
      if (it == k.person_uid.end()) continue;
      x.Open("Assignment");
      x.Int("UID", ++uid);
      x.Int("TaskUID", k.task_uid.at(t.id));
      x.Int("ResourceUID", it->second);
      x.Text("Units", "1");
      x.Close();
    }
  }
  x.Close();
}

}  // namespace

std::string XmlSafe(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        out += VisibleText(std::string_view(reinterpret_cast<const char*>(p), 1));
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++p;
      continue;
    }
    const size_t n = Utf8SequenceLength(p, end);
    if (n == 0) {
      out += VisibleText(std::string_view(reinterpret_cast<const char*>(p), 1));
      ++p;
      continue;
    }
    out.append(reinterpret_cast<const char*>(p), n);
    p += n;
  }
  return out;
}

Result<std::string> WriteMspdi(const ExportView& view) {
  const Calendar& cal = view.plan->calendar;
  Ctx k{view, cal, std::max(1, cal.day_end_minute - cal.day_start_minute), {}, {}};
  for (size_t i = 0; i < view.plan->tasks.size(); ++i)
    k.task_uid[view.plan->tasks[i].id] = static_cast<int>(i) + 1;
  for (size_t i = 0; i < view.plan->people.size(); ++i)
    k.person_uid[view.plan->people[i].id] = static_cast<int>(i) + 1;
  XmlOut x;
  if (!x.ok()) {
    const std::string why = LibXml2LoadError();
    return MakeError(ErrorCode::kFailure,
                     why.empty() ? Tr("cannot create the XML writer (out of memory)") : why);
  }
  x.Begin();
  Header(x, k);
  x.Open("Calendars");
  PlanCalendar(x, cal);
  PersonCalendars(x, k);
  x.Close();
  x.Open("Tasks");
  const std::vector<std::string> outline = OutlineNumbers(*view.plan);
  for (size_t i = 0; i < view.plan->tasks.size(); ++i)
    OneTask(x, k, static_cast<int>(i), outline[i]);
  x.Close();
  Resources(x, k);
  Assignments(x, k);
  std::string out = x.Finish();
  if (!x.ok()) return MakeError(ErrorCode::kFailure, Tr("the XML writer failed (out of memory)"));
  return out;
}

}  // namespace rollout
