// The phases of `rollout schedule PLAN --json` on generated plans (issue #3),
// and rollout's schedule phase side by side with a plain-array CPM over the
// same graph. Run: build/release/tools/bench/cpm_bench
//
// Phases (what `rollout --timings schedule` prints, here in process):
//   ReadPlan   parse + validate of the JSON text (ReadPlan; the validator
//              builds the network for its cycle check and hands it out)
//   Validate   ValidatePlan alone, network included
//   Network    BuildNetwork alone (id index, expanded links, CSR, topo order)
//   Schedule   SchedulePlan with the network already built: calendar, CPM
//              inputs from the plan, both passes over the CSR graph, floats,
//              critical flags, group summaries, the sorted critical path
//   Output     WriteScheduleJson to /dev/null
//   ReadPlanYaml  the same for the plan as block-style YAML (PlanYaml): the
//              libyaml fast path (FlatDoc::ParseYaml) and the tree reader
//   ParseYaml  FlatDoc::ParseYaml alone, on one thread (/1) and as the reader
//              does it (/0: split over the cores, flat_yaml.cc), wall time;
//              the bytes its arrays hold per byte of YAML (bytes_per_byte)
// ScheduleVsPlainArray runs Schedule and its plain-array twin on the same
// graph in the same iteration and reports the ratio (see PlainScheduleJob
// for what the twin does; its results are checked against rollout's).
// PlainCpm alone: the passes on flat arrays (offsets, targets, types, lags,
// durations, bounds, one topological order, all prepared beforehand):
// forward, backward, total and free float and critical flags per node.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>

#include "engine/critical_path.h"
#include "engine/network.h"
#include "engine/plan_validator.h"
#include "tools/bench/plan_generator.h"
#include "tools/cli/plan_file.h"
#include "tools/cli/schedule_view.h"
#include "workflows/flat_doc.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

struct Fixture {
  std::string text;
  Plan plan;
  Network net;
};

// One generated plan per size (seed 1, 10 groups, ~2 links per task), kept
// for the whole run.
Fixture& Plan1(long tasks) {
  static std::map<long, std::unique_ptr<Fixture>> cache;
  std::unique_ptr<Fixture>& f = cache[tasks];
  if (f) return *f;
  f = std::make_unique<Fixture>();
  bench::GenOptions o;
  o.tasks = tasks;
  f->text = bench::PlanJson(o, bench::GenerateTasks(o));
  Result<Plan> r = ReadPlan("gen.json", f->text, nullptr, &f->net);
  if (!r.ok()) std::abort();
  f->plan = std::move(r.value());
  return *f;
}

double Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// Flat arrays of the same graph: CSR offsets and targets, link types and
// lags, the topological order and the inputs of the passes.
struct FlatCpm {
  std::vector<uint32_t> offsets, targets, topo;
  std::vector<uint8_t> types;
  std::vector<int32_t> lags;
  std::vector<int> duration, min_es, max_lf;
  // Outputs.
  std::vector<int> es, ef, ls, lf, total_float, free_float, bound;
  std::vector<uint8_t> critical;
  int finish = 0;
};

FlatCpm Flatten(const Plan& plan, const Network& net) {
  const size_t n = net.size();
  FlatCpm f;
  f.offsets.push_back(0);
  for (uint32_t v = 0; v < n; ++v) {
    for (auto e : boost::make_iterator_range(boost::out_edges(v, net.graph))) {
      f.targets.push_back(static_cast<uint32_t>(target(e, net.graph)));
      f.types.push_back(static_cast<uint8_t>(net.graph[e].type));
      f.lags.push_back(net.graph[e].lag);
    }
    f.offsets.push_back(static_cast<uint32_t>(f.targets.size()));
  }
  f.topo = net.topo;
  WorkCalendar cal(plan.calendar, plan.start);
  CpmInput in = PlanInput(plan, net, cal);
  f.duration = in.duration;
  f.min_es = in.min_es;
  f.max_lf = in.max_lf;
  for (auto* v : {&f.es, &f.ef, &f.ls, &f.lf, &f.total_float, &f.free_float, &f.bound})
    v->resize(n);
  f.critical.resize(n);
  return f;
}

