#include "tools/cli/schedule_view.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <memory>
#include <string>
#include <thread>
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
  explicit OutBuffer(std::FILE* out) : out_(out), buf_(new char[kSize]) {}
  /// A buffer whose text is appended to |*sink| (a part of the output made
  /// on another thread) instead of written.
  explicit OutBuffer(std::string* sink) : sink_(sink), buf_(new char[kSize]) {}
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
    std::memcpy(buf_.get() + n_, v.data(), v.size());
    n_ += v.size();
  }
  void Int(long v) {
    if (kSize - n_ < 24) Flush();
    char* p = buf_.get() + n_;
    n_ += static_cast<size_t>(std::to_chars(p, p + 24, v).ptr - p);
  }
  /// |v| as a JSON string (JsonString's text).
  void Quoted(const std::string& v) {
    scratch_.clear();
    AppendJsonString(v, &scratch_);
    Put(scratch_);
  }
  void Flush() {
    if (n_ > 0 && sink_ != nullptr) sink_->append(buf_.get(), n_);
    if (n_ > 0 && sink_ == nullptr) std::fwrite(buf_.get(), 1, n_, out_);
    n_ = 0;
  }

 private:
  static constexpr size_t kSize = size_t{1} << 20;
  std::FILE* out_ = nullptr;
  std::string* sink_ = nullptr;
  // Not value-initialised: a small plan's output touches only the pages it
  // fills (a vector's zeroing faulted in the whole MiB).
  std::unique_ptr<char[]> buf_;
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

void TaskJson(const ScheduledPlan& s, const WorkCalendar& cal, int i, DateTexts* dates,
              OutBuffer* out) {
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
    TaskDates d = DatesOf(cal, x.es, x.ef);
    j.Plain("start", dates->Of(d.start));
    j.Plain("finish", dates->Of(d.finish));
    if (!s.assigned[i].empty()) j.List("assigned", s.assigned[i]);
  }
  j.Close();
}

Date ProjectFinish(const ScheduledPlan& s) {
  return s.cal->DateOf(std::max(0, s.schedule.finish - 1));
}

// The tasks [begin, end) of the JSON, each after ",\n" but the first task
// of all; |cal| and |dates| are this thread's (both cache what they compute).
void TasksJson(const ScheduledPlan& s, const WorkCalendar& cal, size_t begin, size_t end,
               DateTexts* dates, OutBuffer* out) {
  for (size_t i = begin; i < end; ++i) {
    if (i > 0) out->Put(std::string_view(",\n"));
    TaskJson(s, cal, static_cast<int>(i), dates, out);
  }
}

// A large schedule's tasks in blocks of kJsonBlock, the odd blocks made on a
// second thread (its own calendar copy and date texts) while this one makes
// and writes the even ones; each odd block is written in its turn, so the
// output is the one thread's, byte for byte. At most two blocks wait.
constexpr size_t kJsonBlock = 8192;

void TasksJsonOnTwoThreads(const ScheduledPlan& s, Date first, Date last, OutBuffer* buf) {
  const size_t n = s.plan.tasks.size();
  const size_t blocks = (n + kJsonBlock - 1) / kJsonBlock;
  struct Made {
    size_t block;
    std::string text;
  };
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Made> made;  // odd blocks made, in order, not yet written
  bool stop = false;      // the writer gives up (never: kept for the join)
  std::thread helper([&] {
    const WorkCalendar cal = *s.cal;
    DateTexts dates(first, last);
    for (size_t b = 1; b < blocks; b += 2) {
      Made m{b, {}};
      m.text.reserve(kJsonBlock * 256);
      {
        OutBuffer out(&m.text);
        TasksJson(s, cal, b * kJsonBlock, std::min(n, (b + 1) * kJsonBlock), &dates, &out);
      }
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return made.size() < 2 || stop; });
      if (stop) return;
      made.push_back(std::move(m));
      cv.notify_all();
    }
  });
  DateTexts dates(first, last);
  for (size_t b = 0; b < blocks; ++b) {
    if (b % 2 == 0) {
      TasksJson(s, *s.cal, b * kJsonBlock, std::min(n, (b + 1) * kJsonBlock), &dates, buf);
      continue;
    }
    Made m;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return !made.empty(); });
      m = std::move(made.front());
      made.pop_front();
      cv.notify_all();
    }
    buf->Put(m.text);
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    stop = true;
    cv.notify_all();
  }
  helper.join();
}

}  // namespace

void WriteScheduleJson(const ScheduledPlan& s, std::FILE* out, unsigned threads) {
  OutBuffer buf(out);
  buf.Put(std::string_view("{\"plan\":"));
  buf.Quoted(s.plan.id);
  buf.Put(",\"start\":\"" + FormatDate(s.plan.start) + "\"");
  buf.Put(",\"finish\":\"" + FormatDate(ProjectFinish(s)) + "\"");
  buf.Put(",\"duration\":" + std::to_string(s.schedule.finish));
  buf.Put(std::string(",\"levelled\":") + (s.levelled ? "true" : "false"));
  buf.Put(std::string_view(",\"tasks\":[\n"));
  if (threads == 0) threads = std::thread::hardware_concurrency();
  if (threads >= 2 && s.plan.tasks.size() >= 4 * kJsonBlock) {
    TasksJsonOnTwoThreads(s, s.plan.start, ProjectFinish(s), &buf);
  } else {
    DateTexts dates(s.plan.start, ProjectFinish(s));
    TasksJson(s, *s.cal, 0, s.plan.tasks.size(), &dates, &buf);
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
