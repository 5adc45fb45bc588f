#include "formats/mspdi_reader.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "engine/plan_validator.h"
#include "po/messages.h"

namespace rollout {
namespace {

// MS Project's names of its constraint types (a Russian MS Project says
// «Как можно раньше», «Фиксированное начало», …).
const char* const kConstraintNames[8] = {NC_("MS Project constraint", "as soon as possible"),
                                         NC_("MS Project constraint", "as late as possible"),
                                         NC_("MS Project constraint", "must start on"),
                                         NC_("MS Project constraint", "must finish on"),
                                         NC_("MS Project constraint", "start no earlier than"),
                                         NC_("MS Project constraint", "start no later than"),
                                         NC_("MS Project constraint", "finish no earlier than"),
                                         NC_("MS Project constraint", "finish no later than")};

bool ParseLong(const std::string& text, long long* out) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return false;
  *out = v;
  return true;
}

// PT#H#M#S (also P#DT..., fractions of seconds) as minutes; false if malformed.
bool ParseDurationMinutes(const std::string& text, double* minutes) {
  if (text.size() < 2 || text[0] != 'P') return false;
  double total = 0;
  bool in_time = false;
  size_t i = 1;
  while (i < text.size()) {
    if (text[i] == 'T') {
      in_time = true;
      ++i;
      continue;
    }
    char* end = nullptr;
    const double v = std::strtod(text.c_str() + i, &end);
    const size_t used = static_cast<size_t>(end - (text.c_str() + i));
    if (used == 0 || i + used >= text.size() || v < 0) return false;
    const char unit = text[i + used];
    if (unit == 'D' && !in_time)
      total += v * 24 * 60;
    else if (unit == 'H' && in_time)
      total += v * 60;
    else if (unit == 'M' && in_time)
      total += v;
    else if (unit == 'S' && in_time)
      total += v / 60;
    else
      return false;
    i += used + 1;
  }
  *minutes = total;
  return total < 1e12;
}

bool IsElapsedFormat(long long f) {
  return f == 4 || f == 6 || f == 8 || f == 10 || f == 12 || f == 20 || f == 36 || f == 38 ||
         f == 40 || f == 42 || f == 44 || f == 52;
}

struct Row {  // one MSPDI task
  const xmlNode* node = nullptr;
  long long uid = 0;
  int level = 1;
  int index = -1;  // in plan.tasks
};

class MspdiReader {
 public:
  MspdiReader(const xmlNode* project, const std::string& plan_id) : project_(project) {
    out_.plan.id = plan_id;
  }

  Result<ImportedPlan> Read() {
    Header();
    out_.plan.calendar = ReadMspdiCalendar(project_, &out_.warnings);
    Tasks();
    if (!errors_.empty()) return errors_;
    Links();
    Resources();
    Assignments();
    if (!errors_.empty()) return errors_;
    return std::move(out_);
  }

 private:
  std::string Named(int i) const {
    const Task& t = out_.plan.tasks[static_cast<size_t>(i)];
    return t.name.empty() ? Tr("task '{0}'", t.id) : Tr("task '{0}' ('{1}')", t.id, t.name);
  }
  void Warn(const xmlNode* at, int task, const std::string& m) {
    out_.warnings.push_back({LineOf(at), (task >= 0 ? Named(task) + ": " : "") + m});
  }
  void Fail(const xmlNode* at, const std::string& m, const std::string& hint = "") {
    errors_.push_back(Error{{LineOf(at), 1}, m, hint});
  }
  long long Number(const xmlNode* node, const char* name, long long fallback) {
    const xmlNode* c = Child(node, name);
    if (!c) return fallback;
    long long v = 0;
    if (!ParseLong(TextOf(c), &v) || v < -1000000000LL || v > 1000000000000LL) {
      Fail(c, Tr("<{0}> is not an integer: '{1}'", name, TextOf(c)));
      return fallback;
    }
    return v;
  }
  bool DateOf(const xmlNode* node, const char* name, Date* d, int* minute) {
    const xmlNode* c = Child(node, name);
    if (!c || TextOf(c).empty() || TextOf(c) == "NA") return false;
    if (!ParseMspdiDateTime(TextOf(c), d, minute) || *d < kMinDate || *d > kMaxDate) {
      Fail(c, Tr("<{0}> is not a date and time (YYYY-MM-DDTHH:MM:SS): '{1}'", name, TextOf(c)));
      return false;
    }
    return true;
  }