void PlainCpm(FlatCpm& f) {
  std::copy(f.min_es.begin(), f.min_es.end(), f.bound.begin());
  int finish = 0;
  for (uint32_t v : f.topo) {
    const int es = std::max(0, f.bound[v]);
    const int ef = es + f.duration[v];
    f.es[v] = es;
    f.ef[v] = ef;
    finish = std::max(finish, ef);
    for (uint32_t k = f.offsets[v]; k < f.offsets[v + 1]; ++k) {
      const uint32_t s = f.targets[k];
      const int lag = f.lags[k];
      int b = 0;
      switch (f.types[k]) {
        case 0: b = ef + lag; break;
        case 1: b = es + lag; break;
        case 2: b = ef + lag - f.duration[s]; break;
        default: b = es + lag - f.duration[s]; break;
      }
      f.bound[s] = std::max(f.bound[s], b);
    }
  }
  f.finish = finish;
  for (auto it = f.topo.rbegin(); it != f.topo.rend(); ++it) {
    const uint32_t v = *it;
    const int dur = f.duration[v];
    int lf = std::min(finish, f.max_lf[v]);
    int ff = INT_MAX;
    for (uint32_t k = f.offsets[v]; k < f.offsets[v + 1]; ++k) {
      const uint32_t s = f.targets[k];
      const int lag = f.lags[k];
      switch (f.types[k]) {
        case 0:
          lf = std::min(lf, f.ls[s] - lag);
          ff = std::min(ff, f.es[s] - lag - f.ef[v]);
          break;
        case 1:
          lf = std::min(lf, f.ls[s] - lag + dur);
          ff = std::min(ff, f.es[s] - lag - f.es[v]);
          break;
        case 2:
          lf = std::min(lf, f.lf[s] - lag);
          ff = std::min(ff, f.ef[s] - lag - f.ef[v]);
          break;
        default:
          lf = std::min(lf, f.lf[s] - lag + dur);
          ff = std::min(ff, f.ef[s] - lag - f.es[v]);
          break;
      }
    }
    f.lf[v] = lf;
    f.ls[v] = lf - dur;
    f.total_float[v] = f.ls[v] - f.es[v];
    f.free_float[v] = ff == INT_MAX ? f.total_float[v] : ff;
    f.critical[v] = f.total_float[v] <= 0;
  }
}

// The whole job of the schedule phase on plain arrays: fresh output arrays,
// the inputs read from the plan (duration, not_before, deadline through the
// calendar), both passes on |f|'s flat graph, floats and critical flags, the
// times of every task and group, the critical path sorted by (es, ef, id),
// and the copy of the assignees the CLI keeps. Only the graph (offsets,
// targets, types, lags, topological order) is prepared beforehand, as
// rollout's network is built beforehand by the validator.
struct PlainJob {
  std::vector<TaskTimes> tasks;
  std::vector<int> critical_path;
  std::vector<std::vector<std::string>> assigned;
  int finish = 0;
};

