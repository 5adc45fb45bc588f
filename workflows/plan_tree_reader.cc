// The plan reader proper, written once over a document node (FlatNode,
// YamlNode or JsonNode). It checks shapes, keys and scalar syntax; plan_validator.cc
// checks what needs the whole plan (references, counts, cycles).
#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "engine/email_address.h"
#include "engine/plan.h"
#include "engine/plan_validator.h"
#include "engine/spellcheck.h"
#include "workflows/source_node.h"
#include "workflows/zone_name.h"

namespace rollout {
namespace {

const std::vector<std::string_view> kTopKeys = {
    "plan", "title", "start", "timezone", "remind_days", "slip_threshold", "levelled",
    "calendar", "roles", "people", "metrics", "tasks", "risk"};
const std::vector<std::string_view> kTaskKeys = {
    "id", "name", "duration", "estimate", "after", "needs", "assignee", "not_before",
    "deadline", "gate", "deliverable", "notes", "renamed_from", "tasks"};
const std::vector<std::string_view> kGroupKeys = {"id", "name", "after", "tasks", "deliverable",
                                                  "notes", "renamed_from"};
const std::vector<std::string_view> kCalendarKeys = {"workdays", "hours", "holidays", "working"};
const std::vector<std::string_view> kPersonKeys = {"id", "name", "roles", "off", "email", "lang"};
const std::vector<std::string_view> kNamedKeys = {"name"};
const std::vector<std::string_view> kLinkKeys = {"task", "type", "lag"};
const std::vector<std::string_view> kGateKeys = {"approve", "metrics"};
const std::vector<std::string_view> kCriterionKeys = {"metric", "min", "max"};
const std::vector<std::string_view> kEstimateKeys = {"min", "likely", "max"};
const std::vector<std::string_view> kRiskKeys = {"distribution", "iterations", "seed"};
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


// ---------------------------------------------------------------- ids

const char kIdHint[] =
    "an id takes letters (Latin or Cyrillic), digits, '.', '_' and '-', and starts with a "
    "letter or a digit";

enum class Script : uint8_t { kNone, kLatin, kCyrillic };

// Decodes one UTF-8 code point at |*i|; -1 on a malformed sequence.
int32_t NextCodePoint(std::string_view s, size_t* i) {
  const auto b = static_cast<unsigned char>(s[*i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || *i + len > s.size()) {
    ++*i;
    return -1;
  }
  int32_t cp = len == 1 ? b : b & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[*i + k]);
    if ((c & 0xC0) != 0x80) {
      ++*i;
      return -1;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  *i += len;
  return cp;
}

Script ScriptOf(int32_t cp) {
  if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) return Script::kLatin;
  // The Cyrillic block's letters (U+0482..U+0489 are signs and combining marks).
  if ((cp >= 0x400 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4FF)) return Script::kCyrillic;
  return Script::kNone;
}

// "" when |id| is a valid id (docs/plan-format.md "Decisions"), else the hint.
std::string IdProblem(std::string_view id) {
  Script word = Script::kNone;  // the script of the current word's first letter
  bool first = true;
  int n = 0;
  for (size_t i = 0; i < id.size();) {
    const size_t at = i;
    const int32_t cp = NextCodePoint(id, &i);
    ++n;
    const Script script = cp < 0 ? Script::kNone : ScriptOf(cp);
    const bool digit = cp >= '0' && cp <= '9';
    const bool sep = cp == '.' || cp == '_' || cp == '-';
    if (script == Script::kNone && !digit && !(sep && !first)) return kIdHint;
    first = false;
    if (sep) {
      word = Script::kNone;
    } else if (script != Script::kNone) {
      if (word == Script::kNone) {
        word = script;
      } else if (script != word) {
        const bool cyr = script == Script::kCyrillic;
        return "character " + std::to_string(n) + " ('" + std::string(id.substr(at, i - at)) +
               "') is a " + (cyr ? "Cyrillic" : "Latin") + " letter in a " +
               (cyr ? "Latin" : "Cyrillic") +
               " word; a word of an id is all Latin or all Cyrillic";
      }
    }
  }
  return first ? kIdHint : "";
}

// |s| with control characters, DEL, malformed UTF-8 and line separators
// escaped, so that a message never carries them to a terminal or a log.
std::string Printable(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const size_t at = i;
    const int32_t cp = NextCodePoint(s, &i);
    char buf[16];
    if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0 || cp < 0x20 || cp == 0x7F) {
      for (size_t k = at; k < i; ++k) {
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(s[k]));
        out += buf;
      }
    } else if ((cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(s.substr(at, i - at));
    }
  }
  return out;
}

