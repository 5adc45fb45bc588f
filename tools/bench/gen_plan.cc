// gen_plan: a large random plan on stdout, for benchmarks (docs/performance.md).
//   gen_plan --tasks N [--links-per-task 2] [--seed S] [--window W]
//            [--groups G] [--fs-only] [--format json|yaml|tjp]
// A random DAG with forward links only: task i links to distinct tasks among
// the W before it. Link types are mostly FS (unless --fs-only, all FS with lag
// 0); G groups wrap contiguous blocks of tasks. --format tjp writes the same
// tasks, durations and FS links as a TaskJuggler 3 project (needs --fs-only
// and --groups 0) with a CSV report of every task's start and end.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

struct Options {
  long tasks = 1000;
  double links = 2.0;
  unsigned seed = 1;
  long window = 1000;
  long groups = 10;
  bool fs_only = false;
  std::string format = "json";
};

struct Link {
  long pred;
  int type;  // 0 FS, 1 SS, 2 FF, 3 SF
  int lag;
};

struct Task {
  int dur;
  std::vector<Link> after;
};

const char* const kType[] = {"FS", "SS", "FF", "SF"};

bool Parse(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--fs-only") o->fs_only = true;
    else if (a == "--tasks" && has_value) o->tasks = std::atol(argv[++i]);
    else if (a == "--links-per-task" && has_value) o->links = std::atof(argv[++i]);
    else if (a == "--seed" && has_value) o->seed = static_cast<unsigned>(std::atol(argv[++i]));
    else if (a == "--window" && has_value) o->window = std::atol(argv[++i]);
    else if (a == "--groups" && has_value) o->groups = std::atol(argv[++i]);
    else if (a == "--format" && has_value) o->format = argv[++i];
    else return false;
  }
  if (o->format == "tjp" && (!o->fs_only || o->groups != 0)) return false;
  return o->tasks > 0 && o->window > 0 && o->groups >= 0 &&
         (o->format == "json" || o->format == "yaml" || o->format == "tjp");
}

std::vector<Task> Generate(const Options& o) {
  std::mt19937_64 rng(o.seed);
  std::vector<Task> tasks(o.tasks);
  const long whole = static_cast<long>(o.links);
  std::bernoulli_distribution extra(o.links - static_cast<double>(whole));
  for (long i = 0; i < o.tasks; ++i) {
    Task& t = tasks[i];
    t.dur = std::uniform_int_distribution<int>(0, 19)(rng) == 0
                ? 0
                : std::uniform_int_distribution<int>(1, 10)(rng);
    const long lo = std::max(0L, i - o.window);
    const long k = std::min(i - lo, whole + (extra(rng) ? 1 : 0));
    for (long n = 0; n < k; ++n) {
      Link l{std::uniform_int_distribution<long>(lo, i - 1)(rng), 0, 0};
      bool dup = false;
      for (const Link& x : t.after) dup = dup || x.pred == l.pred;
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

// Buffered stdout.
class Out {
 public:
  ~Out() { Flush(); }
  Out& operator<<(const std::string& s) { return Add(s.data(), s.size()); }
  Out& operator<<(const char* s) { return Add(s, std::strlen(s)); }
  Out& operator<<(long v) { return *this << std::to_string(v); }
  void Flush() {
    std::fwrite(buf_.data(), 1, buf_.size(), stdout);
    buf_.clear();
  }

 private:
  Out& Add(const char* s, size_t n) {
    buf_.append(s, n);
    if (buf_.size() > (1 << 20)) Flush();
    return *this;
  }
  std::string buf_;
};

// Group g wraps tasks [g * block, g * block + block / 2).
long BlockOf(const Options& o) { return o.groups > 0 ? std::max(2L, o.tasks / o.groups) : 0; }

void WriteTaskJson(Out& out, const Task& t, long i, const char* indent) {
  out << indent << "{\"id\":\"t" << i << "\",\"name\":\"Задача " << i << "\",\"duration\":"
      << static_cast<long>(t.dur);
  if (!t.after.empty()) {
    out << ",\"after\":[";
    for (size_t k = 0; k < t.after.size(); ++k) {
      const Link& l = t.after[k];
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

void WriteJson(const Options& o, const std::vector<Task>& tasks) {
  Out out;
  out << "{\"plan\":\"gen-" << o.tasks << "\",\"title\":\"Сгенерированный план\","
      << "\"start\":\"2027-01-11\",\"tasks\":[\n";
  const long block = BlockOf(o);
  for (long i = 0; i < o.tasks; ++i) {
    const bool opens = block > 0 && i % block == 0 && i + block / 2 <= o.tasks;
    const bool inside = block > 0 && i % block < block / 2 && i / block * block + block / 2 <= o.tasks;
    if (opens) out << "{\"id\":\"g" << i / block << "\",\"name\":\"Этап\",\"tasks\":[\n";
    WriteTaskJson(out, tasks[i], i, inside ? "  " : "");
    const bool closes = inside && i % block == block / 2 - 1;
    if (closes) out << "]}";
    out << (i + 1 < o.tasks ? ",\n" : "\n");
  }
  out << "]}\n";
}

// YAML flow style is JSON with a YAML reader; keep one writer.
void WriteYaml(const Options& o, const std::vector<Task>& tasks) { WriteJson(o, tasks); }

void WriteTjp(const Options& o, const std::vector<Task>& tasks) {
  Out out;
  out << "project gen \"Generated\" 2027-01-11 +100y {\n  timezone \"UTC\"\n}\n";
  for (long i = 0; i < o.tasks; ++i) {
    const Task& t = tasks[i];
    out << "task t" << i << " \"T" << i << "\" {\n";
    if (t.dur == 0) out << "  milestone\n";
    else out << "  length " << static_cast<long>(t.dur) << "d\n";
    if (t.after.empty()) out << "  start ${projectstart}\n";
    for (const Link& l : t.after) out << "  depends t" << l.pred << "\n";
    out << "}\n";
  }
  out << "taskreport \"tasks\" {\n  formats csv\n  columns id, start, end\n"
      << "  timeformat \"%Y-%m-%d\"\n}\n";
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!Parse(argc, argv, &o)) {
    std::fprintf(stderr,
                 "usage: gen_plan --tasks N [--links-per-task 2] [--seed S] [--window W] "
                 "[--groups G] [--fs-only] [--format json|yaml|tjp]\n"
                 "  tjp needs --fs-only --groups 0\n");
    return 2;
  }
  const std::vector<Task> tasks = Generate(o);
  if (o.format == "tjp") WriteTjp(o, tasks);
  else if (o.format == "yaml") WriteYaml(o, tasks);
  else WriteJson(o, tasks);
  return 0;
}