PlainJob PlainScheduleJob(const Plan& plan, const Network& net, FlatCpm& f) {
  const size_t n = net.size();
  WorkCalendar cal(plan.calendar, plan.start);
  for (auto* v : {&f.duration, &f.min_es, &f.max_lf, &f.es, &f.ef, &f.ls, &f.lf, &f.total_float,
                  &f.free_float, &f.bound})
    *v = std::vector<int>(n);
  f.critical = std::vector<uint8_t>(n);
  for (size_t v = 0; v < n; ++v) {
    const Task& t = plan.tasks[net.node_task[v]];
    f.duration[v] = t.duration;
    f.min_es[v] = t.not_before ? cal.OffStart(*t.not_before) : 0;
    f.max_lf[v] = t.deadline ? cal.OffEnd(*t.deadline) : INT_MAX;
  }
  PlainCpm(f);
  PlainJob job;
  job.finish = f.finish;
  job.tasks.resize(plan.tasks.size());
  for (size_t v = 0; v < n; ++v) {
    const int i = net.node_task[v];
    job.tasks[i] = {f.es[v], f.ef[v], f.ls[v], f.lf[v], f.total_float[v], f.free_float[v],
                    f.critical[v] != 0};
    if (f.critical[v]) job.critical_path.push_back(i);
  }
  for (int i = static_cast<int>(plan.tasks.size()) - 1; i >= 0; --i) {
    if (net.task_node[i] >= 0) continue;
    TaskTimes& g = job.tasks[i];
    const std::vector<int>& children = plan.tasks[i].children;
    for (size_t k = 0; k < children.size(); ++k) {
      const TaskTimes& c = job.tasks[children[k]];
      if (k == 0) {
        g = c;
        g.free_float = 0;
        continue;
      }
      g.es = std::min(g.es, c.es);
      g.ef = std::max(g.ef, c.ef);
      g.ls = std::min(g.ls, c.ls);
      g.lf = std::max(g.lf, c.lf);
      g.total_float = std::min(g.total_float, c.total_float);
    }
    g.critical = g.total_float <= 0;
  }
  std::sort(job.critical_path.begin(), job.critical_path.end(), [&](int a, int b) {
    const TaskTimes& x = job.tasks[a];
    const TaskTimes& y = job.tasks[b];
    if (x.es != y.es) return x.es < y.es;
    if (x.ef != y.ef) return x.ef < y.ef;
    return plan.tasks[a].id < plan.tasks[b].id;
  });
  job.assigned.resize(plan.tasks.size());
  for (size_t i = 0; i < plan.tasks.size(); ++i) job.assigned[i] = plan.tasks[i].assignee;
  return job;
}

// Runs the CLI's schedule phase on |f| without copying the plan.
ScheduledPlan SchedulePhase(Fixture& f) {
  return SchedulePlan(std::move(f.plan), nullptr, &f.net);
}

void GiveBack(Fixture& f, ScheduledPlan& s) {
  f.plan = std::move(s.plan);
  f.net = std::move(s.net);
}

bool SameJob(const ScheduledPlan& s, const PlainJob& job) {
  if (s.schedule.finish != job.finish || s.schedule.critical_path != job.critical_path)
    return false;
  for (size_t i = 0; i < job.tasks.size(); ++i) {
    const TaskTimes& a = s.schedule.tasks[i];
    const TaskTimes& b = job.tasks[i];
    if (a.es != b.es || a.ef != b.ef || a.ls != b.ls || a.lf != b.lf ||
        a.total_float != b.total_float || a.free_float != b.free_float || a.critical != b.critical)
      return false;
  }
  return true;
}

bool SameResults(const ScheduledPlan& s, const FlatCpm& f) {
  if (s.schedule.finish != f.finish) return false;
  for (size_t v = 0; v < s.net.size(); ++v) {
    const TaskTimes& t = s.schedule.tasks[s.net.node_task[v]];
    if (t.es != f.es[v] || t.ef != f.ef[v] || t.ls != f.ls[v] || t.lf != f.lf[v] ||
        t.total_float != f.total_float[v] || t.free_float != f.free_float[v] ||
        t.critical != (f.critical[v] != 0))
      return false;
  }
  return true;
}

void SetSize(benchmark::State& state, const Fixture& f) {
  state.counters["tasks"] = static_cast<double>(f.plan.tasks.size());
  state.counters["links"] = static_cast<double>(boost::num_edges(f.net.graph));
}

void BM_ReadPlan(benchmark::State& state) {
  Fixture& f = Plan1(state.range(0));
  double parse = 0, validate = 0;
  for (auto _ : state) {
    PhaseTimer timer;
    Network net;
    Result<Plan> r = ReadPlan("gen.json", f.text, &timer, &net);
    benchmark::DoNotOptimize(r.ok());
    parse += timer.phases()[0].second;
    validate += timer.phases()[1].second;
  }
  state.counters["parse_ms"] = parse / static_cast<double>(state.iterations());
  state.counters["validate_ms"] = validate / static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(f.text.size()) * state.iterations());
}

