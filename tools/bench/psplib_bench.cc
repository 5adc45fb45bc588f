// psplib_bench: levels PSPLIB j30/j60/j120 instances through the whole
// import path (.sm -> plan YAML -> reader -> network -> LevelPlan), checks
// every schedule against the instance data with its own code, and prints the
// mean deviation from the optimum (j30) or best known makespan (j60, j120)
// and from the critical-path bound, with the wall and CPU time per instance.
//
//   psplib_bench [--data DIR] [--set j30|j60|j120|all] [--limit N] [--effort N] [--seed S]
//                [--verbose]
//
// --effort 0 is the default effort of `rollout schedule --level` (LevelOptions).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "engine/leveller.h"
#include "engine/network.h"
#include "engine/work_calendar.h"
#include "workflows/plan_reader.h"
#include "workflows/psplib_reader.h"

namespace rollout {
namespace {

struct Options {
  std::string data;  // --data DIR, else $ROLLOUT_PSPLIB (the instances are not in the repo)
  std::string set = "all";
  int limit = 0;
  int effort = 0;  // 0 = the default (automatic) effort
  uint64_t seed = 1;
  bool verbose = false;
};

// "Par Inst Makespan ..." tables: (par, inst) -> the third column.
std::map<std::pair<int, int>, int> ReadTable(const std::string& path) {
  std::map<std::pair<int, int>, int> table;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    int par = 0, inst = 0, value = 0;
    if (row >> par >> inst >> value) table[{par, inst}] = value;
  }
  return table;
}

// "j" + 7 -> "j7" (a helper: GCC 12 warns falsely on literal + to_string).
std::string Tag(const char* prefix, int x) {
  std::string s = prefix;
  s += std::to_string(x);
  return s;
}

// The independent check: from the instance itself, not from the plan.
std::string Check(const PsplibInstance& inst, const std::vector<int>& es,
                  const std::vector<std::vector<std::string>>& people) {
  const int n = inst.jobs;
  const int k = static_cast<int>(inst.capacity.size());
  for (int j = 0; j < n; ++j) {
    if (es[j] < 0) return Tag("negative start of j", j + 1);
    for (int s : inst.successors[j])
      if (es[s - 1] < es[j] + inst.duration[j])
        return Tag("j", s) + Tag(" starts before j", j + 1) + " ends";
  }
  int horizon = 0;
  for (int j = 0; j < n; ++j) horizon = std::max(horizon, es[j] + inst.duration[j]);
  std::vector<std::vector<int>> use(k, std::vector<int>(horizon, 0));
  std::map<std::string, std::vector<int>> busy;
  for (int j = 0; j < n; ++j) {
    std::vector<int> per_role(k, 0);
    for (const std::string& p : people[j]) {
      const int r = std::atoi(p.c_str() + 1) - 1;  // "R<k>-<c>"
      if (r < 0 || r >= k) return "bad person " + p;
      ++per_role[r];
      std::vector<int>& days = busy[p];
      days.resize(horizon, 0);
      for (int t = es[j]; t < es[j] + inst.duration[j]; ++t)
        if (++days[t] > 1) return p + Tag(" double-booked on day ", t);
    }
    for (int r = 0; r < k; ++r) {
      if (per_role[r] != inst.demand[j][r])
        return Tag("j", j + 1) + Tag(" got the wrong number of R", r + 1);
      for (int t = es[j]; t < es[j] + inst.duration[j]; ++t) use[r][t] += inst.demand[j][r];
    }
  }
  for (int r = 0; r < k; ++r)
    for (int t = 0; t < horizon; ++t)
      if (use[r][t] > inst.capacity[r])
        return Tag("R", r + 1) + Tag(" over capacity on day ", t);
  return "";
}

struct SetResult {
  int instances = 0;
  int infeasible = 0;
  int optimal_hits = 0;
  double dev_ref = 0;   // vs optimum (j30) or best known (j60, j120)
  double dev_cpm = 0;   // vs the critical-path bound
  double seconds = 0;
  double max_seconds = 0;
  double cpu = 0;  // CPU seconds of LevelPlan (the load of other processes aside)
  double max_cpu = 0;
};

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The reference makespans of a set: the optimum (j30), else the best known.
std::string ReferenceFile(const std::string& set) {
  if (set == "j30") return "j30opt.sm";
  return set + "hrs.sm";
}

bool RunSet(const Options& o, const std::string& set, SetResult* out) {
  const std::string dir = o.data + "/" + set;
  const auto ref = ReadTable(o.data + "/solutions/" + ReferenceFile(set));
  if (!std::filesystem::is_directory(dir)) {
    std::fprintf(stderr, "psplib_bench: no folder %s\n", dir.c_str());
    return false;
  }
  std::vector<std::pair<std::pair<int, int>, std::string>> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    int par = 0, inst = 0;
    if (name.rfind(set, 0) == 0 &&
        std::sscanf(name.c_str() + set.size(), "%d_%d.sm", &par, &inst) == 2)
      files.push_back({{par, inst}, e.path().string()});
  }
  std::sort(files.begin(), files.end());
  if (o.limit > 0 && static_cast<int>(files.size()) > o.limit) {
    // An even spread over the parameter groups, not just the first ones.
    std::vector<std::pair<std::pair<int, int>, std::string>> picked;
    for (int i = 0; i < o.limit; ++i) picked.push_back(files[i * files.size() / o.limit]);
    files = picked;
  }
  for (const auto& [key, path] : files) {
    std::string text;
    if (!ReadFileText(path, &text)) return false;
    Result<PsplibInstance> inst = ParsePsplib(text);
    if (!inst.ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), inst.errors()[0].message.c_str());
      return false;
    }
    Result<Plan> plan = ReadPlan(path + ".yaml", PsplibPlanYaml(inst.value(), "p"));
    if (!plan.ok()) {
      std::fprintf(stderr, "%s: import not readable: %s\n", path.c_str(),
                   plan.errors()[0].message.c_str());
      return false;
    }
    const Plan& p = plan.value();
    Network net = std::move(BuildNetwork(p, IndexTasks(p)).value());
    WorkCalendar cal(p.calendar, p.start);
    LevelOptions lo;
    lo.effort = o.effort;
    lo.seed = o.seed;
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = CpuSeconds();
    Result<LevelledSchedule> lev = LevelPlan(p, net, cal, lo);
    const double cpu = CpuSeconds() - c0;
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!lev.ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), lev.errors()[0].message.c_str());
      return false;
    }
    // Tasks j1..jn are plan tasks 0..n-1 (no groups).
    std::vector<int> es(inst.value().jobs);
    for (int j = 0; j < inst.value().jobs; ++j) es[j] = lev.value().schedule.tasks[j].es;
    const std::string problem = Check(inst.value(), es, lev.value().assigned);
    const int makespan = lev.value().schedule.finish;
    const int cpm = inst.value().mpm_time;
    const int best = ref.count(key) > 0 ? ref.at(key) : 0;
    ++out->instances;
    if (!problem.empty()) {
      ++out->infeasible;
      std::printf("INFEASIBLE %s: %s\n", path.c_str(), problem.c_str());
    }
    if (best > 0) out->dev_ref += 100.0 * (makespan - best) / best;
    if (makespan == best) ++out->optimal_hits;
    out->dev_cpm += 100.0 * (makespan - cpm) / cpm;
    out->seconds += secs;
    out->max_seconds = std::max(out->max_seconds, secs);
    out->cpu += cpu;
    out->max_cpu = std::max(out->max_cpu, cpu);
    if (o.verbose)
      std::printf("%-12s makespan %4d  ref %4d  cpm %4d  %.3f s  %.3f cpu_s  %d schedules\n",
                  std::filesystem::path(path).filename().c_str(), makespan, best, cpm, secs, cpu,
                  lev.value().schedules);
  }
  return true;
}