// A whole number of working days as written: "5", "5d", "2w". |*huge| when
// it does not fit the limits at all (the value is then clamped).
bool ParseDays(std::string s, long long* out, bool* huge) {
  long long mult = 1;
  if (!s.empty() && (s.back() == 'd' || s.back() == 'w')) {
    mult = s.back() == 'w' ? 5 : 1;
    s.pop_back();
  }
  std::string_view v = s;
  if (!v.empty() && v[0] == '+') v.remove_prefix(1);
  long long n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || p != v.data() + v.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    *huge = true;
    *out = v[0] == '-' ? LLONG_MIN / 8 : LLONG_MAX / 8;
    return true;
  }
  if (ec != std::errc()) return false;
  *huge = n > LLONG_MAX / 8 || n < LLONG_MIN / 8;
  *out = *huge ? (n < 0 ? LLONG_MIN / 8 : LLONG_MAX / 8) : n * mult;
  return true;
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
      } else if (key == "slip_threshold") {
        int d = 1;
        if (IntOf(v, "slip_threshold", &d) && d < 0)
          Add(v.loc(), "slip_threshold must not be negative, got " + std::to_string(d),
              "working days a forecast must move before a new slip alert; default 1");
        plan_->slip_threshold = std::max(0, d);
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
      } else if (key == "risk") {
        ReadRisk(v);
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

  // An id that a plan defines or refers to; false (and reported) if invalid.
  bool CheckId(const std::string& id, Loc loc, const char* what) {
    if (id.empty()) return true;  // reported where it matters ("has no 'id'")
    std::string hint = IdProblem(id);
    if (hint.empty()) return true;
    Add(loc, std::string("invalid ") + what + " id '" + Printable(id) + "'", std::move(hint));
    return false;
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
    if (ParseDate(v.Scalar(), out)) {
      if (InWindow(*out)) return true;
      OutOfWindow(v.loc(), v.Scalar(), "for '" + what + "'");
      return false;
    }
    Add(v.loc(), "invalid date '" + v.Scalar() + "' for '" + what + "'",
        "dates are YYYY-MM-DD and must exist");
    return false;
  }

  // Working days: N, "Nd" or "Nw" (5 days); negative allowed only for lags.
  // The value is checked against its limit by the caller, who knows the task.
  bool DaysOf(const Node& v, const std::string& what, long long* out) {
    if (!ExpectScalar(v, what)) return false;
    bool huge = false;
    if (!ParseDays(v.Scalar(), out, &huge)) {
      Add(v.loc(), "invalid " + what + " '" + v.Scalar() + "'",
          "write working days as 5, \"5d\" or \"2w\" (a week is 5 days)");
      return false;
    }
    return true;
  }

  // The days as a number ("-1w" is -5), or as written when too large to hold.
  static std::string DaysText(const Node& v, long long days) {
    return days == LLONG_MAX / 8 || days == LLONG_MIN / 8 ? v.Scalar() : std::to_string(days);
  }

  bool InWindow(Date d) const { return d >= kMinDate && d <= kMaxDate; }

  void OutOfWindow(Loc loc, const std::string& text, const std::string& where) {
    Add(loc, "date '" + text + "' " + where + " is outside 1900-01-01..9999-12-31",
        "a plan's dates lie between 1900-01-01 and 9999-12-31");
  }

  // A date or an inclusive range "A..B".
  void RangesOf(const Node& v, const std::string& what, std::vector<DateRange>* out,
                int64_t* days_left) {
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
      } else if (!InWindow(r.first) || !InWindow(r.last)) {
        OutOfWindow(e.loc(), s, "in '" + what + "'");
      } else if (r.last < r.first) {
        Add(e.loc(), "date range '" + s + "' ends before it starts");
      } else if ((*days_left -= int64_t{r.last} - r.first + 1) < 0) {
        if (*days_left + (int64_t{r.last} - r.first + 1) >= 0)  // the first range past it
          Add(e.loc(),
              "the plan's '" + what + "' dates add up to more than " +
                  std::to_string(what == "off" ? kMaxOffDays : kMaxCalendarDays) + " days",
              what == "off" ? "the off days of all people may add up to " +
                                  std::to_string(kMaxOffDays) + " days"
                            : "holidays and working dates may add up to " +
                                  std::to_string(kMaxCalendarDays) +
                                  " days; merge ranges that overlap");
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

  // Names() of ids that the plan refers to: invalid ones are reported and left out.
  std::vector<std::string> Ids(const Node& v, const std::string& what, const char* kind) {
    std::vector<std::string> out;
    auto take = [&](const Node& e) {
      if (CheckId(e.Scalar(), e.loc(), kind)) out.push_back(e.Scalar());
    };
    if (v.IsScalar()) {
      take(v);
    } else if (v.IsSeq()) {
      for (size_t i = 0; i < v.size(); ++i)
        if (ExpectScalar(v.At(i), what)) take(v.At(i));
    } else {
      Add(v.loc(), "expected a name or a list of names for '" + what + "', got " + Kind(v));
    }
    return out;
  }

  void ReadTimezone(const Node& v) {
    const std::string tz = Str(v, "timezone");
    if (!v.IsScalar()) return;
    if (ListedZoneFile(tz)) {  // what locate_zone would find, without the database
      plan_->timezone = tz;
      return;
    }
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
        RangesOf(e, "holidays", &cal.holidays, &calendar_days_left_);
      } else {
        RangesOf(e, "working", &cal.working, &calendar_days_left_);
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
    v.ForEach([&](const std::string& id, Loc id_loc, const Node& e) {
      CheckId(id, id_loc, what == "roles" ? "role" : "metric");
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
          CheckId(p.id, x.loc(), "person");
        } else if (key == "name") {
          p.name = Str(x, "name");
        } else if (key == "roles") {
          p.roles = Ids(x, "roles", "role");
        } else if (key == "email") {
          p.email = Str(x, "email");
          std::string problem = x.IsScalar() ? EmailAddressProblem(p.email) : "";
          if (!problem.empty()) {
            Add(x.loc(), "invalid e-mail address '" + Printable(p.email) + "': " + problem,
                "give one address such as anna@example.com, on one line");
            p.email.clear();
          }
        } else if (key == "lang") {
          p.lang = Str(x, "lang");
          if (p.lang != "en" && p.lang != "ru") {
            Add(x.loc(), "unknown language '" + Printable(p.lang) + "'", "use en or ru");
            p.lang.clear();
          }
        } else {
          RangesOf(x, "off", &p.off, &off_days_left_);
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
    estimate_ = {};
    e.ForEach([&](const std::string& key, Loc, const Node& x) {
      if (key == "tasks") {
        is_group = true;
        children = x;
      }
      if (key == "duration") duration_loc = x.loc();
    });
    plan_->tasks[index].is_group = is_group;
    pending_.clear();
    e.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
      ReadTaskKey(index, key, kloc, x);
    });
    Task& t = plan_->tasks[index];
    for (const PendingDays& p : pending_) {
      if (p.link_task.empty())
        Add(p.loc,
            "task '" + t.id + "' has duration " + p.text + ", more than " +
                std::to_string(kMaxDuration) + " working days",
            "a duration is 0.." + std::to_string(kMaxDuration) +
                " working days (about 400 years)");
      else
        Add(p.loc,
            "task '" + t.id + "' has lag " + p.text + " on its link from '" + p.link_task +
                "', outside -" + std::to_string(kMaxLag) + ".." + std::to_string(kMaxLag) +
                " working days",
            "a lag is -" + std::to_string(kMaxLag) + ".." + std::to_string(kMaxLag) +
                " working days");
    }
    if (t.id.empty()) Add(e.loc(), "a task has no 'id'", "add 'id: ...' (unique among all tasks)");
    if (!is_group) CheckEstimate(t, duration_loc);
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
      CheckId(t.id, x.loc(), "task");
    } else if (key == "name") {
      t.name = Str(x, "name");
    } else if (key == "duration") {
      long long d = 0;
      if (DaysOf(x, "duration", &d) && d < 0)
        Add(x.loc(), "negative duration " + DaysText(x, d), "durations are >= 0");
      if (d > kMaxDuration) pending_.push_back({x.loc(), DaysText(x, d), d, ""});
      t.duration = static_cast<int>(std::clamp<long long>(d, 0, kMaxDuration));
      t.has_duration = true;  // even when invalid: reported above, not as missing
    } else if (key == "after") {
      ReadLinks(t, x);
    } else if (key == "needs") {
      ReadNeeds(t, x);
    } else if (key == "assignee") {
      t.assignee = Ids(x, "assignee", "person");
      t.assignee_loc = x.loc();
    } else if (key == "not_before") {
      Date d = 0;
      if (DateOf(x, "not_before", &d)) t.not_before = d;
    } else if (key == "deadline") {
      Date d = 0;
      if (DateOf(x, "deadline", &d)) t.deadline = d;
      t.deadline_loc = x.loc();
    } else if (key == "gate") {
      ReadGate(t, x);
    } else if (key == "deliverable") {
      t.deliverable = Str(x, "deliverable");
    } else if (key == "notes") {
      t.notes = Str(x, "notes");
    } else if (key == "renamed_from") {
      t.renamed_from = Str(x, "renamed_from");
      t.renamed_loc = x.loc();
      if (x.IsScalar() && t.renamed_from.empty()) Add(x.loc(), "empty 'renamed_from'");
      CheckId(t.renamed_from, x.loc(), "task");
    } else if (key == "estimate") {
      ReadEstimate(x);
    }
  }

  void ReadLinks(Task& t, const Node& v) {
    if (v.IsScalar() && v.Scalar().find(',') != std::string::npos) {
      Add(v.loc(), "'after' of '" + t.id + "' is one text, '" + Printable(v.Scalar()) + "'",
          "list several tasks in brackets: after: [" + Printable(v.Scalar()) + "]");
      return;
    }
    if (v.IsScalar()) {
      if (CheckId(v.Scalar(), v.loc(), "task")) t.after.push_back({v.Scalar(), LinkType::kFS, 0, v.loc()});
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
        if (CheckId(l.task, l.loc, "task")) t.after.push_back(std::move(l));
        continue;
      }
      if (!e.IsMap()) {
        Add(e.loc(), "expected a task id or {task, type, lag} in 'after', got " +
                         std::string(Kind(e)));
        continue;
      }
      Node lag;
      e.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
        if (!CheckKey(key, kloc, kLinkKeys, "a link")) return;
        if (key == "task") {
          l.task = Str(x, "task");
          l.loc = x.loc();
        } else if (key == "type") {
          ReadLinkType(x, &l.type);
        } else {
          lag = x;
        }
      });
      if (l.task.empty()) {
        Add(e.loc(), "a link has no 'task'", "write {task: ID, type: FS, lag: 0}");
        continue;
      }
      if (!CheckId(l.task, l.loc, "task")) continue;
      long long days = 0;
      if (!lag.IsNull() && DaysOf(lag, "lag", &days)) {
        if (days > kMaxLag || days < -kMaxLag)
          pending_.push_back({lag.loc(), DaysText(lag, days), days, l.task});
        else
          l.lag = static_cast<int>(days);
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
      if (!CheckId(role, kloc, "role")) return;
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
        g.approve = Ids(x, "approve", "approver");
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
    bool bad_metric = false;
    e.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
      if (!CheckKey(key, kloc, kCriterionKeys, "a gate criterion")) return;
      if (key == "metric") {
        c.metric = Str(x, "metric");
        c.loc = x.loc();
        bad_metric = !CheckId(c.metric, c.loc, "metric");
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
    if (bad_metric) return;  // reported
    if (c.metric.empty()) {
      Add(e.loc(), "a gate criterion has no 'metric'", "write {metric: ID, min: N}");
    } else if (!c.min && !c.max) {
      Add(e.loc(), "criterion on '" + c.metric + "' has neither 'min' nor 'max'");
    } else {
      g->metrics.push_back(std::move(c));
    }
  }

  // ------------------------------------------------- risk (plan-format.md §8)

  // An `estimate` as read; checked by CheckEstimate once the task's id and
  // duration are known (JSON members come sorted: "estimate" before "id").
  struct PendingEstimate {
    bool present = false;
    bool valid = true;  // every point read (else reported already)
    Loc loc;
    std::array<long long, 3> days{0, 0, 0};
    std::array<Loc, 3> locs{};
    std::array<Node, 3> values;
    std::array<bool, 3> seen{false, false, false};
  };

  void ReadEstimate(const Node& v) {
    estimate_ = {};
    estimate_.present = true;
    estimate_.loc = v.loc();
    if (!v.IsMap()) {
      Add(v.loc(), std::string("expected a map {min, likely, max} for 'estimate', got ") + Kind(v),
          "write estimate: {min: A, likely: M, max: B} in working days");
      estimate_.valid = false;
      return;
    }
    v.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
      if (!CheckKey(key, kloc, kEstimateKeys, "an estimate")) {
        estimate_.valid = false;
        return;
      }
      const size_t k =
          std::find(kEstimateKeys.begin(), kEstimateKeys.end(), key) - kEstimateKeys.begin();
      estimate_.seen[k] = true;
      estimate_.locs[k] = x.loc();
      estimate_.values[k] = x;
      if (!DaysOf(x, "estimate " + key, &estimate_.days[k])) estimate_.valid = false;
    });
  }

  // The checks of an estimate that need the task: points present, within
  // 0..kMaxDuration, ordered, not on a gate, and `duration` equal to likely
  // when both are given (docs/risk.md "Decisions").
  void CheckEstimate(Task& t, Loc duration_loc) {
    const PendingEstimate& e = estimate_;
    if (!e.present) return;
    if (t.gate) {
      Add(e.loc, "gate '" + t.id + "' cannot have an estimate",
          "a gate has duration 0; remove 'estimate'");
      return;
    }
    const bool had_duration = t.has_duration;
    t.has_duration = true;  // an estimate gives the duration; its problems are reported here
    if (!e.valid) return;
    bool ok = true;
    for (size_t k = 0; k < 3; ++k) {
      const std::string point(kEstimateKeys[k]);
      if (!e.seen[k]) {
        Add(e.loc, "the estimate of task '" + t.id + "' has no '" + point + "'",
            "write estimate: {min: A, likely: M, max: B} in working days");
        ok = false;
      } else if (e.days[k] < 0 || e.days[k] > kMaxDuration) {
        Add(e.locs[k],
            "task '" + t.id + "' has estimate " + point + " " + DaysText(e.values[k], e.days[k]) +
                ", outside 0.." + std::to_string(kMaxDuration) + " working days",
            "an estimate's points are 0.." + std::to_string(kMaxDuration) + " working days");
        ok = false;
      }
    }
    if (!ok) return;
    const auto [lo, likely, hi] = e.days;
    if (lo > likely || likely > hi) {
      Add(e.loc,
          "the estimate of task '" + t.id + "' is not min <= likely <= max: min " +
              std::to_string(lo) + ", likely " + std::to_string(likely) + ", max " +
              std::to_string(hi),
          "give the shortest, the most likely and the longest duration, in that order");
      return;
    }
    if (hi == 0) {
      Add(e.loc, "the estimate of task '" + t.id + "' has max 0",
          "a task that takes no time is a milestone: write 'duration: 0' and no estimate");
      return;
    }
    if (had_duration && t.duration != likely) {
      Add(duration_loc,
          "task '" + t.id + "' has duration " + std::to_string(t.duration) +
              " but its estimate's likely is " + std::to_string(likely),
          "an estimated task's duration is its likely value: remove 'duration' or make it " +
              std::to_string(likely));
      return;
    }
    t.estimate =
        Estimate{static_cast<int>(lo), static_cast<int>(likely), static_cast<int>(hi), e.loc};
    t.duration = static_cast<int>(likely);
  }

  void ReadRisk(const Node& v) {
    if (!v.IsMap()) {
      Add(v.loc(),
          std::string("expected a map {distribution, iterations, seed} for 'risk', got ") + Kind(v),
          "write risk: {distribution: triangular, iterations: 10000, seed: 1}");
      return;
    }
    RiskSettings& r = plan_->risk;
    v.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
      if (!CheckKey(key, kloc, kRiskKeys, "'risk'")) return;
      if (key == "distribution") {
        const std::string d = Str(x, "distribution");
        if (d == "triangular") {
          r.distribution = RiskDistribution::kTriangular;
        } else if (d == "pert") {
          r.distribution = RiskDistribution::kPert;
        } else if (x.IsScalar()) {
          Add(x.loc(), "unknown distribution '" + Printable(d) + "'", "use triangular or pert");
        }
      } else if (key == "iterations") {
        int n = 0;
        if (!IntOf(x, "iterations", &n)) return;
        if (n < 1 || n > kMaxRiskIterations) {
          Add(x.loc(),
              "risk iterations " + std::to_string(n) + " outside 1.." +
                  std::to_string(kMaxRiskIterations),
              "10000 iterations give percentiles to about a working day");
          return;
        }
        r.iterations = n;
      } else {
        ReadSeed(x, &r.seed);
      }
    });
  }

  void ReadSeed(const Node& x, uint64_t* out) {
    if (!ExpectScalar(x, "seed")) return;
    const std::string text = x.Scalar();
    std::string_view s = text;
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    uint64_t seed = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), seed);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
      Add(x.loc(), "expected a whole number 0..18446744073709551615 for 'seed', got '" +
                       Printable(text) + "'");
      return;
    }
    *out = seed;
  }

  // A value read before the task's id (JSON members come sorted: "after"
  // before "id"), checked against its limit once the task is read.
  struct PendingDays {
    Loc loc;
    std::string text;
    long long value = 0;
    std::string link_task;  // empty for the duration
  };

  Plan* plan_;
  Errors errors_;
  std::vector<PendingDays> pending_;
  PendingEstimate estimate_;
  int64_t calendar_days_left_ = kMaxCalendarDays;
  int64_t off_days_left_ = kMaxOffDays;
};

}  // namespace

template <typename Node>
Errors ReadPlanTree(const Node& root, Plan* plan) {
  return TreeReader<Node>(plan).Read(root);
}

template Errors ReadPlanTree<YamlNode>(const YamlNode&, Plan*);
template Errors ReadPlanTree<JsonNode>(const JsonNode&, Plan*);
template Errors ReadPlanTree<FlatNode>(const FlatNode&, Plan*);

bool ParseWorkingDays(const std::string& text, int max, int* out) {
  long long n = 0;
  bool huge = false;
  if (!ParseDays(text, &n, &huge) || huge || n < 0 || n > max) return false;
  *out = static_cast<int>(n);
  return true;
}

}  // namespace rollout