// The plan of Plan1 as block-style YAML, one text per size.
const std::string& YamlText(long tasks) {
  static std::map<long, std::string> cache;
  std::string& text = cache[tasks];
  if (text.empty()) {
    bench::GenOptions o;
    o.tasks = tasks;
    text = bench::PlanYaml(o, bench::GenerateTasks(o));
  }
  return text;
}

void BM_ReadPlanYaml(benchmark::State& state) {
  const std::string& text = YamlText(state.range(0));
  double parse = 0, validate = 0;
  for (auto _ : state) {
    PhaseTimer timer;
    Network net;
    Result<Plan> r = ReadPlan("gen.yaml", text, &timer, &net);
    if (!r.ok()) {
      state.SkipWithError("the generated YAML plan does not read");
      return;
    }
    parse += timer.phases()[0].second;
    validate += timer.phases()[1].second;
  }
  state.counters["parse_ms"] = parse / static_cast<double>(state.iterations());
  state.counters["validate_ms"] = validate / static_cast<double>(state.iterations());
  state.counters["yaml_bytes"] = static_cast<double>(text.size());
  state.SetBytesProcessed(static_cast<int64_t>(text.size()) * state.iterations());
}

// Second argument: the parts (threads) the text may be split into; 0 for
// ParseYaml's default (the machine's cores, texts of 64 KiB and more). Wall
// time (UseRealTime) and the CPU of every thread (MeasureProcessCPUTime):
// the other parts run on threads of their own; caller_cpu_ms is the calling
// thread's alone, the critical path on a machine with a core free per part.
void BM_ParseYaml(benchmark::State& state) {
  const std::string& text = YamlText(state.range(0));
  const FlatDoc::YamlThreads threads =
      state.range(1) == 0 ? FlatDoc::DefaultYamlThreads()
                          : FlatDoc::YamlThreads{static_cast<unsigned>(state.range(1)), 0};
  const auto thread_cpu_ms = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
  };
  size_t held = 0;
  unsigned parts = 0;
  double calling_thread = 0;
  for (auto _ : state) {
    FlatDoc doc;
    const double t0 = thread_cpu_ms();
    if (!doc.ParseYaml(text, kYamlExpansionBase + kYamlExpansionPerByte * text.size(), threads)) {
      state.SkipWithError("the generated YAML plan does not parse");
      return;
    }
    calling_thread += thread_cpu_ms() - t0;
    held = doc.capacity_bytes();
    parts = doc.yaml_parts();
  }
  state.counters["bytes_per_byte"] = static_cast<double>(held) / static_cast<double>(text.size());
  state.counters["parts"] = parts;
  // The calling thread's CPU: the first part, the join and the waits for
  // nothing (the CPU column is the whole process's, every thread).
  state.counters["caller_cpu_ms"] = calling_thread / static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(text.size()) * state.iterations());
}

// Arguments: tasks, threads (0: the default, two from 65,536 tasks).
void BM_Validate(benchmark::State& state) {
  Fixture& f = Plan1(state.range(0));
  for (auto _ : state) {
    Network net;
    Errors errors = ValidatePlan(f.plan, &net, static_cast<unsigned>(state.range(1)));
    benchmark::DoNotOptimize(errors.size());
  }
  SetSize(state, f);
}

void BM_Network(benchmark::State& state) {
  Fixture& f = Plan1(state.range(0));
  for (auto _ : state) {
    Result<Network> net = BuildNetwork(f.plan, IndexTasks(f.plan));
    benchmark::DoNotOptimize(net.ok());
  }
  SetSize(state, f);
}

void BM_Schedule(benchmark::State& state) {
  Fixture& f = Plan1(state.range(0));
  for (auto _ : state) {
    ScheduledPlan s = SchedulePhase(f);
    benchmark::DoNotOptimize(s.schedule.finish);
    GiveBack(f, s);
  }
  SetSize(state, f);
}