  void Header() {
    Plan& p = out_.plan;
    p.title = ChildText(project_, "Title");
    if (p.title.empty()) p.title = ChildText(project_, "Name");
    minutes_per_day_ = static_cast<int>(Number(project_, "MinutesPerDay", 480));
    if (minutes_per_day_ <= 0 || minutes_per_day_ > 24 * 60) {
      Fail(Child(project_, "MinutesPerDay"), Tr("MinutesPerDay must be 1..1440"));
      minutes_per_day_ = 480;
    }
    int minute = 0;
    if (!DateOf(project_, "StartDate", &p.start, &minute)) {
      if (errors_.empty())
        Fail(project_, Tr("the project has no <StartDate>"),
             Tr("MS Project writes one; is the project scheduled from its finish date?"));
    }
    if (ChildText(project_, "ScheduleFromStart", "1") == "0")
      Warn(Child(project_, "ScheduleFromStart"), -1,
           Tr("the project is scheduled from its finish date; rollout schedules from the start "
              "date"));
  }

  int Days(const xmlNode* t, int index) {
    double minutes = 0;
    const std::string text = ChildText(t, "Duration", "PT0H0M0S");
    if (!ParseDurationMinutes(text, &minutes)) {
      Fail(Child(t, "Duration"), Tr("<Duration> is not a duration (PT#H#M#S): '{0}'", text));
      return 0;
    }
    const long long format = Number(t, "DurationFormat", 7);
    double per_day = minutes_per_day_;
    if (IsElapsedFormat(format)) {
      per_day = 24 * 60;
      Warn(t, index,
           Tr("an elapsed duration ({0}) is imported as working days of the calendar", text));
    }
    const double days = minutes / per_day;
    const long long whole = static_cast<long long>(std::ceil(days - 1e-9));
    if (std::fabs(days - std::round(days)) > 1e-9)
      Warn(
          Child(t, "Duration"), index,
          Tr("duration {0} is {1} working days of {2} minutes; rounded up to {3} (rollout plans in "
             "whole days)",
             text, std::to_string(days).substr(0, std::to_string(days).find('.') + 3),
             minutes_per_day_, whole));
    if (whole > kMaxDuration) {
      Fail(Child(t, "Duration"),
           TrN("duration {0} is longer than {1} working day",
               "duration {0} is longer than {1} working days", kMaxDuration, text, kMaxDuration));
      return 0;
    }
    return static_cast<int>(whole);
  }

  void Constraint(const xmlNode* t, int index) {
    Task& task = out_.plan.tasks[static_cast<size_t>(index)];
    const long long type = Number(t, "ConstraintType", 0);
    Date d = 0;
    int minute = 0;
    const bool dated = DateOf(t, "ConstraintDate", &d, &minute);
    if (type == 0) return;
    if (type < 0 || type > 7)
      return Warn(t, index, Tr("unknown ConstraintType {0} is ignored", type));
    const std::string name = TrC("MS Project constraint", kConstraintNames[type]);
    if (type == 4 && dated) {
      // A start no earlier than the end of a working day means the next day.
      task.not_before = minute >= out_.plan.calendar.day_end_minute ? d + 1 : d;
      return;
    }
    if (type == 2 && dated) {
      task.not_before = d;
      return Warn(t, index,
                  Tr("constraint '{0}' {1} is imported as 'start no earlier than' (not_before); "
                     "the task may "
                     "start later",
                     name, HumanDate(FormatDate(d))));
    }
    if (type == 7 && dated) {
      if (!task.deadline || d < *task.deadline) task.deadline = d;
      return Warn(t, index,
                  Tr("constraint '{0}' {1} is imported as a deadline: it shows as negative float, "
                     "it does not "
                     "move the task",
                     name, HumanDate(FormatDate(d))));
    }
    Warn(
        t, index,
        dated
            ? Tr("constraint '{0}' {1} is not supported; the task is scheduled as soon as possible",
                 name, HumanDate(FormatDate(d)))
            : Tr("constraint '{0}' is not supported; the task is scheduled as soon as possible",
                 name));
  }

