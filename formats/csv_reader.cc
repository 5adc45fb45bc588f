#include "formats/csv_reader.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "engine/critical_path.h"
#include "engine/network.h"
#include "engine/plan_validator.h"
#include "engine/task_index.h"
#include "engine/work_calendar.h"
#include "formats/csv_writer.h"
#include "po/messages.h"

namespace rollout {
namespace {

std::string Hint() {
  return Tr(
      "expected the columns id, name, group, duration, predecessors, start (a header row first)");
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Undoes the writer's formula guard: "'=x" -> "=x".
std::string Unguard(const std::string& s) {
  if (s.size() >= 2 && s[0] == '\'' && GuardFormula(s.substr(1)) == s) return s.substr(1);
  return s;
}

std::vector<std::string> Items(const std::string& cell) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : cell + ";") {
    if (c == ';' || c == ',') {
      if (!Trim(cur).empty()) out.push_back(Trim(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  return out;
}

// Working days: N, "Nd" or "Nw"; false if malformed or out of range.
bool ParseDays(const std::string& text, bool allow_negative, int* days) {
  std::string s = Trim(text);
  int unit = 1;
  if (!s.empty() && (s.back() == 'd' || s.back() == 'w')) {
    unit = s.back() == 'w' ? 5 : 1;
    s.pop_back();
  }
  if (s.empty() || s.size() > 9) return false;
  size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
  if (i == s.size()) return false;
  for (size_t k = i; k < s.size(); ++k)
    if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
  const long v = std::strtol(s.c_str(), nullptr, 10) * unit;
  if ((!allow_negative && v < 0) || v > kMaxDuration || v < -kMaxLag) return false;
  *days = static_cast<int>(v);
  return true;
}

bool IsGateState(const std::string& s) {
  return s == "closed" || s == "ready" || s == "passed" || s == "rejected";
}

struct Input {  // one data row
  std::string id, name, group, duration, predecessors, start, assigned, state;
  Loc at, id_at, group_at, duration_at, predecessors_at, start_at;
};

class CsvReader {
 public:
  CsvReader(const std::string& plan_id, const Plan* base, Date default_start)
      : base_(base), default_start_(default_start) {
    if (base) {
      out_.plan.title = base->title;
      out_.plan.start = base->start;
      out_.plan.timezone = base->timezone;
      out_.plan.calendar = base->calendar;
      out_.plan.roles = base->roles;
      out_.plan.people = base->people;
    }
    out_.plan.id = plan_id;
  }

  Result<ImportedPlan> Read(const std::vector<CsvRecord>& records) {
    if (records.empty()) return Error{{1, 1}, Tr("the file is empty"), Hint()};
    if (!Header(records[0])) return errors_;
    for (size_t r = 1; r < records.size(); ++r) Row(records[r]);
    if (errors_.empty() && rows_.empty())
      errors_.push_back(Error{{1, 1}, Tr("no task rows after the header"), Hint()});
    if (!errors_.empty()) return errors_;
    Build();
    if (!errors_.empty()) return errors_;
    return std::move(out_);
  }

  const std::vector<std::optional<Date>>& starts() const { return starts_; }

 private:
  void Fail(Loc at, const std::string& m, const std::string& hint = "") {
    errors_.push_back(Error{at, m, hint});
  }

  bool Header(const CsvRecord& h) {
    for (size_t c = 0; c < h.fields.size(); ++c) {
      std::string name = Lower(Trim(h.fields[c]));
      if (c == 0 && name.rfind("\xEF\xBB\xBF", 0) == 0) name = name.substr(3);
      if (name.empty()) continue;
      if (std::find(std::begin(kCsvColumns), std::end(kCsvColumns), name) ==
          std::end(kCsvColumns)) {
        out_.warnings.push_back(
            {h.locs[c].line, Tr("column '{0}' is not one of rollout's; it is ignored", name)});
        continue;
      }
      if (!column_.emplace(name, c).second) {
        Fail(h.locs[c], Tr("column '{0}' appears twice", name), Hint());
        return false;
      }
    }
    if (!column_.count("name") && !column_.count("id")) {
      Fail({1, 1}, Tr("no 'name' or 'id' column in the header row"), Hint());
      return false;
    }
    if (!column_.count("duration")) {
      Fail({1, 1}, Tr("no 'duration' column in the header row"), Hint());
      return false;
    }
    return true;
  }

  std::string Cell(const CsvRecord& r, const char* name, Loc* at) const {
    auto it = column_.find(name);
    if (it == column_.end() || it->second >= r.fields.size()) return "";
    if (at) *at = r.locs[it->second];
    return Unguard(Trim(r.fields[it->second]));
  }

  void Row(const CsvRecord& r) {
    if (r.fields.size() == 1 && Trim(r.fields[0]).empty()) return;  // a blank line
    Input in;
    in.at = r.locs.front();
    in.id = Cell(r, "id", &in.id_at);
    in.name = Cell(r, "name", nullptr);
    in.group = Cell(r, "group", &in.group_at);
    in.duration = Cell(r, "duration", &in.duration_at);
    in.predecessors = Cell(r, "predecessors", &in.predecessors_at);
    in.start = Cell(r, "start", &in.start_at);
    in.assigned = Cell(r, "assigned", nullptr);
    in.state = Lower(Cell(r, "state", nullptr));
    if (in.id.empty()) {
      if (column_.count("id"))
        return Fail(in.at, Tr("a row without an id"),
                    Tr("give every row an id, or drop the id column"));
      in.id = "t" + std::to_string(rows_.size() + 1);
      in.id_at = in.at;
    }
    if (!index_.emplace(in.id, static_cast<int>(rows_.size())).second)
      return Fail(in.id_at, Tr("id '{0}' appears twice", in.id));
    rows_.push_back(in);
  }

  void Build() {
    // Groups: every row named in another row's group column.
    std::vector<int> parent(rows_.size(), -1);
    std::vector<std::vector<int>> kids(rows_.size());
    std::vector<int> roots;
    for (size_t i = 0; i < rows_.size(); ++i) {
      const Input& in = rows_[i];
      if (in.group.empty()) {
        roots.push_back(static_cast<int>(i));
        continue;
      }
      auto g = index_.find(in.group);
      if (g == index_.end() || g->second == static_cast<int>(i)) {
        Fail(in.group_at,
             Tr("task '{0}' is in group '{1}', which is no row's id", in.id, in.group));
        continue;
      }
      parent[i] = g->second;
      kids[static_cast<size_t>(g->second)].push_back(static_cast<int>(i));
    }
    // A group chain that loops never reaches a root; its rows stay unvisited.
    std::vector<int> order;
    std::vector<int> stack(roots.rbegin(), roots.rend());
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      order.push_back(i);
      for (auto k = kids[static_cast<size_t>(i)].rbegin(); k != kids[static_cast<size_t>(i)].rend();
           ++k)
        stack.push_back(*k);
    }
    if (order.size() != rows_.size()) {
      for (size_t i = 0; i < rows_.size(); ++i)
        if (std::find(order.begin(), order.end(), static_cast<int>(i)) == order.end() &&
            parent[i] >= 0) {
          Fail(rows_[i].group_at,
               Tr("task '{0}' is inside its own group (the group column loops)", rows_[i].id));
          break;
        }
      return;
    }
    std::vector<int> position(rows_.size());
    for (size_t k = 0; k < order.size(); ++k)
      position[static_cast<size_t>(order[k])] = static_cast<int>(k);
    Plan& p = out_.plan;
    p.tasks.resize(rows_.size());
    starts_.assign(rows_.size(), std::nullopt);
    std::optional<Date> earliest;
    for (size_t k = 0; k < order.size(); ++k) {
      const int i = order[k];
      const Input& in = rows_[static_cast<size_t>(i)];
      Task& t = p.tasks[k];
      t.id = in.id;
      t.name = in.name;
      t.loc = in.id_at;
      t.parent = parent[static_cast<size_t>(i)] < 0
                     ? -1
                     : position[static_cast<size_t>(parent[static_cast<size_t>(i)])];
      t.is_group = !kids[static_cast<size_t>(i)].empty();
      for (int c : kids[static_cast<size_t>(i)])
        t.children.push_back(position[static_cast<size_t>(c)]);
      Fill(in, &t);
      Date d = 0;
      if (!in.start.empty()) {
        if (!ParseDate(in.start, &d)) {
          Fail(in.start_at,
               Tr("start '{0}' of task '{1}' is not a date (YYYY-MM-DD)", in.start, in.id));
        } else {
          starts_[k] = d;
          if (!earliest || d < *earliest) earliest = d;
        }
      }
    }
    if (!base_) {
      p.start = earliest ? *earliest : default_start_;
      if (!earliest)
        out_.warnings.push_back(
            {1, Tr("no start dates in the file: the plan starts on {0}; change its `start:`",
                   HumanDate(FormatDate(p.start)))});
    }
  }

  void Fill(const Input& in, Task* t) {
    if (IsGateState(in.state) && !t->is_group) {
      t->gate = Gate{};
    } else if (!t->is_group) {
      if (!ParseDays(in.duration, false, &t->duration))
        Fail(in.duration_at,
             Tr("duration '{0}' of task '{1}' is not a number of working days", in.duration, in.id),
             Tr("write 5, 5d or 2w (w = 5 working days)"));
      t->has_duration = true;
    }
    for (const std::string& item : Items(in.predecessors)) {
      Link l;
      if (!ParseLink(item, &l)) {
        Fail(in.predecessors_at,
             Tr("predecessor '{0}' of task '{1}' is not a known id with an optional type and lag",
                item, in.id),
             Tr("write id, idSS, idFF+2 or idFS-1 (types FS, SS, FF, SF; lag in working days)"));
        continue;
      }
      l.loc = in.predecessors_at;
      t->after.push_back(l);
    }
    for (const std::string& person : Items(in.assigned)) {
      if (t->is_group || t->gate) break;
      t->assignee.push_back(person);
      const bool known = std::any_of(out_.plan.people.begin(), out_.plan.people.end(),
                                     [&](const Person& x) { return x.id == person; });
      if (!known) out_.plan.people.push_back(Person{person, "", {}, {}, "", "", {}});
    }
  }

  bool ParseLink(const std::string& item, Link* l) const {
    std::string s = item;
    const size_t sign = s.find_last_of("+-");
    if (sign != std::string::npos && sign > 0 && ParseDays(s.substr(sign), true, &l->lag) &&
        !index_.count(s)) {
      s.resize(sign);
    }
    static const std::pair<const char*, LinkType> kTypes[] = {
        {"FS", LinkType::kFS}, {"SS", LinkType::kSS}, {"FF", LinkType::kFF}, {"SF", LinkType::kSF}};
    for (const auto& [name, type] : kTypes) {
      if (s.size() > 2 && s.compare(s.size() - 2, 2, name) == 0 &&
          index_.count(s.substr(0, s.size() - 2)) && !index_.count(s)) {
        l->type = type;
        s.resize(s.size() - 2);
        break;
      }
    }
    l->task = s;
    return index_.count(s) > 0;
  }

  const Plan* base_;
  Date default_start_;
  ImportedPlan out_;
  Errors errors_;
  std::map<std::string, size_t> column_;
  std::vector<Input> rows_;
  std::map<std::string, int> index_;
  std::vector<std::optional<Date>> starts_;
};

}  // namespace

Result<std::vector<CsvRecord>> ParseCsv(const std::string& text, char* sep) {
  if (text.size() > kMaxCsvBytes)
    return Error{{}, Tr("the file is larger than {0} MiB", kMaxCsvBytes >> 20), Hint()};
  size_t i = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  if (*sep == 0) {
    const std::string first = text.substr(i, text.find('\n', i) - i);
    *sep = std::count(first.begin(), first.end(), ';') > std::count(first.begin(), first.end(), ',')
               ? ';'
               : ',';
  }
  std::vector<CsvRecord> out;
  CsvRecord rec;
  std::string field;
  int line = 1, col = static_cast<int>(i) == 3 ? 2 : 1;
  Loc start{line, col};
  bool quoted = false, was_quoted = false;
  auto end_field = [&] {
    rec.fields.push_back(field);
    rec.locs.push_back(start);
    field.clear();
    was_quoted = false;
  };
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
        col += 2;
        continue;
      }
      if (c == '"') {
        quoted = false;
        ++col;
        continue;
      }
      field.push_back(c);
      if (c == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
      continue;
    }
    if (c == '"') {
      if (!field.empty() || was_quoted)
        return Error{{line, col},
                     Tr("a quote inside an unquoted field"),
                     Tr("quote the whole field and double the quotes inside it: \"a \"\"b\"\"\"")};
      quoted = was_quoted = true;
      ++col;
    } else if (c == *sep) {
      end_field();
      start = {line, ++col};
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      end_field();
      out.push_back(std::move(rec));
      rec = CsvRecord{};
      if (out.size() > kMaxCsvRows)
        return Error{{line, 1}, Tr("more than {0} rows", kMaxCsvRows), Hint()};
      ++line;
      col = 1;
      start = {line, col};
    } else {
      if (!was_quoted)
        field.push_back(c);
      else
        return Error{{line, col},
                     Tr("text after the closing quote of a field"),
                     Tr("quote the whole field")};
      ++col;
    }
  }
  if (quoted)
    return Error{{start.line, start.col},
                 Tr("a quoted field is never closed"),
                 Tr("close the quote, doubling quotes inside the field")};
  if (!field.empty() || was_quoted || !rec.fields.empty()) {
    end_field();
    out.push_back(std::move(rec));
  }
  return out;
}

Result<ImportedPlan> ReadCsv(const std::string& text, const std::string& plan_id, const Plan* base,
                             Date default_start) {
  char sep = 0;
  Result<std::vector<CsvRecord>> records = ParseCsv(text, &sep);
  if (!records.ok()) return records.errors();
  CsvReader reader(plan_id, base, default_start);
  Result<ImportedPlan> plan = reader.Read(records.value());
  if (plan.ok()) plan.value().starts = reader.starts();
  return plan;
}

std::vector<int> RecoverNotBefore(Plan* plan, const std::vector<std::optional<Date>>& starts) {
  std::vector<int> changed;
  const WorkCalendar cal(plan->calendar, plan->start);
  const TaskIndex index = IndexTasks(*plan);
  for (int round = 0; round < 1000; ++round) {
    Result<Network> net = BuildNetwork(*plan, index);
    if (!net.ok()) return changed;
    const Schedule s = ComputeCriticalPath(*plan, net.value(), PlanInput(*plan, net.value(), cal));
    // Among the tasks that start too early, fix only those whose direct
    // predecessors are all on time: a late predecessor may explain them.
    std::vector<bool> early(plan->tasks.size(), false);
    for (size_t i = 0; i < plan->tasks.size(); ++i) {
      const Task& t = plan->tasks[i];
      const TaskTimes& x = s.tasks[i];
      if (t.is_group || !starts[i]) continue;
      // A milestone shows on the day before its es (plan-format.md §4).
      const Date shown = x.ef > x.es ? cal.DateOf(x.es) : cal.DateOf(std::max(0, x.es - 1));
      early[i] = shown < *starts[i];
    }
    std::vector<int> fix;
    for (size_t i = 0; i < plan->tasks.size(); ++i) {
      if (!early[i]) continue;
      bool blamed = false;
      for (const Link& l : plan->tasks[i].after) {
        const int p = index.Find(l.task);
        if (p >= 0 && early[static_cast<size_t>(p)]) blamed = true;
      }
      if (!blamed) fix.push_back(static_cast<int>(i));
    }
    if (fix.empty()) return changed;
    for (int i : fix) {
      const Date want = *starts[static_cast<size_t>(i)];
      const TaskTimes& x = s.tasks[static_cast<size_t>(i)];
      // A milestone on |want| is reached at the end of that day: it may
      // start no earlier than the next working day.
      plan->tasks[static_cast<size_t>(i)].not_before =
          x.ef > x.es ? want : cal.DateOf(cal.OffEnd(want));
      changed.push_back(i);
    }
  }
  return changed;
}

}  // namespace rollout
