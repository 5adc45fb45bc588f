// The plan reader proper, written once over a document node (YamlNode or
// JsonNode). It checks shapes, keys and scalar syntax; plan_validator.cc
// checks what needs the whole plan (references, counts, cycles).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "engine/plan.h"
#include "engine/spellcheck.h"
#include "workflows/source_node.h"

namespace rollout {
namespace {

const std::vector<std::string_view> kTopKeys = {
    "plan", "title", "start", "timezone", "remind_days", "levelled",
    "calendar", "roles", "people", "metrics", "tasks"};
const std::vector<std::string_view> kTaskKeys = {
    "id", "name", "duration", "after", "needs", "assignee", "not_before",
    "deadline", "gate", "deliverable", "notes", "tasks"};
const std::vector<std::string_view> kGroupKeys = {"id", "name", "after", "tasks", "deliverable",
                                                  "notes"};
const std::vector<std::string_view> kCalendarKeys = {"workdays", "hours", "holidays", "working"};
const std::vector<std::string_view> kPersonKeys = {"id", "name", "roles", "off"};
const std::vector<std::string_view> kNamedKeys = {"name"};
const std::vector<std::string_view> kLinkKeys = {"task", "type", "lag"};
const std::vector<std::string_view> kGateKeys = {"approve", "metrics"};
const std::vector<std::string_view> kCriterionKeys = {"metric", "min", "max"};
const std::vector<std::string_view> kWeekdays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

bool Contains(const std::vector<std::string_view>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool ParseInt(std::string_view s, int* out) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

bool IsValidPlanId(std::string_view id) {
  auto ok = [](char c, bool first) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           (!first && (c == '.' || c == '_' || c == '-'));
  };
  if (id.empty() || !ok(id[0], true)) return false;
  return std::all_of(id.begin() + 1, id.end(), [&](char c) { return ok(c, false); });
}

template <typename Node>
class TreeReader {
 public:
  explicit TreeReader(Plan* plan) : plan_(plan) {}

  Errors Read(const Node& root) {
    if (root.IsNull()) {
      Add(root.loc(), "the plan file is empty", "a plan needs at least 'plan', 'start' and 'tasks'");
      return std::move(errors_);
    }
    if (!root.IsMap()) {
      Add(root.loc(), std::string("expected a map of plan keys at the top, got ") + Kind(root),
          "start the file with 'plan: ID', 'start: DATE' and 'tasks:'");
      return std::move(errors_);
    }
    bool has_plan = false, has_start = false, has_tasks = false;
    Node tasks;
    root.ForEach([&](const std::string& key, Loc kloc, const Node& v) {
      if (!CheckKey(key, kloc, kTopKeys, "the plan")) return;
      if (key == "plan") {
        has_plan = true;
        plan_->id = Str(v, "plan");
        if (v.IsScalar() && !IsValidPlanId(plan_->id))
          Add(v.loc(), "invalid plan id '" + plan_->id + "'",
              "use letters, digits, '.', '_' and '-', starting with a letter or digit");
      } else if (key == "title") {
        plan_->title = Str(v, "title");
      } else if (key == "start") {
        has_start = true;
        DateOf(v, "start", &plan_->start);
      } else if (key == "timezone") {
        ReadTimezone(v);
      } else if (key == "remind_days") {
        int d = 0;
        if (IntOf(v, "remind_days", &d) && d < 0)
          Add(v.loc(), "remind_days must not be negative, got " + std::to_string(d));
        plan_->remind_days = d;
      } else if (key == "levelled") {
        plan_->levelled = BoolOf(v, "levelled");
      } else if (key == "calendar") {
        ReadCalendar(v);
      } else if (key == "roles") {
        ReadNamedMap(v, "roles", [&](std::string id, std::string name) {
          plan_->roles.push_back({std::move(id), std::move(name)});
        });
      } else if (key == "metrics") {
        ReadNamedMap(v, "metrics", [&](std::string id, std::string name) {
          plan_->metrics.push_back({std::move(id), std::move(name)});
        });
      } else if (key == "people") {
        ReadPeople(v);
      } else if (key == "tasks") {
        has_tasks = true;
        tasks = v;
      }
    });
    if (!has_plan) Add(root.loc(), "the plan has no 'plan' key", "add 'plan: ID' at the top");
    if (!has_start) Add(root.loc(), "the plan has no 'start' date", "add 'start: YYYY-MM-DD'");
    if (!has_tasks) Add(root.loc(), "the plan has no 'tasks'", "add a 'tasks:' list");
    if (has_tasks) {
      plan_->tasks.reserve(CountTasks(tasks));
      ReadTaskList(tasks, -1);
    }
    return std::move(errors_);
  }