int Main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--data") o.data = next();
    else if (a == "--set") o.set = next();
    else if (a == "--limit") o.limit = std::atoi(next().c_str());
    else if (a == "--effort") o.effort = std::atoi(next().c_str());
    else if (a == "--seed") o.seed = std::strtoull(next().c_str(), nullptr, 10);
    else if (a == "--verbose") o.verbose = true;
    else {
      std::fprintf(stderr,
                   "usage: psplib_bench [--data DIR] [--set j30|j60|j120|all] [--limit N] "
                   "[--effort N] [--seed S] [--verbose]\n");
      return 2;
    }
  }
  if (o.data.empty() && std::getenv("ROLLOUT_PSPLIB") != nullptr) o.data = std::getenv("ROLLOUT_PSPLIB");
  if (o.data.empty()) {
    std::fprintf(
        stderr,
        "psplib_bench: pass --data DIR (or ROLLOUT_PSPLIB=DIR): the folder with j30/, j60/ "
        "(j120/) and solutions/ of PSPLIB\n");
    return 2;
  }
  std::vector<std::string> sets;
  if (o.set == "all" || o.set == "j30") sets.push_back("j30");
  if (o.set == "all" || o.set == "j60") sets.push_back("j60");
  if (o.set == "j120" || (o.set == "all" && std::filesystem::is_directory(o.data + "/j120")))
    sets.push_back("j120");
  if (o.effort > 0)
    std::printf("effort %d schedules, seed %llu\n", o.effort,
                static_cast<unsigned long long>(o.seed));
  else
    std::printf(
        "default effort (LevelOptions: %d schedules for 32 tasks, %d for 62, %d for 122; "
        "run length %d, %d, %d), seed %llu\n",
        EffectiveEffort(0, 32, true), EffectiveEffort(0, 62, true), EffectiveEffort(0, 122, true),
        RunLength(32, true), RunLength(62, true), RunLength(122, true),
        static_cast<unsigned long long>(o.seed));
  std::printf("%-4s %9s %10s %13s %14s %9s %11s %11s %11s %11s\n", "set", "instances", "infeasible",
              "dev_ref_%", "dev_cpm_%", "hits", "mean_s", "max_s", "mean_cpu_s", "max_cpu_s");
  bool ok = true;
  for (const std::string& set : sets) {
    SetResult r;
    if (!RunSet(o, set, &r)) return 1;
    const double n = std::max(1, r.instances);
    std::printf("%-4s %9d %10d %13.3f %14.2f %9d %11.4f %11.4f %11.4f %11.4f\n", set.c_str(),
                r.instances, r.infeasible, r.dev_ref / n, r.dev_cpm / n, r.optimal_hits,
                r.seconds / n, r.max_seconds, r.cpu / n, r.max_cpu);
    ok = ok && r.infeasible == 0;
  }
  std::printf(
      "dev_ref: j30 vs the optimum (j30opt.sm), j60/j120 vs the best known "
      "(j60hrs.sm, j120hrs.sm);\n"
      "dev_cpm: vs the critical-path bound (MPM-Time); hits: makespan == reference;\n"
      "time: LevelPlan alone, wall (s) and CPU of this process (cpu_s)\n");
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace rollout

int main(int argc, char** argv) { return rollout::Main(argc, argv); }
