#include "tools/cli/schedule_view.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/cli/cli.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

// The output of WriteScheduleJson: a fixed buffer, written to the file
// each time it fills, so that a million-task schedule is appended piece by
// piece without an allocation or a capacity check per character.
class OutBuffer {
 public:
  explicit OutBuffer(std::FILE* out) : out_(out), buf_(kSize) {}
  OutBuffer(const OutBuffer&) = delete;
  OutBuffer& operator=(const OutBuffer&) = delete;
  ~OutBuffer() { Flush(); }

  void Put(char c) {
    if (n_ == kSize) Flush();
    buf_[n_++] = c;
  }
  void Put(std::string_view v) {
    if (v.size() > kSize - n_) {
      Flush();
      if (v.size() > kSize) {
        std::fwrite(v.data(), 1, v.size(), out_);
        return;
      }
    }
    std::memcpy(buf_.data() + n_, v.data(), v.size());
    n_ += v.size();
  }
  void Int(long v) {
    if (kSize - n_ < 24) Flush();
    char* p = buf_.data() + n_;
    n_ += static_cast<size_t>(std::to_chars(p, p + 24, v).ptr - p);
  }
  /// |v| as a JSON string (JsonString's text).
  void Quoted(const std::string& v) {
    scratch_.clear();
    AppendJsonString(v, &scratch_);
    Put(scratch_);
  }
  void Flush() {
    if (n_ > 0) std::fwrite(buf_.data(), 1, n_, out_);
    n_ = 0;
  }

 private:
  static constexpr size_t kSize = size_t{1} << 20;
  std::FILE* out_;
  std::vector<char> buf_;
  size_t n_ = 0;
  std::string scratch_;
};

// Appends "key":value pairs; keeps the hot loop free of DOM allocations.
class JsonLine {
 public:
  explicit JsonLine(OutBuffer* out) : out_(out) { out_->Put('{'); }
  void Str(std::string_view key, const std::string& v) {
    Key(key);
    out_->Quoted(v);
  }
  void Int(std::string_view key, long v) {
    Key(key);
    out_->Int(v);
  }
  /// |v| needs no escaping (a date).
  void Plain(std::string_view key, const std::string& v) {
    Key(key);
    out_->Put('"');
    out_->Put(v);
    out_->Put('"');
  }
  void Bool(std::string_view key, bool v) {
    Key(key);
    out_->Put(v ? std::string_view("true") : std::string_view("false"));
  }
  void List(std::string_view key, const std::vector<std::string>& v) {
    Key(key);
    out_->Put('[');
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out_->Put(',');
      out_->Quoted(v[i]);
    }
    out_->Put(']');
  }
  void Close() { out_->Put('}'); }

 private:
  void Key(std::string_view key) {
    if (!first_) out_->Put(',');
    first_ = false;
    out_->Put('"');
    out_->Put(key);
    out_->Put(std::string_view("\":"));
  }
  OutBuffer* out_;
  bool first_ = true;
};

// Calendar dates as text, each distinct date formatted once (a million-task
// schedule has a few hundred distinct dates).
class DateTexts {
 public:
  DateTexts(Date first, Date last) : first_(first), texts_(std::max(0, last - first + 1)) {}
  const std::string& Of(Date d) {
    const long k = static_cast<long>(d) - first_;
    if (k < 0 || k >= static_cast<long>(texts_.size())) return spare_ = FormatDate(d);
    std::string& t = texts_[static_cast<size_t>(k)];
    if (t.empty()) t = FormatDate(d);
    return t;
  }

 private:
  Date first_;
  std::vector<std::string> texts_;
  std::string spare_;
};

void TaskJson(const ScheduledPlan& s, int i, DateTexts* dates, OutBuffer* out) {
  const Task& t = s.plan.tasks[i];
  const TaskTimes& x = s.schedule.tasks[i];
  JsonLine j(out);
  j.Str("id", t.id);
  if (!t.name.empty()) j.Str("name", t.name);
  j.Bool("group", t.is_group);
  if (!t.is_group) j.Int("duration", x.ef - x.es);
  j.Int("es", x.es);
  j.Int("ef", x.ef);
  j.Int("ls", x.ls);
  j.Int("lf", x.lf);
  j.Int("total_float", x.total_float);
  if (!t.is_group) {
    j.Int("free_float", x.free_float);
    j.Bool("critical", x.critical);
    TaskDates d = DatesOf(*s.cal, x.es, x.ef);
    j.Plain("start", dates->Of(d.start));
    j.Plain("finish", dates->Of(d.finish));
    if (!s.assigned[i].empty()) j.List("assigned", s.assigned[i]);
  }
  j.Close();
}

Date ProjectFinish(const ScheduledPlan& s) {
  return s.cal->DateOf(std::max(0, s.schedule.finish - 1));
}

}  // namespace