 private:
  void Add(Loc loc, std::string message, std::string hint = "") {
    errors_.push_back({loc, std::move(message), std::move(hint)});
  }

  static const char* Kind(const Node& n) {
    if (n.IsMap()) return "a map";
    if (n.IsSeq()) return "a list";
    if (n.IsNull()) return "nothing";
    return "a scalar";
  }

  bool CheckKey(const std::string& key, Loc loc, const std::vector<std::string_view>& allowed,
                const std::string& where) {
    if (Contains(allowed, key)) return true;
    std::string hint = DidYouMean(key, allowed);
    if (hint.empty()) {
      hint = "allowed keys:";
      for (std::string_view k : allowed) hint += " " + std::string(k);
    }
    Add(loc, "unknown key '" + key + "' in " + where, hint);
    return false;
  }

  bool ExpectScalar(const Node& v, const std::string& what) {
    if (v.IsScalar()) return true;
    Add(v.loc(), "expected a value for '" + what + "', got " + Kind(v));
    return false;
  }

  std::string Str(const Node& v, const std::string& what) {
    return ExpectScalar(v, what) ? v.Scalar() : "";
  }

  bool IntOf(const Node& v, const std::string& what, int* out) {
    if (!ExpectScalar(v, what)) return false;
    if (ParseInt(v.Scalar(), out)) return true;
    Add(v.loc(), "expected an integer for '" + what + "', got '" + v.Scalar() + "'");
    return false;
  }

  bool BoolOf(const Node& v, const std::string& what) {
    if (!ExpectScalar(v, what)) return false;
    const std::string s = v.Scalar();
    if (s == "true") return true;
    if (s != "false") Add(v.loc(), "expected true or false for '" + what + "', got '" + s + "'");
    return false;
  }

  bool DateOf(const Node& v, const std::string& what, Date* out) {
    if (!ExpectScalar(v, what)) return false;
    if (ParseDate(v.Scalar(), out)) return true;
    Add(v.loc(), "invalid date '" + v.Scalar() + "' for '" + what + "'",
        "dates are YYYY-MM-DD and must exist");
    return false;
  }

  // Working days: N, "Nd" or "Nw" (5 days); negative allowed only for lags.
  bool DaysOf(const Node& v, const std::string& what, int* out) {
    if (!ExpectScalar(v, what)) return false;
    std::string s = v.Scalar();
    int mult = 1;
    if (!s.empty() && (s.back() == 'd' || s.back() == 'w')) {
      mult = s.back() == 'w' ? 5 : 1;
      s.pop_back();
    }
    int n = 0;
    if (!ParseInt(s, &n)) {
      Add(v.loc(), "invalid " + what + " '" + v.Scalar() + "'",
          "write working days as 5, \"5d\" or \"2w\" (a week is 5 days)");
      return false;
    }
    *out = n * mult;
    return true;
  }