  void Unsupported(const xmlNode* t, int index) {
    if (ChildText(t, "Manual") == "1")
      Warn(Child(t, "Manual"), index,
           Tr("a manually scheduled task is imported as automatically scheduled; its dates may "
              "move"));
    if (ChildText(t, "PercentComplete", "0") != "0" || Child(t, "ActualStart") ||
        Child(t, "ActualFinish"))
      Warn(t, index,
           Tr("progress (ActualStart, ActualFinish, PercentComplete) is not imported; record it in "
              "the database"));
    for (const char* cost : {"Cost", "FixedCost", "ActualCost"}) {
      const std::string v = ChildText(t, cost, "0");
      if (!v.empty() && std::strtod(v.c_str(), nullptr) != 0) {
        Warn(Child(t, cost), index, Tr("costs are not imported"));
        break;
      }
    }
    if (Number(t, "CalendarUID", -1) >= 0)
      Warn(Child(t, "CalendarUID"), index,
           Tr("a task calendar is not imported; the plan calendar is used"));
    if (Number(t, "LevelingDelay", 0) != 0)
      Warn(Child(t, "LevelingDelay"), index, Tr("a levelling delay is not imported"));
    if (ChildText(t, "IsSubproject") == "1" || ChildText(t, "ExternalTask") == "1")
      Warn(t, index, Tr("an inserted project or external task is imported as a plain task"));
  }

  void Tasks() {
    Plan& p = out_.plan;
    for (const xmlNode* t : Children(Child(project_, "Tasks"), "Task")) {
      if (ChildText(t, "IsNull") == "1") continue;
      Row r;
      r.node = t;
      if (!Child(t, "UID")) {
        Fail(t, Tr("a <Task> has no <UID>"));
        continue;
      }
      r.uid = Number(t, "UID", -1);
      r.level = static_cast<int>(Number(t, "OutlineLevel", 1));
      if (r.level <= 0 || r.uid < 0) continue;  // the project summary task (UID 0)
      if (r.level > 100) {
        Fail(Child(t, "OutlineLevel"), Tr("OutlineLevel {0} is deeper than 100", r.level));
        continue;
      }
      if (!uid_index_.emplace(r.uid, static_cast<int>(rows_.size())).second) {
        Fail(Child(t, "UID"), Tr("task UID {0} appears twice", r.uid));
        continue;
      }
      rows_.push_back(r);
    }
    // Parents from the outline levels: the nearest earlier task one level up.
    std::vector<int> open;  // row index per level - 1
    p.tasks.resize(rows_.size());
    for (size_t i = 0; i < rows_.size(); ++i) {
      Row& r = rows_[i];
      r.index = static_cast<int>(i);
      Task& task = p.tasks[i];
      task.id = "t" + std::to_string(r.uid);
      task.name = ChildText(r.node, "Name");
      task.loc = {LineOf(r.node), 1};
      const int level = std::min(r.level, static_cast<int>(open.size()) + 1);
      open.resize(static_cast<size_t>(level - 1));
      task.parent = open.empty() ? -1 : open.back();
      if (task.parent >= 0) {
        p.tasks[static_cast<size_t>(task.parent)].is_group = true;
        p.tasks[static_cast<size_t>(task.parent)].children.push_back(static_cast<int>(i));
      }
      open.push_back(static_cast<int>(i));
    }
    for (size_t i = 0; i < rows_.size(); ++i) OneTask(static_cast<int>(i));
  }

  void OneTask(int i) {
    const xmlNode* t = rows_[static_cast<size_t>(i)].node;
    Task& task = out_.plan.tasks[static_cast<size_t>(i)];
    if (ChildText(t, "Summary") == "1" && !task.is_group)
      Warn(t, i, Tr("a summary task without subtasks is imported as a task"));
    if (!task.is_group) {
      task.duration = Days(t, i);
      task.has_duration = true;
    }
    Date d = 0;
    int minute = 0;
    if (DateOf(t, "Deadline", &d, &minute)) task.deadline = d;
    Constraint(t, i);
    Unsupported(t, i);
    task.notes = ChildText(t, "Notes");
    if (task.is_group && (task.not_before || task.deadline)) PushDown(i);
  }

  // A summary task's constraint or deadline holds for every task below it;
  // the plan format puts it on the leaves (the later date, the earlier deadline).
  void PushDown(int group) {
    Plan& p = out_.plan;
    Task& g = p.tasks[static_cast<size_t>(group)];
    for (int c : g.children) {
      Task& t = p.tasks[static_cast<size_t>(c)];
      if (g.not_before && (!t.not_before || *t.not_before < *g.not_before))
        t.not_before = g.not_before;
      if (g.deadline && (!t.deadline || *g.deadline < *t.deadline)) t.deadline = g.deadline;
      if (t.is_group) PushDown(c);
    }
    g.not_before.reset();
    g.deadline.reset();
  }

