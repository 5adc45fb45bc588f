#include "tools/bench/plan_generator.h"

#include <algorithm>
#include <cstring>
#include <random>

namespace rollout::bench {
namespace {

const char* const kType[] = {"FS", "SS", "FF", "SF"};

// Appends text; numbers in decimal.
class Out {
 public:
  Out& operator<<(const std::string& s) { return Add(s.data(), s.size()); }
  Out& operator<<(const char* s) { return Add(s, std::strlen(s)); }
  Out& operator<<(long v) { return *this << std::to_string(v); }
  std::string Take() { return std::move(buf_); }

 private:
  Out& Add(const char* s, size_t n) {
    buf_.append(s, n);
    return *this;
  }
  std::string buf_;
};

// Group g wraps tasks [g * block, g * block + block / 2).
long BlockOf(const GenOptions& o) { return o.groups > 0 ? std::max(2L, o.tasks / o.groups) : 0; }

void WriteTaskJson(Out& out, const GenTask& t, long i, const char* indent, bool estimate) {
  out << indent << "{\"id\":\"t" << i << "\",\"name\":\"Задача " << i << "\",\"duration\":"
      << static_cast<long>(t.dur);
  if (estimate && t.dur > 0) {
    out << ",\"estimate\":{\"min\":" << static_cast<long>((t.dur + 1) / 2)
        << ",\"likely\":" << static_cast<long>(t.dur) << ",\"max\":" << 2L * t.dur << "}";
  }
  if (!t.after.empty()) {
    out << ",\"after\":[";
    for (size_t k = 0; k < t.after.size(); ++k) {
      const GenLink& l = t.after[k];
      if (k > 0) out << ",";
      if (l.type == 0 && l.lag == 0) {
        out << "\"t" << l.pred << "\"";
      } else {
        out << "{\"task\":\"t" << l.pred << "\",\"type\":\"" << kType[l.type]
            << "\",\"lag\":" << static_cast<long>(l.lag) << "}";
      }
    }
    out << "]";
  }
  out << "}";
}

}  // namespace

std::vector<GenTask> GenerateTasks(const GenOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::vector<GenTask> tasks(o.tasks);
  const long whole = static_cast<long>(o.links);
  std::bernoulli_distribution extra(o.links - static_cast<double>(whole));
  for (long i = 0; i < o.tasks; ++i) {
    GenTask& t = tasks[i];
    t.dur = std::uniform_int_distribution<int>(0, 19)(rng) == 0
                ? 0
                : std::uniform_int_distribution<int>(1, 10)(rng);
    const long lo = std::max(0L, i - o.window);
    const long k = std::min(i - lo, whole + (extra(rng) ? 1 : 0));
    for (long n = 0; n < k; ++n) {
      GenLink l{std::uniform_int_distribution<long>(lo, i - 1)(rng), 0, 0};
      bool dup = false;
      for (const GenLink& x : t.after) dup = dup || x.pred == l.pred;
      if (dup) continue;
      if (!o.fs_only) {
        const int r = std::uniform_int_distribution<int>(0, 99)(rng);
        l.type = r < 85 ? 0 : r < 90 ? 1 : r < 95 ? 2 : 3;
        if (std::uniform_int_distribution<int>(0, 9)(rng) == 0)
          l.lag = std::uniform_int_distribution<int>(-2, 3)(rng);
      }
      t.after.push_back(l);
    }
  }
  return tasks;
}

std::string PlanJson(const GenOptions& o, const std::vector<GenTask>& tasks) {
  Out out;
  out << "{\"plan\":\"gen-" << o.tasks << "\",\"title\":\"Сгенерированный план\","
      << "\"start\":\"2027-01-11\",\"tasks\":[\n";
  const long block = BlockOf(o);
  for (long i = 0; i < o.tasks; ++i) {
    const bool opens = block > 0 && i % block == 0 && i + block / 2 <= o.tasks;
    const bool inside = block > 0 && i % block < block / 2 && i / block * block + block / 2 <= o.tasks;
    if (opens) out << "{\"id\":\"g" << i / block << "\",\"name\":\"Этап\",\"tasks\":[\n";
    WriteTaskJson(out, tasks[i], i, inside ? "  " : "", o.estimates);
    const bool closes = inside && i % block == block / 2 - 1;
    if (closes) out << "]}";
    out << (i + 1 < o.tasks ? ",\n" : "\n");
  }
  out << "]}\n";
  return out.Take();
}

std::string PlanTjp(const std::vector<GenTask>& tasks) {
  Out out;
  out << "project gen \"Generated\" 2027-01-11 +100y {\n  timezone \"UTC\"\n}\n";
  for (long i = 0; i < static_cast<long>(tasks.size()); ++i) {
    const GenTask& t = tasks[i];
    out << "task t" << i << " \"T" << i << "\" {\n";
    if (t.dur == 0) out << "  milestone\n";
    else out << "  length " << static_cast<long>(t.dur) << "d\n";
    if (t.after.empty()) out << "  start ${projectstart}\n";
    for (const GenLink& l : t.after) out << "  depends t" << l.pred << "\n";
    out << "}\n";
  }
  out << "taskreport \"tasks\" {\n  formats csv\n  columns id, start, end\n"
      << "  timeformat \"%Y-%m-%d\"\n}\n";
  return out.Take();
}

}  // namespace rollout::bench