  // A date or an inclusive range "A..B".
  void RangesOf(const Node& v, const std::string& what, std::vector<DateRange>* out) {
    if (!v.IsSeq()) {
      Add(v.loc(), "expected a list of dates for '" + what + "', got " + Kind(v));
      return;
    }
    for (size_t i = 0; i < v.size(); ++i) {
      Node e = v.At(i);
      if (!ExpectScalar(e, what)) continue;
      const std::string s = e.Scalar();
      const auto dots = s.find("..");
      DateRange r;
      bool ok = dots == std::string::npos
                    ? ParseDate(s, &r.first) && (r.last = r.first, true)
                    : ParseDate(s.substr(0, dots), &r.first) &&
                          ParseDate(s.substr(dots + 2), &r.last);
      if (!ok) {
        Add(e.loc(), "invalid date '" + s + "' in '" + what + "'",
            "write YYYY-MM-DD or an inclusive range \"YYYY-MM-DD..YYYY-MM-DD\" of dates that exist");
      } else if (r.last < r.first) {
        Add(e.loc(), "date range '" + s + "' ends before it starts");
      } else {
        out->push_back(r);
      }
    }
  }

  // A scalar or a list of scalars.
  std::vector<std::string> Names(const Node& v, const std::string& what) {
    std::vector<std::string> out;
    if (v.IsScalar()) {
      out.push_back(v.Scalar());
    } else if (v.IsSeq()) {
      for (size_t i = 0; i < v.size(); ++i)
        if (ExpectScalar(v.At(i), what)) out.push_back(v.At(i).Scalar());
    } else {
      Add(v.loc(), "expected a name or a list of names for '" + what + "', got " + Kind(v));
    }
    return out;
  }

  void ReadTimezone(const Node& v) {
    const std::string tz = Str(v, "timezone");
    if (!v.IsScalar()) return;
    try {
      date::locate_zone(tz);
      plan_->timezone = tz;
    } catch (const std::exception&) {
      std::vector<std::string_view> names;
      try {
        for (const auto& z : date::get_tzdb().zones) names.push_back(z.name());
      } catch (const std::exception&) {
      }
      std::string hint = DidYouMean(tz, names);
      Add(v.loc(), "unknown time zone '" + tz + "'",
          hint.empty() ? "use an IANA name such as Europe/Moscow or UTC" : hint);
    }
  }

  void ReadCalendar(const Node& v) {
    if (!v.IsMap()) {
      Add(v.loc(), std::string("expected a map for 'calendar', got ") + Kind(v));
      return;
    }
    Calendar& cal = plan_->calendar;
    v.ForEach([&](const std::string& key, Loc kloc, const Node& e) {
      if (!CheckKey(key, kloc, kCalendarKeys, "'calendar'")) return;
      if (key == "workdays") {
        ReadWorkdays(e, kloc);
      } else if (key == "hours") {
        ReadHours(e);
      } else if (key == "holidays") {
        RangesOf(e, "holidays", &cal.holidays);
      } else {
        RangesOf(e, "working", &cal.working);
      }
    });
  }

  void ReadWorkdays(const Node& e, Loc kloc) {
    Calendar& cal = plan_->calendar;
    cal.workdays.fill(false);
    for (const std::string& d : Names(e, "workdays")) {
      auto it = std::find(kWeekdays.begin(), kWeekdays.end(), d);
      if (it == kWeekdays.end()) {
        Add(e.loc(), "unknown weekday '" + d + "' in 'workdays'",
            "use mon, tue, wed, thu, fri, sat, sun");
        continue;
      }
      cal.workdays[it - kWeekdays.begin()] = true;
    }
    if (std::none_of(cal.workdays.begin(), cal.workdays.end(), [](bool b) { return b; }))
      Add(kloc, "the calendar has no working day", "list at least one day in 'workdays'");
  }