  // Lag of |link| in working days; warns when it is not whole days.
  int Lag(const xmlNode* link, int task) {
    const long long tenths = Number(link, "LinkLag", 0);
    const long long format = Number(link, "LagFormat", 7);
    const double minutes = static_cast<double>(tenths) / 10.0;
    if (format == 19 || format == 20 || format == 51 || format == 52) {
      Warn(link, task,
           Tr("a lag in percent of the predecessor's duration is not supported; lag 0 is used"));
      return 0;
    }
    double days = minutes / minutes_per_day_;
    if (IsElapsedFormat(format)) {
      days = minutes / (24 * 60);
      Warn(link, task,
           TrN("an elapsed lag is imported as {0} working day",
               "an elapsed lag is imported as {0} working days", std::llabs(std::llround(days)),
               static_cast<long long>(std::llround(days))));
    } else if (std::fabs(days - std::round(days)) > 1e-9) {
      Warn(link, task,
           Tr("a lag of {0} minutes is not whole working days; rounded to {1}",
              static_cast<long long>(minutes), static_cast<long long>(std::llround(days))));
    }
    const long long lag = std::llround(days);
    if (lag > kMaxLag || lag < -kMaxLag) {
      Fail(Child(link, "LinkLag"),
           TrN("a lag of {0} working day is out of range",
               "a lag of {0} working days is out of range", std::llabs(lag), lag));
      return 0;
    }
    return static_cast<int>(lag);
  }

  void Links() {
    Plan& p = out_.plan;
    for (const Row& r : rows_) {
      for (const xmlNode* l : Children(r.node, "PredecessorLink")) {
        if (ChildText(l, "CrossProject") == "1") {
          Warn(l, r.index,
               Tr("a link to another project ({0}) is not imported",
                  ChildText(l, "CrossProjectName")));
          continue;
        }
        const long long pred_uid = Number(l, "PredecessorUID", -1);
        auto it = uid_index_.find(pred_uid);
        if (it == uid_index_.end()) {
          Fail(Child(l, "PredecessorUID") ? Child(l, "PredecessorUID") : l,
               Tr("task UID {0} links to unknown task UID {1}", r.uid, pred_uid));
          continue;
        }
        const long long type = Number(l, "Type", 1);
        if (type < 0 || type > 3) {
          Fail(Child(l, "Type"),
               Tr("link Type must be 0 (FF), 1 (FS), 2 (SF) or 3 (SS), got {0}", type));
          continue;
        }
        static const LinkType kTypes[4] = {LinkType::kFF, LinkType::kFS, LinkType::kSF,
                                           LinkType::kSS};
        Link link;
        link.task = p.tasks[static_cast<size_t>(it->second)].id;
        link.type = kTypes[type];
        link.lag = Lag(l, r.index);
        link.loc = {LineOf(l), 1};
        if (p.tasks[static_cast<size_t>(it->second)].is_group &&
            (link.type == LinkType::kSS || link.type == LinkType::kSF)) {
          Warn(
              l, r.index,
              link.type == LinkType::kSS
                  ? Tr("a start-to-start link from summary task '{0}' is not supported (a group's "
                       "start "
                       "is its earliest task's); the link is not imported: link from the summary's "
                       "first "
                       "task instead",
                       link.task)
                  : Tr("a start-to-finish link from summary task '{0}' is not supported (a group's "
                       "start is its earliest task's); the link is not imported: link from the "
                       "summary's first task instead",
                       link.task));
          continue;
        }
        p.tasks[static_cast<size_t>(r.index)].after.push_back(link);
      }
    }
  }