void BM_PlainCpm(benchmark::State& state) {
  Fixture& f = Plan1(state.range(0));
  FlatCpm flat = Flatten(f.plan, f.net);
  for (auto _ : state) {
    PlainCpm(flat);
    benchmark::DoNotOptimize(flat.finish);
  }
  SetSize(state, f);
}

void BM_Output(benchmark::State& state) {
  Fixture& f = Plan1(state.range(0));
  ScheduledPlan s = SchedulePhase(f);
  std::FILE* null = std::fopen("/dev/null", "w");
  for (auto _ : state) WriteScheduleJson(s, null);
  std::fclose(null);
  GiveBack(f, s);
  SetSize(state, f);
}

// Both in one iteration, timed separately, in alternating order:
//   ratio        = rollout's schedule phase / PlainScheduleJob (the same job)
//   ratio_passes = rollout's schedule phase / PlainCpm (passes only, inputs
//                  and output arrays ready: a lower bound no real phase meets)
void BM_ScheduleVsPlainArray(benchmark::State& state) {
  Fixture& f = Plan1(state.range(0));
  FlatCpm flat = Flatten(f.plan, f.net);
  double schedule = 0, plain = 0, passes = 0;
  bool plain_first = false;
  for (auto _ : state) {
    plain_first = !plain_first;
    PlainJob job;
    auto t0 = std::chrono::steady_clock::now();
    if (plain_first) job = PlainScheduleJob(f.plan, f.net, flat);
    auto t1 = std::chrono::steady_clock::now();
    ScheduledPlan s = SchedulePhase(f);
    auto t2 = std::chrono::steady_clock::now();
    if (!plain_first) job = PlainScheduleJob(s.plan, s.net, flat);
    auto t3 = std::chrono::steady_clock::now();
    PlainCpm(flat);
    auto t4 = std::chrono::steady_clock::now();
    schedule += Ms(t2 - t1);
    plain += Ms(t1 - t0) + Ms(t3 - t2);
    passes += Ms(t4 - t3);
    const bool same = SameJob(s, job) && SameResults(s, flat);
    GiveBack(f, s);
    if (!same) {
      state.SkipWithError("the plain-array CPM and rollout disagree");
      return;
    }
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["schedule_ms"] = schedule / n;
  state.counters["plain_job_ms"] = plain / n;
  state.counters["plain_passes_ms"] = passes / n;
  state.counters["ratio"] = schedule / plain;
  state.counters["ratio_passes"] = schedule / passes;
  SetSize(state, f);
}

constexpr long kSmall = 10000, kMedium = 100000, kLarge = 1000000;

BENCHMARK(BM_ReadPlanYaml)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseYaml)
    ->Args({250, 1})
    ->Args({250, 2})
    ->Args({500, 1})
    ->Args({500, 2})
    ->Args({1000, 1})
    ->Args({1000, 2})
    ->Args({2000, 1})
    ->Args({2000, 0})
    ->Args({20000, 1})
    ->Args({20000, 0})
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

BENCHMARK(BM_ReadPlan)->Arg(kSmall)->Arg(kMedium)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadPlan)->Arg(kLarge)->Iterations(3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Validate)
    ->Args({kSmall, 0})
    ->Args({kMedium, 1})
    ->Args({kMedium, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Validate)
    ->Args({kLarge, 1})
    ->Args({kLarge, 2})
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Network)->Arg(kSmall)->Arg(kMedium)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Network)->Arg(kLarge)->Iterations(3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Schedule)->Arg(kSmall)->Arg(kMedium)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Schedule)->Arg(kLarge)->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlainCpm)->Arg(kSmall)->Arg(kMedium)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlainCpm)->Arg(kLarge)->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Output)->Arg(kSmall)->Arg(kMedium)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Output)->Arg(kLarge)->Iterations(3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScheduleVsPlainArray)->Arg(kMedium)->Iterations(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScheduleVsPlainArray)->Arg(kLarge)->Iterations(5)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace rollout

BENCHMARK_MAIN();
