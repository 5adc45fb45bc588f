// The plan reader proper, written once over a document node (FlatNode,
// YamlNode or JsonNode). It checks shapes, keys and scalar syntax; plan_validator.cc
// checks what needs the whole plan (references, counts, cycles).
#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include <date/tz.h>

#include "engine/email_address.h"
#include "engine/plan.h"
#include "engine/plan_validator.h"
#include "engine/spellcheck.h"
#include "po/messages.h"
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

// A key is |name|: lengths first, so that the chains of comparisons a task's
// every key goes through (a million tasks: tens of millions) rarely reach memcmp.
bool Is(std::string_view key, std::string_view name) { return key == name; }

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
    N_("an id takes letters (Latin or Cyrillic), digits, '.', '_' and '-', and starts with a "
       "letter or a digit");

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

// An ASCII id of letters, digits and '.', '_', '-' after the first: one
// script, so valid (the common case, checked without decoding).
// (std::isalnum of the "C" locale, which rollout never changes, inline:
// the call per character was 4 % of reading a million-task plan.)
bool PlainAsciiId(std::string_view id) {
  const auto alnum = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  if (id.empty() || !alnum(id[0])) return false;
  for (const char c : id)
    if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

// "" when |id| is a valid id (docs/plan-format.md "Decisions"), else the hint.
std::string IdProblem(std::string_view id) {
  if (PlainAsciiId(id)) return "";
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
    if (script == Script::kNone && !digit && !(sep && !first)) return Tr(kIdHint);
    first = false;
    if (sep) {
      word = Script::kNone;
    } else if (script != Script::kNone) {
      if (word == Script::kNone) {
        word = script;
      } else if (script != word) {
        const std::string_view letter = id.substr(at, i - at);
        return script == Script::kCyrillic
                   ? Tr("character {0} ('{1}') is a Cyrillic letter in a Latin word; a word of "
                        "an id is all Latin or all Cyrillic",
                        n, letter)
                   : Tr("character {0} ('{1}') is a Latin letter in a Cyrillic word; a word of "
                        "an id is all Latin or all Cyrillic",
                        n, letter);
      }
    }
  }
  return first ? Tr(kIdHint) : "";
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

// The messages of an invalid id, by what the id names (TreeReader::CheckId).
const char kInvalidTaskId[] = N_("invalid task id '{0}'");
const char kInvalidPersonId[] = N_("invalid person id '{0}'");
const char kInvalidRoleId[] = N_("invalid role id '{0}'");
const char kInvalidMetricId[] = N_("invalid metric id '{0}'");
const char kInvalidApproverId[] = N_("invalid approver id '{0}'");

template <typename Node>
class TreeReader {
 public:
  /// |threads|: how many threads may read a large plan's tasks (FlatNode only).
  explicit TreeReader(Plan* plan, unsigned threads = 1) : plan_(plan), threads_(threads) {}

  Errors Read(const Node& root) {
    if (root.IsNull()) {
      Add(root.loc(), Tr("the plan file is empty"),
          Tr("a plan needs at least 'plan', 'start' and 'tasks'"));
      return std::move(errors_);
    }
    if (!root.IsMap()) {
      Add(root.loc(), Tr("expected a map of plan keys at the top, got {0}", Kind(root)),
          Tr("start the file with 'plan: ID', 'start: DATE' and 'tasks:'"));
      return std::move(errors_);
    }
    bool has_plan = false, has_start = false, has_tasks = false;
    Node tasks;
    root.ForEach([&](const std::string& key, Loc kloc, const Node& v) {
      if (!CheckKey(key, kloc, kTopKeys, TrC("unknown key in", "the plan"))) return;
      if (Is(key, "plan")) {
        has_plan = true;
        plan_->id = Str(v, "plan");
        if (v.IsScalar() && !IsValidPlanId(plan_->id))
          Add(v.loc(), Tr("invalid plan id '{0}'", plan_->id),
              Tr("use letters, digits, '.', '_' and '-', starting with a letter or digit"));
      } else if (Is(key, "title")) {
        plan_->title = Str(v, "title");
      } else if (Is(key, "start")) {
        has_start = true;
        DateOf(v, "start", &plan_->start);
      } else if (Is(key, "timezone")) {
        ReadTimezone(v);
      } else if (Is(key, "remind_days")) {
        int d = 0;
        if (IntOf(v, "remind_days", &d) && d < 0)
          Add(v.loc(), Tr("remind_days must not be negative, got {0}", d));
        plan_->remind_days = d;
      } else if (Is(key, "slip_threshold")) {
        int d = 1;
        if (IntOf(v, "slip_threshold", &d) && d < 0)
          Add(v.loc(), Tr("slip_threshold must not be negative, got {0}", d),
              Tr("working days a forecast must move before a new slip alert; default 1"));
        plan_->slip_threshold = std::max(0, d);
      } else if (Is(key, "levelled")) {
        plan_->levelled = BoolOf(v, "levelled");
      } else if (Is(key, "calendar")) {
        ReadCalendar(v);
      } else if (Is(key, "roles")) {
        ReadNamedMap(v, "roles", [&](std::string id, std::string name) {
          plan_->roles.push_back({std::move(id), std::move(name)});
        });
      } else if (Is(key, "metrics")) {
        ReadNamedMap(v, "metrics", [&](std::string id, std::string name) {
          plan_->metrics.push_back({std::move(id), std::move(name)});
        });
      } else if (Is(key, "people")) {
        ReadPeople(v);
      } else if (Is(key, "tasks")) {
        has_tasks = true;
        tasks = v;
      } else if (Is(key, "risk")) {
        ReadRisk(v);
      }
    });
    if (!has_plan)
      Add(root.loc(), Tr("the plan has no 'plan' key"), Tr("add 'plan: ID' at the top"));
    if (!has_start)
      Add(root.loc(), Tr("the plan has no 'start' date"), Tr("add 'start: YYYY-MM-DD'"));
    if (!has_tasks) Add(root.loc(), Tr("the plan has no 'tasks'"), Tr("add a 'tasks:' list"));
    if (has_tasks && !ReadTasksInParallel(tasks)) {
      plan_->tasks.reserve(CountTasks(tasks));
      ReadTaskList(tasks, -1);
    }
    return std::move(errors_);
  }

  // ---- a large plan's tasks on several threads (FlatNode only)
  //
  // The tasks are laid out first on this thread, as ReadTask would number
  // them (depth first, a group before its tasks): Plan::tasks sized once,
  // each task's parent, children and is_group (LayOut). Then every task's
  // own keys (ReadTaskBody, which writes that task alone) are read in ranges
  // of indices, each thread with its own TreeReader taking the next range
  // until none is left and walking the tree to it from the top-level item
  // that holds its first task (ReadRange). Ranges rather than one half per
  // thread: a thread's first strings cost it page faults in its own malloc
  // arena, and a helper thread read its half of the 1M-task plan 1.4 times
  // as slowly as the calling thread read the other (190 ms of waiting).
  // Anything a reader would report — a task that is not a map, a group's
  // 'tasks' that is not a list, any error of any task — gives up (false,
  // Plan::tasks empty again): the caller then reads the tasks on one
  // thread, which reports every problem in its order and words.
  bool ReadTasksInParallel(const Node& list) {
    if constexpr (!std::is_same_v<Node, FlatNode>) {
      return false;
    } else {
      if (threads_ < 2 || !list.IsSeq()) return false;
      const size_t n = CountTasks(list);
      const unsigned parts = static_cast<unsigned>(
          std::min<size_t>(threads_, n / kParallelTasksPerThread));
      if (parts < 2 || n > static_cast<size_t>(INT_MAX)) return false;
      plan_->tasks.resize(n);
      int next = 0;
      top_first_.clear();
      if (!LayOut(list, -1, &next) || static_cast<size_t>(next) != n) {
        plan_->tasks.clear();
        return false;
      }
      const Lang lang = CurrentLang();
      std::vector<char> clean(parts, 0);
      const size_t ranges = std::min<size_t>(n / kParallelTasksPerThread, size_t{parts} * 16);
      std::atomic<size_t> next_range{0};
      auto read_range = [&](unsigned part) {
        LangScope scope(lang);  // the caller's language, should a message be made
        TreeReader reader(plan_);
        for (size_t r = next_range++; r < ranges && reader.errors_.empty(); r = next_range++) {
          const size_t begin = n * r / ranges, end = n * (r + 1) / ranges;
          // The last top-level item whose first task is at or before |begin|.
          const size_t item = static_cast<size_t>(
              std::upper_bound(top_first_.begin(), top_first_.end(), begin) - top_first_.begin() -
              1);
          int at = top_first_[item];
          reader.ReadRange(list, item, &at, begin, end);
        }
        clean[part] = reader.errors_.empty() ? 1 : 0;
      };
      std::vector<std::thread> workers;
      workers.reserve(parts - 1);
      for (unsigned part = 1; part < parts; ++part) workers.emplace_back(read_range, part);
      read_range(0);
      for (std::thread& w : workers) w.join();
      if (std::all_of(clean.begin(), clean.end(), [](char c) { return c != 0; })) {
        parts_ = parts;
        return true;
      }
      plan_->tasks.clear();
      return false;
    }
  }

  // ReadTaskBody of the tasks numbered [begin, end) in |list|'s items from
  // |from| on and below, numbered from |*at| as LayOut numbered them;
  // subtrees before |begin| are skipped whole (their extent from LayOut's
  // children lists). Reads of other tasks than those: is_group and children
  // only, which no range writes.
  void ReadRange(const Node& list, size_t from, int* at, size_t begin, size_t end) {
    for (size_t i = from; i < list.size() && static_cast<size_t>(*at) < end; ++i) {
      if (!errors_.empty()) return;  // given up: read again on one thread
      const int index = (*at)++;
      int last = index;  // the last task of the subtree
      while (!plan_->tasks[last].children.empty()) last = plan_->tasks[last].children.back();
      if (static_cast<size_t>(last) < begin) {
        *at = last + 1;
        continue;
      }
      const Node e = list.At(i);
      if (static_cast<size_t>(index) >= begin) ReadTaskBody(e, index);
      if (!plan_->tasks[index].is_group) continue;
      Node children;
      e.ForEach([&](std::string_view key, Loc, const Node& x) {
        if (Is(key, "tasks")) children = x;
      });
      ReadRange(children, 0, at, begin, end);
    }
  }

  // Numbers the tasks of |list| and below from |*next| as ReadTask would,
  // and sets what ReadTask sets before a task's keys; false for a shape
  // ReadTask reports.
  bool LayOut(const Node& list, int parent, int* next) {
    for (size_t i = 0; i < list.size(); ++i) {
      const Node e = list.At(i);
      if (!e.IsMap()) return false;
      const int index = (*next)++;
      if (static_cast<size_t>(index) >= plan_->tasks.size()) return false;
      if (parent < 0) top_first_.push_back(static_cast<size_t>(index));
      Task& t = plan_->tasks[index];
      t.parent = parent;
      t.loc = e.loc();
      if (parent >= 0) plan_->tasks[parent].children.push_back(index);
      Node children;
      e.ForEach([&](std::string_view key, Loc, const Node& x) {
        if (Is(key, "tasks")) {
          t.is_group = true;
          children = x;
        }
      });
      if (t.is_group && (!children.IsSeq() || !LayOut(children, index, next))) return false;
    }
    return true;
  }

  // Tasks per thread below which a plan's tasks are read on fewer threads.
  static constexpr size_t kParallelTasksPerThread = 2048;

 private:
  void Add(Loc loc, std::string message, std::string hint = "") {
    errors_.push_back({loc, std::move(message), std::move(hint)});
  }

  // An id that a plan defines or refers to; false (and reported) if invalid.
  // |message| is the message of an invalid id, kInvalidTaskId and the like.
  bool CheckId(const std::string& id, Loc loc, const char* message) {
    if (id.empty()) return true;  // reported where it matters ("has no 'id'")
    std::string hint = IdProblem(id);
    if (hint.empty()) return true;
    Add(loc, Tr(message, Printable(id)), std::move(hint));
    return false;
  }

  static std::string Kind(const Node& n) {
    if (n.IsMap()) return Tr("a map");
    if (n.IsSeq()) return Tr("a list");
    if (n.IsNull()) return Tr("nothing");
    return Tr("a scalar");
  }

  // |where| completes "unknown key 'K' in ...": TrC("unknown key in", "a task"),
  // or a function that gives it (called only for an unknown key: a task's
  // keys are checked on every read, and a translated phrase is a lookup and
  // a format).
  template <typename Where>
  bool CheckKey(std::string_view key, Loc loc, const std::vector<std::string_view>& allowed,
                const Where& where_text) {
    if (Contains(allowed, key)) return true;
    std::string where;
    if constexpr (std::is_invocable_v<Where>)
      where = where_text();
    else
      where = where_text;
    std::string hint = DidYouMean(key, allowed);
    if (hint.empty()) {
      std::string keys;
      for (std::string_view k : allowed) {
        if (!keys.empty()) keys += ' ';  // piece by piece: GCC 12 -O3 warns (-Wrestrict) on a + b
        keys += k;
      }
      hint = Tr("allowed keys: {0}", keys);
    }
    Add(loc, Tr("unknown key '{0}' in {1}", key, where), hint);
    return false;
  }

  // "in 'calendar'", "in 'roles.r'": a section of the plan, for CheckKey.
  static std::string InSection(const std::string& section) {
    return TrC("unknown key in", "'{0}'", section);
  }

  bool ExpectScalar(const Node& v, const std::string& what) {
    if (v.IsScalar()) return true;
    Add(v.loc(), Tr("expected a value for '{0}', got {1}", what, Kind(v)));
    return false;
  }

  std::string Str(const Node& v, const std::string& what) {
    return ExpectScalar(v, what) ? v.Scalar() : "";
  }

  bool IntOf(const Node& v, const std::string& what, int* out) {
    if (!ExpectScalar(v, what)) return false;
    if (ParseInt(v.Scalar(), out)) return true;
    Add(v.loc(), Tr("expected an integer for '{0}', got '{1}'", what, v.Scalar()));
    return false;
  }

  bool BoolOf(const Node& v, const std::string& what) {
    if (!ExpectScalar(v, what)) return false;
    const std::string s = v.Scalar();
    if (s == "true") return true;
    if (s != "false") Add(v.loc(), Tr("expected true or false for '{0}', got '{1}'", what, s));
    return false;
  }

  bool DateOf(const Node& v, const std::string& what, Date* out) {
    if (!ExpectScalar(v, what)) return false;
    if (ParseDate(v.Scalar(), out)) {
      if (InWindow(*out)) return true;
      OutOfWindow(v.loc(),
                  Tr("date '{0}' for '{1}' is outside 1900-01-01..9999-12-31", v.Scalar(), what));
      return false;
    }
    Add(v.loc(), Tr("invalid date '{0}' for '{1}'", v.Scalar(), what),
        Tr("dates are YYYY-MM-DD and must exist"));
    return false;
  }

  // Working days: N, "Nd" or "Nw" (5 days); negative allowed only for lags.
  // The value is checked against its limit by the caller, who knows the task.
  // |what| is the key ("duration", "lag", "estimate min").
  bool DaysOf(const Node& v, const std::string& what, long long* out) {
    if (!ExpectScalar(v, what)) return false;
    bool huge = false;
    if (!ParseDays(v.Scalar(), out, &huge)) {
      Add(v.loc(), Tr("invalid {0} '{1}'", what, v.Scalar()),
          Tr("write working days as 5, \"5d\" or \"2w\" (a week is 5 days)"));
      return false;
    }
    return true;
  }

  // The days as a number ("-1w" is -5), or as written when too large to hold.
  static std::string DaysText(const Node& v, long long days) {
    return days == LLONG_MAX / 8 || days == LLONG_MIN / 8 ? v.Scalar() : std::to_string(days);
  }

  bool InWindow(Date d) const { return d >= kMinDate && d <= kMaxDate; }

  void OutOfWindow(Loc loc, std::string message) {
    Add(loc, std::move(message), Tr("a plan's dates lie between 1900-01-01 and 9999-12-31"));
  }

  // A date or an inclusive range "A..B".
  void RangesOf(const Node& v, const std::string& what, std::vector<DateRange>* out,
                int64_t* days_left) {
    const int64_t days_max = what == "off" ? kMaxOffDays : kMaxCalendarDays;
    if (!v.IsSeq()) {
      Add(v.loc(), Tr("expected a list of dates for '{0}', got {1}", what, Kind(v)));
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
        Add(e.loc(), Tr("invalid date '{0}' in '{1}'", s, what),
            Tr("write YYYY-MM-DD or an inclusive range \"YYYY-MM-DD..YYYY-MM-DD\" of dates that "
               "exist"));
      } else if (!InWindow(r.first) || !InWindow(r.last)) {
        OutOfWindow(e.loc(), Tr("date '{0}' in '{1}' is outside 1900-01-01..9999-12-31", s, what));
      } else if (r.last < r.first) {
        Add(e.loc(), Tr("date range '{0}' ends before it starts", s));
      } else if ((*days_left -= int64_t{r.last} - r.first + 1) < 0) {
        if (*days_left + (int64_t{r.last} - r.first + 1) >= 0)  // the first range past it
          Add(e.loc(),
              TrN("the plan's '{0}' dates add up to more than {1} day",
                  "the plan's '{0}' dates add up to more than {1} days", days_max, what, days_max),
              what == "off" ? TrN("the off days of all people may add up to {0} day",
                                  "the off days of all people may add up to {0} days", kMaxOffDays,
                                  kMaxOffDays)
                            : TrN("holidays and working dates may add up to {0} day; merge "
                                  "ranges that overlap",
                                  "holidays and working dates may add up to {0} days; merge "
                                  "ranges that overlap",
                                  kMaxCalendarDays, kMaxCalendarDays));
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
      Add(v.loc(), Tr("expected a name or a list of names for '{0}', got {1}", what, Kind(v)));
    }
    return out;
  }

  // Names() of ids that the plan refers to: invalid ones are reported (with
  // |invalid|, kInvalidPersonId and the like) and left out.
  std::vector<std::string> Ids(const Node& v, const std::string& what, const char* invalid) {
    std::vector<std::string> out;
    auto take = [&](const Node& e) {
      if (CheckId(e.Scalar(), e.loc(), invalid)) out.push_back(e.Scalar());
    };
    if (v.IsScalar()) {
      take(v);
    } else if (v.IsSeq()) {
      for (size_t i = 0; i < v.size(); ++i)
        if (ExpectScalar(v.At(i), what)) take(v.At(i));
    } else {
      Add(v.loc(), Tr("expected a name or a list of names for '{0}', got {1}", what, Kind(v)));
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
      Add(v.loc(), Tr("unknown time zone '{0}'", tz),
          hint.empty() ? Tr("use an IANA name such as Europe/Moscow or UTC") : hint);
    }
  }

  void ReadCalendar(const Node& v) {
    if (!v.IsMap()) {
      Add(v.loc(), Tr("expected a map for '{0}', got {1}", "calendar", Kind(v)));
      return;
    }
    Calendar& cal = plan_->calendar;
    v.ForEach([&](const std::string& key, Loc kloc, const Node& e) {
      if (!CheckKey(key, kloc, kCalendarKeys, InSection("calendar"))) return;
      if (Is(key, "workdays")) {
        ReadWorkdays(e, kloc);
      } else if (Is(key, "hours")) {
        ReadHours(e);
      } else if (Is(key, "holidays")) {
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
        Add(e.loc(), Tr("unknown weekday '{0}' in 'workdays'", d),
            Tr("use mon, tue, wed, thu, fri, sat, sun"));
        continue;
      }
      cal.workdays[it - kWeekdays.begin()] = true;
    }
    if (std::none_of(cal.workdays.begin(), cal.workdays.end(), [](bool b) { return b; }))
      Add(kloc, Tr("the calendar has no working day"), Tr("list at least one day in 'workdays'"));
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
        Add(e.loc(), Tr("invalid working hours '{0}'", s),
            Tr("write \"HH:MM-HH:MM\", e.g. \"09:00-18:00\""));
      return;
    }
    plan_->calendar.day_start_minute = h1 * 60 + m1;
    plan_->calendar.day_end_minute = h2 * 60 + m2;
  }

  template <typename Fn>
  void ReadNamedMap(const Node& v, const std::string& what, Fn&& add) {
    if (!v.IsMap()) {
      Add(v.loc(), Tr("expected a map of ids for '{0}', got {1}", what, Kind(v)));
      return;
    }
    v.ForEach([&](const std::string& id, Loc id_loc, const Node& e) {
      CheckId(id, id_loc, what == "roles" ? kInvalidRoleId : kInvalidMetricId);
      std::string name;
      if (e.IsMap()) {
        e.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
          if (CheckKey(key, kloc, kNamedKeys, InSection(what + "." + id))) name = Str(x, "name");
        });
      } else if (!e.IsNull()) {
        Add(e.loc(), Tr("expected a map such as {name: \"...\"} for '{0}'", what + "." + id));
      }
      add(id, name);
    });
  }

  void ReadPeople(const Node& v) {
    if (!v.IsSeq()) {
      Add(v.loc(), Tr("expected a list for '{0}', got {1}", "people", Kind(v)));
      return;
    }
    for (size_t i = 0; i < v.size(); ++i) {
      Node e = v.At(i);
      if (!e.IsMap()) {
        Add(e.loc(), Tr("expected a map for a person, got {0}", Kind(e)));
        continue;
      }
      Person p;
      p.loc = e.loc();
      e.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
        if (!CheckKey(key, kloc, kPersonKeys, TrC("unknown key in", "a person"))) return;
        if (Is(key, "id")) {
          p.id = Str(x, "id");
          p.loc = x.loc();
          CheckId(p.id, x.loc(), kInvalidPersonId);
        } else if (Is(key, "name")) {
          p.name = Str(x, "name");
        } else if (Is(key, "roles")) {
          p.roles = Ids(x, "roles", kInvalidRoleId);
        } else if (Is(key, "email")) {
          p.email = Str(x, "email");
          std::string problem = x.IsScalar() ? EmailAddressProblem(p.email) : "";
          if (!problem.empty()) {
            Add(x.loc(), Tr("invalid e-mail address '{0}': {1}", Printable(p.email), problem),
                Tr("give one address such as anna@example.com, on one line"));
            p.email.clear();
          }
        } else if (Is(key, "lang")) {
          p.lang = Str(x, "lang");
          if (p.lang != "en" && p.lang != "ru") {
            Add(x.loc(), Tr("unknown language '{0}'", Printable(p.lang)), Tr("use en or ru"));
            p.lang.clear();
          }
        } else {
          RangesOf(x, "off", &p.off, &off_days_left_);
        }
      });
      if (p.id.empty()) Add(e.loc(), Tr("a person has no 'id'"), Tr("add 'id: ...'"));
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
      e.ForEach([&](std::string_view key, Loc, const Node& x) {
        if (Is(key, "tasks")) n += CountTasks(x);
      });
    }
    return n;
  }

  void ReadTaskList(const Node& v, int parent) {
    if (!v.IsSeq()) {
      Add(v.loc(), Tr("expected a list for '{0}', got {1}", "tasks", Kind(v)));
      return;
    }
    for (size_t i = 0; i < v.size(); ++i) ReadTask(v.At(i), parent);
  }

  void ReadTask(const Node& e, int parent) {
    if (!e.IsMap()) {
      Add(e.loc(), Tr("expected a map for a task, got {0}", Kind(e)));
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
    e.ForEach([&](std::string_view key, Loc, const Node& x) {
      if (Is(key, "tasks")) {
        is_group = true;
        children = x;
      }
      if (Is(key, "duration")) duration_loc = x.loc();
    });
    plan_->tasks[index].is_group = is_group;
    ReadTaskBody(e, index, duration_loc);
    if (is_group) ReadTaskList(children, index);
  }

  // ReadTaskBody where the caller has not seen the task's keys.
  void ReadTaskBody(const Node& e, int index) {
    Loc duration_loc;
    e.ForEach([&](std::string_view key, Loc, const Node& x) {
      if (Is(key, "duration")) duration_loc = x.loc();
    });
    ReadTaskBody(e, index, duration_loc);
  }

  // A task's own keys and the checks of one task (not its children): the
  // part of ReadTask that ReadTasksInParallel runs on several threads.
  void ReadTaskBody(const Node& e, int index, Loc duration_loc) {
    estimate_ = {};
    pending_.clear();
    e.ForEach([&](std::string_view key, Loc kloc, const Node& x) {
      ReadTaskKey(index, key, kloc, x);
    });
    Task& t = plan_->tasks[index];
    for (const PendingDays& p : pending_) {
      if (p.link_task.empty())
        Add(p.loc,
            TrN("task '{0}' has duration {1}, more than {2} working day",
                "task '{0}' has duration {1}, more than {2} working days", kMaxDuration, t.id,
                p.text, kMaxDuration),
            TrN("a duration is 0..{0} working day (about 400 years)",
                "a duration is 0..{0} working days (about 400 years)", kMaxDuration, kMaxDuration));
      else
        Add(p.loc,
            TrN("task '{0}' has lag {1} on its link from '{2}', outside -{3}..{3} working day",
                "task '{0}' has lag {1} on its link from '{2}', outside -{3}..{3} working days",
                kMaxLag, t.id, p.text, p.link_task, kMaxLag),
            TrN("a lag is -{0}..{0} working day", "a lag is -{0}..{0} working days", kMaxLag,
                kMaxLag));
    }
    if (t.id.empty())
      Add(e.loc(), Tr("a task has no 'id'"), Tr("add 'id: ...' (unique among all tasks)"));
    if (!t.is_group) CheckEstimate(t, duration_loc);
    if (!t.is_group) CheckLeaf(t, duration_loc);
  }

  void CheckLeaf(Task& t, Loc duration_loc) {
    if (t.gate) {
      if (t.has_duration && t.duration != 0)
        Add(duration_loc, Tr("gate '{0}' has duration {1}", t.id, t.duration),
            Tr("a gate has duration 0; remove 'duration'"));
      t.duration = 0;
      t.has_duration = true;
      return;
    }
    if (!t.has_duration)
      Add(t.loc, Tr("task '{0}' has no 'duration'", t.id),
          Tr("add 'duration: N' in working days, or 'duration: 0' for a milestone"));
  }

  void ReadTaskKey(int index, std::string_view key, Loc kloc, const Node& x) {
    Task& t = plan_->tasks[index];
    const auto where = [&t] {
      return t.is_group ? TrC("unknown key in", "a group") : TrC("unknown key in", "a task");
    };
    if (t.is_group && Contains(kTaskKeys, key) && !Contains(kGroupKeys, key)) {
      Add(kloc, Tr("a group cannot have '{0}'", key),
          Tr("a group takes only id, name, after, tasks, deliverable and notes; put '{0}' on its "
             "tasks",
             key));
      return;
    }
    if (!CheckKey(key, kloc, t.is_group ? kGroupKeys : kTaskKeys, where)) return;
    if (Is(key, "id")) {
      t.id = Str(x, "id");
      t.loc = x.loc();
      if (x.IsScalar() && t.id.empty()) Add(x.loc(), Tr("empty task id"));
      CheckId(t.id, x.loc(), kInvalidTaskId);
    } else if (Is(key, "name")) {
      t.name = Str(x, "name");
    } else if (Is(key, "duration")) {
      long long d = 0;
      if (DaysOf(x, "duration", &d) && d < 0)
        Add(x.loc(), Tr("negative duration {0}", DaysText(x, d)), Tr("durations are >= 0"));
      if (d > kMaxDuration) pending_.push_back({x.loc(), DaysText(x, d), d, ""});
      t.duration = static_cast<int>(std::clamp<long long>(d, 0, kMaxDuration));
      t.has_duration = true;  // even when invalid: reported above, not as missing
    } else if (Is(key, "after")) {
      ReadLinks(t, x);
    } else if (Is(key, "needs")) {
      ReadNeeds(t, x);
    } else if (Is(key, "assignee")) {
      t.assignee = Ids(x, "assignee", kInvalidPersonId);
      t.assignee_loc = x.loc();
    } else if (Is(key, "not_before")) {
      Date d = 0;
      if (DateOf(x, "not_before", &d)) t.not_before = d;
    } else if (Is(key, "deadline")) {
      Date d = 0;
      if (DateOf(x, "deadline", &d)) t.deadline = d;
      t.deadline_loc = x.loc();
    } else if (Is(key, "gate")) {
      ReadGate(t, x);
    } else if (Is(key, "deliverable")) {
      t.deliverable = Str(x, "deliverable");
    } else if (Is(key, "notes")) {
      t.notes = Str(x, "notes");
    } else if (Is(key, "renamed_from")) {
      t.renamed_from = Str(x, "renamed_from");
      t.renamed_loc = x.loc();
      if (x.IsScalar() && t.renamed_from.empty()) Add(x.loc(), Tr("empty 'renamed_from'"));
      CheckId(t.renamed_from, x.loc(), kInvalidTaskId);
    } else if (Is(key, "estimate")) {
      ReadEstimate(x);
    }
  }

  void ReadLinks(Task& t, const Node& v) {
    if (v.IsScalar() && v.Scalar().find(',') != std::string::npos) {
      Add(v.loc(), Tr("'after' of '{0}' is one text, '{1}'", t.id, Printable(v.Scalar())),
          Tr("list several tasks in brackets: after: [{0}]", Printable(v.Scalar())));
      return;
    }
    if (v.IsScalar()) {
      if (CheckId(v.Scalar(), v.loc(), kInvalidTaskId))
        t.after.push_back({v.Scalar(), LinkType::kFS, 0, v.loc()});
      return;
    }
    if (!v.IsSeq()) {
      Add(v.loc(), Tr("expected a list for '{0}', got {1}", "after", Kind(v)));
      return;
    }
    t.after.reserve(t.after.size() + v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      Node e = v.At(i);
      Link l;
      l.loc = e.loc();
      if (e.IsScalar()) {
        l.task = e.Scalar();
        if (CheckId(l.task, l.loc, kInvalidTaskId)) t.after.push_back(std::move(l));
        continue;
      }
      if (!e.IsMap()) {
        Add(e.loc(), Tr("expected a task id or {task, type, lag} in 'after', got {0}", Kind(e)));
        continue;
      }
      Node lag;
      e.ForEach([&](std::string_view key, Loc kloc, const Node& x) {
        if (!CheckKey(key, kloc, kLinkKeys, [] { return TrC("unknown key in", "a link"); }))
          return;
        if (Is(key, "task")) {
          l.task = Str(x, "task");
          l.loc = x.loc();
        } else if (Is(key, "type")) {
          ReadLinkType(x, &l.type);
        } else {
          lag = x;
        }
      });
      if (l.task.empty()) {
        Add(e.loc(), Tr("a link has no 'task'"), Tr("write {task: ID, type: FS, lag: 0}"));
        continue;
      }
      if (!CheckId(l.task, l.loc, kInvalidTaskId)) continue;
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
        Add(x.loc(), Tr("unknown link type '{0}'", x.Scalar()), Tr("use FS, SS, FF or SF"));
      return;
    }
    *out = static_cast<LinkType>(it - kTypes.begin());
  }

  void ReadNeeds(Task& t, const Node& v) {
    if (!v.IsMap()) {
      Add(v.loc(), Tr("expected a map {role: count} for 'needs', got {0}", Kind(v)));
      return;
    }
    v.ForEach([&](const std::string& role, Loc kloc, const Node& x) {
      if (!CheckId(role, kloc, kInvalidRoleId)) return;
      int n = 0;
      if (!IntOf(x, "needs." + role, &n)) return;
      if (n < 0) {
        Add(x.loc(), Tr("negative count {0} for role '{1}'", n, role));
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
      Add(v.loc(), Tr("expected true or a map for 'gate', got {0}", Kind(v)));
      return;
    }
    v.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
      if (!CheckKey(key, kloc, kGateKeys, TrC("unknown key in", "a gate"))) return;
      if (Is(key, "approve")) {
        g.approve = Ids(x, "approve", kInvalidApproverId);
      } else if (!x.IsSeq()) {
        Add(x.loc(), Tr("expected a list of criteria for 'metrics', got {0}", Kind(x)));
      } else {
        for (size_t i = 0; i < x.size(); ++i) ReadCriterion(x.At(i), &g);
      }
    });
    t.gate = std::move(g);
  }

  void ReadCriterion(const Node& e, Gate* g) {
    if (!e.IsMap()) {
      Add(e.loc(), Tr("expected {metric, min} or {metric, max}, got {0}", Kind(e)));
      return;
    }
    MetricCriterion c;
    c.loc = e.loc();
    bool bad_metric = false;
    e.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
      if (!CheckKey(key, kloc, kCriterionKeys, TrC("unknown key in", "a gate criterion"))) return;
      if (Is(key, "metric")) {
        c.metric = Str(x, "metric");
        c.loc = x.loc();
        bad_metric = !CheckId(c.metric, c.loc, kInvalidMetricId);
        return;
      }
      const std::string s = Str(x, key);
      char* end = nullptr;
      double d = std::strtod(s.c_str(), &end);
      if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(d)) {
        if (x.IsScalar()) Add(x.loc(), Tr("expected a number for '{0}', got '{1}'", key, s));
        return;
      }
      (Is(key, "min") ? c.min : c.max) = d;
    });
    if (bad_metric) return;  // reported
    if (c.metric.empty()) {
      Add(e.loc(), Tr("a gate criterion has no 'metric'"), Tr("write {metric: ID, min: N}"));
    } else if (!c.min && !c.max) {
      Add(e.loc(), Tr("criterion on '{0}' has neither 'min' nor 'max'", c.metric));
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
      Add(v.loc(), Tr("expected a map {min, likely, max} for 'estimate', got {0}", Kind(v)),
          Tr("write estimate: {min: A, likely: M, max: B} in working days"));
      estimate_.valid = false;
      return;
    }
    v.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
      if (!CheckKey(key, kloc, kEstimateKeys, TrC("unknown key in", "an estimate"))) {
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
      Add(e.loc, Tr("gate '{0}' cannot have an estimate", t.id),
          Tr("a gate has duration 0; remove 'estimate'"));
      return;
    }
    const bool had_duration = t.has_duration;
    t.has_duration = true;  // an estimate gives the duration; its problems are reported here
    if (!e.valid) return;
    bool ok = true;
    for (size_t k = 0; k < 3; ++k) {
      const std::string point(kEstimateKeys[k]);
      if (!e.seen[k]) {
        Add(e.loc, Tr("the estimate of task '{0}' has no '{1}'", t.id, point),
            Tr("write estimate: {min: A, likely: M, max: B} in working days"));
        ok = false;
      } else if (e.days[k] < 0 || e.days[k] > kMaxDuration) {
        Add(e.locs[k],
            TrN("task '{0}' has estimate {1} {2}, outside 0..{3} working day",
                "task '{0}' has estimate {1} {2}, outside 0..{3} working days", kMaxDuration, t.id,
                point, DaysText(e.values[k], e.days[k]), kMaxDuration),
            TrN("an estimate's points are 0..{0} working day",
                "an estimate's points are 0..{0} working days", kMaxDuration, kMaxDuration));
        ok = false;
      }
    }
    if (!ok) return;
    const auto [lo, likely, hi] = e.days;
    if (lo > likely || likely > hi) {
      Add(e.loc,
          Tr("the estimate of task '{0}' is not min <= likely <= max: min {1}, likely {2}, max "
             "{3}",
             t.id, lo, likely, hi),
          Tr("give the shortest, the most likely and the longest duration, in that order"));
      return;
    }
    if (hi == 0) {
      Add(e.loc, Tr("the estimate of task '{0}' has max 0", t.id),
          Tr("a task that takes no time is a milestone: write 'duration: 0' and no estimate"));
      return;
    }
    if (had_duration && t.duration != likely) {
      Add(duration_loc,
          Tr("task '{0}' has duration {1} but its estimate's likely is {2}", t.id, t.duration,
             likely),
          Tr("an estimated task's duration is its likely value: remove 'duration' or make it {0}",
             likely));
      return;
    }
    t.estimate =
        Estimate{static_cast<int>(lo), static_cast<int>(likely), static_cast<int>(hi), e.loc};
    t.duration = static_cast<int>(likely);
  }

  void ReadRisk(const Node& v) {
    if (!v.IsMap()) {
      Add(v.loc(),
          Tr("expected a map {distribution, iterations, seed} for 'risk', got {0}", Kind(v)),
          Tr("write risk: {distribution: triangular, iterations: 10000, seed: 1}"));
      return;
    }
    RiskSettings& r = plan_->risk;
    v.ForEach([&](const std::string& key, Loc kloc, const Node& x) {
      if (!CheckKey(key, kloc, kRiskKeys, InSection("risk"))) return;
      if (Is(key, "distribution")) {
        const std::string d = Str(x, "distribution");
        if (d == "triangular") {
          r.distribution = RiskDistribution::kTriangular;
        } else if (d == "pert") {
          r.distribution = RiskDistribution::kPert;
        } else if (x.IsScalar()) {
          Add(x.loc(), Tr("unknown distribution '{0}'", Printable(d)),
              Tr("use triangular or pert"));
        }
      } else if (Is(key, "iterations")) {
        int n = 0;
        if (!IntOf(x, "iterations", &n)) return;
        if (n < 1 || n > kMaxRiskIterations) {
          Add(x.loc(), Tr("risk iterations {0} outside 1..{1}", n, kMaxRiskIterations),
              Tr("10000 iterations give percentiles to about a working day"));
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
      Add(x.loc(), Tr("expected a whole number 0..18446744073709551615 for 'seed', got '{0}'",
                      Printable(text)));
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
  unsigned threads_ = 1;

 public:
  unsigned parts_ = 1;  // threads that read the tasks (ReadTasksInParallel)
  std::vector<size_t> top_first_;  // LayOut: each top-level item's first task

 private:
  Errors errors_;
  std::vector<PendingDays> pending_;
  PendingEstimate estimate_;
  int64_t calendar_days_left_ = kMaxCalendarDays;
  int64_t off_days_left_ = kMaxOffDays;
};

}  // namespace

template <typename Node>
Errors ReadPlanTree(const Node& root, Plan* plan) {
  if constexpr (std::is_same_v<Node, FlatNode>)
    return TreeReader<Node>(plan, std::max(1u, std::thread::hardware_concurrency())).Read(root);
  else
    return TreeReader<Node>(plan).Read(root);
}

Errors ReadPlanTree(const FlatNode& root, Plan* plan, unsigned threads, unsigned* parts) {
  TreeReader<FlatNode> reader(plan, std::max(1u, threads));
  Errors errors = reader.Read(root);
  if (parts != nullptr) *parts = reader.parts_;
  return errors;
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