void WriteScheduleJson(const ScheduledPlan& s, std::FILE* out) {
  OutBuffer buf(out);
  buf.Put(std::string_view("{\"plan\":"));
  buf.Quoted(s.plan.id);
  buf.Put(",\"start\":\"" + FormatDate(s.plan.start) + "\"");
  buf.Put(",\"finish\":\"" + FormatDate(ProjectFinish(s)) + "\"");
  buf.Put(",\"duration\":" + std::to_string(s.schedule.finish));
  buf.Put(std::string(",\"levelled\":") + (s.levelled ? "true" : "false"));
  buf.Put(std::string_view(",\"tasks\":[\n"));
  DateTexts dates(s.plan.start, ProjectFinish(s));
  for (size_t i = 0; i < s.plan.tasks.size(); ++i) {
    if (i > 0) buf.Put(std::string_view(",\n"));
    TaskJson(s, static_cast<int>(i), &dates, &buf);
  }
  buf.Put(std::string_view("\n],\"critical_path\":["));
  for (size_t k = 0; k < s.schedule.critical_path.size(); ++k) {
    if (k > 0) buf.Put(',');
    buf.Quoted(s.plan.tasks[s.schedule.critical_path[k]].id);
  }
  buf.Put(std::string_view("]}\n"));
}

std::string ScheduleTable(const ScheduledPlan& s) { return ScheduleTable(ScheduleReportOf(s, "")); }

std::string ScheduleTable(const ScheduleReport& r) {
  struct Row {
    std::string id, name, start, finish, dur, tf, crit;
  };
  std::vector<Row> rows;
  rows.push_back({Tr("ID"), Tr("NAME"), Tr("START"),
                  Tr("FINISH"), Tr("DAYS"), Tr("FLOAT"), ""});
  for (const ScheduleRow& t : r.tasks)
    rows.push_back({std::string(2 * t.depth, ' ') + t.id, t.mark + Truncate(t.name, 48),
                    HumanDate(t.start), HumanDate(t.finish), std::to_string(t.ef - t.es),
                    std::to_string(t.total_float), t.critical ? "*" : ""});
  int w[6] = {0, 0, 10, 10, 0, 0};
  for (const Row& row : rows) {
    w[0] = std::max(w[0], DisplayWidth(row.id));
    w[1] = std::max(w[1], DisplayWidth(row.name));
    w[2] = std::max(w[2], DisplayWidth(row.start));
    w[3] = std::max(w[3], DisplayWidth(row.finish));
    w[4] = std::max(w[4], DisplayWidth(row.dur));
    w[5] = std::max(w[5], DisplayWidth(row.tf));
  }
  std::string out;
  for (const Row& row : rows) {
    std::string line = PadRight(row.id, w[0]) + "  " + PadRight(row.name, w[1]) + "  " +
                       PadRight(row.start, w[2]) + "  " + PadRight(row.finish, w[3]) + "  " +
                       PadLeft(row.dur, w[4]) + "  " + PadLeft(row.tf, w[5]) + "  " + row.crit;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += TrN("finish {1}, {0} working day; * critical", "finish {1}, {0} working days; * critical",
             r.duration, r.duration, HumanDate(r.finish)) +
         "\n";
  return out;
}

std::string DeadlineMissText(const Plan& plan, const MissedDeadline& m) {
  return Tr("task '{0}' finishes {1}, {2} after its deadline {3}", plan.tasks[m.task].id,
            HumanDate(FormatDate(m.finish)), WorkingDays(m.late), HumanDate(FormatDate(m.deadline)));
}

std::string StateText(const std::string& state) {
  // The states of engine/progress.cc: a task's, then a gate's.
  static constexpr const char* kStates[][2] = {
      {"planned", NC_("state", "planned")}, {"started", NC_("state", "started")},
      {"done", NC_("state", "done")},       {"closed", NC_("state", "closed")},
      {"ready", NC_("state", "ready")},     {"passed", NC_("state", "passed")},
      {"rejected", NC_("state", "rejected")}};
  for (const auto& s : kStates)
    if (state == s[0]) return TrC("state", s[1]);
  return state;
}

std::string HumanInstant(const std::string& iso) {
  std::string out = HumanDate(iso);
  if (CurrentLang() != Lang::kEn && out.size() > 10 && out[10] == 'T') out[10] = ' ';
  return out;
}

std::string KindText(const std::string& kind) {
  static constexpr const char* kKinds[][2] = {{"task", NC_("kind", "task")},
                                              {"gate", NC_("kind", "gate")},
                                              {"milestone", NC_("kind", "milestone")},
                                              {"group", NC_("kind", "group")}};
  for (const auto& k : kKinds)
    if (kind == k[0]) return TrC("kind", k[1]);
  return kind;
}

int WarnMissedDeadlines(const ScheduledPlan& s) {
  const std::vector<MissedDeadline> missed = MissedDeadlines(s.plan, *s.cal, s.schedule);
  for (const MissedDeadline& m : missed) PrintWarning(DeadlineMissText(s.plan, m));
  return static_cast<int>(missed.size());
}

}  // namespace rollout