  void ReadHours(const Node& e) {
    const std::string s = Str(e, "hours");
    int h1 = 0, m1 = 0, h2 = 0, m2 = 0;
    bool ok = s.size() == 11 && s[2] == ':' && s[5] == '-' && s[8] == ':' &&
              ParseInt(s.substr(0, 2), &h1) && ParseInt(s.substr(3, 2), &m1) &&
              ParseInt(s.substr(6, 2), &h2) && ParseInt(s.substr(9, 2), &m2) && h1 < 24 &&
              m1 < 60 && h2 <= 24 && m2 < 60 && h1 * 60 + m1 < h2 * 60 + m2 &&
              h2 * 60 + m2 <= 24 * 60;
    if (!ok) {
      if (e.IsScalar())
        Add(e.loc(), "invalid working hours '" + s + "'", "write \"HH:MM-HH:MM\", e.g. \"09:00-18:00\"");
      return;
    }
    plan_->calendar.day_start_minute = h1 * 60 + m1;
    plan_->calendar.day_end_minute = h2 * 60 + m2;
  }

  template <typename Fn>
  void ReadNamedMap(const Node& v, const std::string& what, Fn&& add) {
    if (!v.IsMap()) {
      Add(v.loc(), "expected a map of ids for '" + what + "', got " + Kind(v));
      return;
    }
    v.ForEach([&](const std::string& id, Loc, const Node& e) {
      std::string name;
      if (e.IsMap()) {
        e.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
          if (CheckKey(key, kloc, kNamedKeys, "'" + what + "." + id + "'")) name = Str(x, "name");
        });
      } else if (!e.IsNull()) {
        Add(e.loc(), "expected a map such as {name: \"...\"} for '" + what + "." + id + "'");
      }
      add(id, name);
    });
  }