  void Resources() {
    Plan& p = out_.plan;
    for (const xmlNode* res : Children(Child(project_, "Resources"), "Resource")) {
      if (ChildText(res, "IsNull") == "1") continue;
      const long long uid = Number(res, "UID", -1);
      if (uid <= 0) continue;  // UID 0: MS Project's placeholder resource
      const std::string name = ChildText(res, "Name");
      const long long type = Number(res, "Type", 1);
      if (type != 1) {
        out_.warnings.push_back(
            {LineOf(res),
             type == 0
                 ? Tr("resource '{0}' is a material resource; only work resources become people",
                      name)
                 : Tr("resource '{0}' is a cost resource; only work resources become people",
                      name)});
        continue;
      }
      Person person;
      person.id = "r" + std::to_string(uid);
      person.name = name;
      const long long cal = Number(res, "CalendarUID", -1);
      if (cal >= 0) DaysOff(cal, res, &person);
      if (!person_uid_.emplace(uid, person.id).second) {
        Fail(Child(res, "UID"), Tr("resource UID {0} appears twice", uid));
        continue;
      }
      p.people.push_back(std::move(person));
    }
  }

  // A resource calendar's non-working days become the person's `off`
  // dates; what else it says (other week days or hours, working
  // exceptions, recurring exceptions) is a warning.
  void DaysOff(long long uid, const xmlNode* res, Person* person) {
    const xmlNode* cal = nullptr;
    for (const xmlNode* c : Children(Child(project_, "Calendars"), "Calendar"))
      if (ChildText(c, "UID") == std::to_string(uid)) cal = c;
    if (!cal) return;
    bool other = false;
    // A non-working period of |tp| becomes a range of person->off (once);
    // anything else the calendar says is |other|.
    const auto take_off = [&](bool non_working, const xmlNode* tp) {
      DateRange r;
      if (non_working && tp && ParseMspdiDateTime(ChildText(tp, "FromDate"), &r.first, nullptr) &&
          ParseMspdiDateTime(ChildText(tp, "ToDate"), &r.last, nullptr) && r.first <= r.last) {
        if (std::none_of(person->off.begin(), person->off.end(), [&](const DateRange& x) {
              return x.first == r.first && x.last == r.last;
            }))
          person->off.push_back(r);
      } else {
        other = true;
      }
    };
    for (const xmlNode* wd : Children(Child(cal, "WeekDays"), "WeekDay"))
      take_off(ChildText(wd, "DayType") == "0" && ChildText(wd, "DayWorking") != "1",
               Child(wd, "TimePeriod"));
    for (const xmlNode* ex : Children(Child(cal, "Exceptions"), "Exception"))
      take_off(ChildText(ex, "DayWorking") != "1" && ChildText(ex, "Type", "1") == "1",
               Child(ex, "TimePeriod"));
    if (other)
      out_.warnings.push_back({LineOf(res), Tr("resource '{0}': its calendar's own week days, "
                                               "hours, working or recurring exceptions are "
                                               "not imported (only its days off are)",
                                               person->name)});
  }

  void Assignments() {
    Plan& p = out_.plan;
    for (const xmlNode* a : Children(Child(project_, "Assignments"), "Assignment")) {
      const long long task_uid = Number(a, "TaskUID", -1);
      const long long res_uid = Number(a, "ResourceUID", -1);
      auto t = uid_index_.find(task_uid);
      auto r = person_uid_.find(res_uid);
      if (t == uid_index_.end() || r == person_uid_.end())
        continue;  // unassigned, material, summary 0
      Task& task = p.tasks[static_cast<size_t>(t->second)];
      if (task.is_group) {
        Warn(a, t->second, Tr("an assignment to a summary task is not imported"));
        continue;
      }
      if (std::find(task.assignee.begin(), task.assignee.end(), r->second) == task.assignee.end())
        task.assignee.push_back(r->second);
    }
  }

  const xmlNode* project_;
  ImportedPlan out_;
  Errors errors_;
  int minutes_per_day_ = 480;
  std::vector<Row> rows_;
  std::map<long long, int> uid_index_;
  std::map<long long, std::string> person_uid_;
};

}  // namespace

Result<ImportedPlan> ReadMspdi(const std::string& text, const std::string& plan_id) {
  Result<XmlDoc> doc = XmlDoc::Parse(text, kMaxMspdiBytes, kMaxMspdiElements);
  if (!doc.ok()) return doc.errors();
  const xmlNode* root = doc.value().root();
  if (std::string(reinterpret_cast<const char*>(root->name)) != "Project")
    return Error{
        {LineOf(root), 1},
        Tr("the root element is <{0}>, not <Project>", reinterpret_cast<const char*>(root->name)),
        Tr("expected an MS Project XML file (in MS Project: File > Save As > XML)")};
  return MspdiReader(root, plan_id).Read();
}

}  // namespace rollout