  void ReadPeople(const Node& v) {
    if (!v.IsSeq()) {
      Add(v.loc(), std::string("expected a list for 'people', got ") + Kind(v));
      return;
    }
    for (size_t i = 0; i < v.size(); ++i) {
      Node e = v.At(i);
      if (!e.IsMap()) {
        Add(e.loc(), std::string("expected a map for a person, got ") + Kind(e));
        continue;
      }
      Person p;
      p.loc = e.loc();
      e.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
        if (!CheckKey(key, kloc, kPersonKeys, "a person")) return;
        if (key == "id") {
          p.id = Str(x, "id");
          p.loc = x.loc();
        } else if (key == "name") {
          p.name = Str(x, "name");
        } else if (key == "roles") {
          p.roles = Names(x, "roles");
        } else {
          RangesOf(x, "off", &p.off);
        }
      });
      if (p.id.empty()) Add(e.loc(), "a person has no 'id'", "add 'id: ...'");
      plan_->people.push_back(std::move(p));
    }
  }

  // Tasks and groups in list |v| and below, to size Plan::tasks once.
  static size_t CountTasks(const Node& v) {
    if (!v.IsSeq()) return 0;
    size_t n = v.size();
    for (size_t i = 0; i < v.size(); ++i) {
      const Node e = v.At(i);
      if (!e.IsMap()) continue;
      e.ForEach([&](const std::string& key, Loc, const Node& x) {
        if (key == "tasks") n += CountTasks(x);
      });
    }
    return n;
  }

  void ReadTaskList(const Node& v, int parent) {
    if (!v.IsSeq()) {
      Add(v.loc(), std::string("expected a list for 'tasks', got ") + Kind(v));
      return;
    }
    for (size_t i = 0; i < v.size(); ++i) ReadTask(v.At(i), parent);
  }

  void ReadTask(const Node& e, int parent) {
    if (!e.IsMap()) {
      Add(e.loc(), std::string("expected a map for a task, got ") + Kind(e));
      return;
    }
    const int index = static_cast<int>(plan_->tasks.size());
    plan_->tasks.emplace_back();
    plan_->tasks[index].parent = parent;
    plan_->tasks[index].loc = e.loc();
    if (parent >= 0) plan_->tasks[parent].children.push_back(index);
    bool is_group = false;
    Node children;
    Loc duration_loc;
    e.ForEach([&](const std::string& key, Loc, const Node& x) {
      if (key == "tasks") {
        is_group = true;
        children = x;
      }
      if (key == "duration") duration_loc = x.loc();
    });
    plan_->tasks[index].is_group = is_group;
    e.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
      ReadTaskKey(index, key, kloc, x);
    });
    Task& t = plan_->tasks[index];
    if (t.id.empty()) Add(e.loc(), "a task has no 'id'", "add 'id: ...' (unique among all tasks)");
    if (!is_group) CheckLeaf(t, duration_loc);
    if (is_group) ReadTaskList(children, index);
  }

  void CheckLeaf(Task& t, Loc duration_loc) {
    if (t.gate) {
      if (t.has_duration && t.duration != 0)
        Add(duration_loc, "gate '" + t.id + "' has duration " + std::to_string(t.duration),
            "a gate has duration 0; remove 'duration'");
      t.duration = 0;
      t.has_duration = true;
      return;
    }
    if (!t.has_duration)
      Add(t.loc, "task '" + t.id + "' has no 'duration'",
          "add 'duration: N' in working days, or 'duration: 0' for a milestone");
  }

  void ReadTaskKey(int index, const std::string& key, Loc kloc, const Node& x) {
    Task& t = plan_->tasks[index];
    const std::string where = t.is_group ? "a group" : "a task";
    if (t.is_group && Contains(kTaskKeys, key) && !Contains(kGroupKeys, key)) {
      Add(kloc, "a group cannot have '" + key + "'",
          "a group takes only id, name, after, tasks, deliverable and notes; put '" + key +
              "' on its tasks");
      return;
    }
    if (!CheckKey(key, kloc, t.is_group ? kGroupKeys : kTaskKeys, where)) return;
    if (key == "id") {
      t.id = Str(x, "id");
      t.loc = x.loc();
      if (x.IsScalar() && t.id.empty()) Add(x.loc(), "empty task id");
    } else if (key == "name") {
      t.name = Str(x, "name");
    } else if (key == "duration") {
      int d = 0;
      if (DaysOf(x, "duration", &d) && d < 0)
        Add(x.loc(), "negative duration " + std::to_string(d), "durations are >= 0");
      t.duration = std::max(0, d);
      t.has_duration = true;  // even when invalid: reported above, not as missing
    } else if (key == "after") {
      ReadLinks(t, x);
    } else if (key == "needs") {
      ReadNeeds(t, x);
    } else if (key == "assignee") {
      t.assignee = Names(x, "assignee");
      t.assignee_loc = x.loc();
    } else if (key == "not_before") {
      Date d = 0;
      if (DateOf(x, "not_before", &d)) t.not_before = d;
    } else if (key == "deadline") {
      Date d = 0;
      if (DateOf(x, "deadline", &d)) t.deadline = d;
    } else if (key == "gate") {
      ReadGate(t, x);
    } else if (key == "deliverable") {
      t.deliverable = Str(x, "deliverable");
    } else if (key == "notes") {
      t.notes = Str(x, "notes");
    }
  }

  void ReadLinks(Task& t, const Node& v) {
    if (v.IsScalar()) {
      t.after.push_back({v.Scalar(), LinkType::kFS, 0, v.loc()});
      return;
    }
    if (!v.IsSeq()) {
      Add(v.loc(), std::string("expected a list for 'after', got ") + Kind(v));
      return;
    }
    t.after.reserve(t.after.size() + v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      Node e = v.At(i);
      Link l;
      l.loc = e.loc();
      if (e.IsScalar()) {
        l.task = e.Scalar();
        t.after.push_back(std::move(l));
        continue;
      }
      if (!e.IsMap()) {
        Add(e.loc(), "expected a task id or {task, type, lag} in 'after', got " +
                         std::string(Kind(e)));
        continue;
      }
      e.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
        if (!CheckKey(key, kloc, kLinkKeys, "a link")) return;
        if (key == "task") {
          l.task = Str(x, "task");
          l.loc = x.loc();
        } else if (key == "type") {
          ReadLinkType(x, &l.type);
        } else {
          DaysOf(x, "lag", &l.lag);
        }
      });
      if (l.task.empty()) {
        Add(e.loc(), "a link has no 'task'", "write {task: ID, type: FS, lag: 0}");
        continue;
      }
      t.after.push_back(std::move(l));
    }
  }

  void ReadLinkType(const Node& x, LinkType* out) {
    std::string s = Str(x, "type");
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    static const std::vector<std::string_view> kTypes = {"FS", "SS", "FF", "SF"};
    auto it = std::find(kTypes.begin(), kTypes.end(), s);
    if (it == kTypes.end()) {
      if (x.IsScalar())
        Add(x.loc(), "unknown link type '" + x.Scalar() + "'", "use FS, SS, FF or SF");
      return;
    }
    *out = static_cast<LinkType>(it - kTypes.begin());
  }

  void ReadNeeds(Task& t, const Node& v) {
    if (!v.IsMap()) {
      Add(v.loc(), std::string("expected a map {role: count} for 'needs', got ") + Kind(v));
      return;
    }
    v.ForEach([&](const std::string& role, Loc kloc, const Node& x) {
      int n = 0;
      if (!IntOf(x, "needs." + role, &n)) return;
      if (n < 0) {
        Add(x.loc(), "negative count " + std::to_string(n) + " for role '" + role + "'");
        return;
      }
      t.needs.push_back({role, n, kloc});
    });
  }

  void ReadGate(Task& t, const Node& v) {
    Gate g;
    g.loc = v.loc();
    if (v.IsScalar()) {
      if (BoolOf(v, "gate")) t.gate = g;
      return;
    }
    if (!v.IsMap()) {
      Add(v.loc(), std::string("expected true or a map for 'gate', got ") + Kind(v));
      return;
    }
    v.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
      if (!CheckKey(key, kloc, kGateKeys, "a gate")) return;
      if (key == "approve") {
        g.approve = Names(x, "approve");
      } else if (!x.IsSeq()) {
        Add(x.loc(), std::string("expected a list of criteria for 'metrics', got ") + Kind(x));
      } else {
        for (size_t i = 0; i < x.size(); ++i) ReadCriterion(x.At(i), &g);
      }
    });
    t.gate = std::move(g);
  }

  void ReadCriterion(const Node& e, Gate* g) {
    if (!e.IsMap()) {
      Add(e.loc(), "expected {metric, min} or {metric, max}, got " + std::string(Kind(e)));
      return;
    }
    MetricCriterion c;
    c.loc = e.loc();
    e.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
      if (!CheckKey(key, kloc, kCriterionKeys, "a gate criterion")) return;
      if (key == "metric") {
        c.metric = Str(x, "metric");
        c.loc = x.loc();
        return;
      }
      const std::string s = Str(x, key);
      char* end = nullptr;
      double d = std::strtod(s.c_str(), &end);
      if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(d)) {
        if (x.IsScalar()) Add(x.loc(), "expected a number for '" + key + "', got '" + s + "'");
        return;
      }
      (key == "min" ? c.min : c.max) = d;
    });
    if (c.metric.empty()) {
      Add(e.loc(), "a gate criterion has no 'metric'", "write {metric: ID, min: N}");
    } else if (!c.min && !c.max) {
      Add(e.loc(), "criterion on '" + c.metric + "' has neither 'min' nor 'max'");
    } else {
      g->metrics.push_back(std::move(c));
    }
  }

  Plan* plan_;
  Errors errors_;
};

}  // namespace

template <typename Node>
Errors ReadPlanTree(const Node& root, Plan* plan) {
  return TreeReader<Node>(plan).Read(root);
}

template Errors ReadPlanTree<YamlNode>(const YamlNode&, Plan*);
template Errors ReadPlanTree<JsonNode>(const JsonNode&, Plan*);
template Errors ReadPlanTree<FlatJsonNode>(const FlatJsonNode&, Plan*);

}  // namespace rollout
