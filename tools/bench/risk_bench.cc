// The Monte Carlo of `rollout risk` (engine/risk.h, issue #17): 10,000
// iterations of the built-in workflow and of generated plans whose every
// task carries an estimate {ceil(d/2), d, 2d} (tools/bench/plan_generator.h
// --estimates), on 1 and 2 threads, plain and levelled.
// Run: build/release/tools/bench/risk_bench [--benchmark_filter=...]
// Counters: iter/s = Monte Carlo iterations per second (wall clock; the
// benchmark's time is real time since the work runs on several threads).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "app/risk_report.h"
#include "app/scheduled_plan.h"
#include "engine/risk.h"
#include "tools/bench/plan_generator.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

constexpr int kIterations = 10000;

std::string ReadAll(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A plan read and scheduled once per name, kept for the whole run.
const ScheduledPlan& Load(long tasks) {
  static std::map<long, std::unique_ptr<ScheduledPlan>> cache;
  std::unique_ptr<ScheduledPlan>& s = cache[tasks];
  if (s) return *s;
  std::string text;
  if (tasks == 0) {
    text = ReadAll(ROLLOUT_WORKFLOW_FILE);
  } else {
    bench::GenOptions o;
    o.tasks = tasks;
    o.estimates = true;
    text = bench::PlanJson(o, bench::GenerateTasks(o));
  }
  Result<Plan> r = ReadPlan(tasks == 0 ? "workflow.yaml" : "gen.json", text);
  if (!r.ok()) {
    std::fprintf(stderr, "risk_bench: %s\n", r.errors()[0].message.c_str());
    std::abort();
  }
  s = std::make_unique<ScheduledPlan>(SchedulePlan(std::move(r.value())));
  return *s;
}

// The engine alone: RunRisk on the network built once.
void BM_RunRisk(benchmark::State& state) {
  const ScheduledPlan& s = Load(state.range(0));
  RiskInput input;
  input.base = PlanInput(s.plan, s.net, *s.cal);
  input.nodes = PlanRiskNodes(s.plan, s.net);
  RiskOptions o;
  o.distribution = s.plan.risk.distribution;  // the workflow's pert; generated: triangular
  o.iterations = kIterations;
  o.threads = static_cast<int>(state.range(1));
  double mean = 0;
  for (auto _ : state) {
    RiskResult r = RunRisk(s.net, input, o);
    mean = r.mean_finish;
    benchmark::DoNotOptimize(r.finish.data());
  }
  state.counters["iter/s"] = benchmark::Counter(
      static_cast<double>(kIterations) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["mean_F"] = mean;
  state.counters["tasks"] = static_cast<double>(s.net.size());
}

// The whole use case with --level: the levelling search once, then one
// serial schedule-generation pass per iteration.
void BM_RiskLevelled(benchmark::State& state) {
  const ScheduledPlan& base = Load(state.range(0));
  RiskRequest request;
  request.iterations = kIterations;
  request.level = true;
  request.threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    Result<RiskReport> r = RiskOfPlan(SchedulePlan(base.plan), request);
    if (!r.ok()) std::abort();
    benchmark::DoNotOptimize(r.value().result.finish.data());
  }
  state.counters["iter/s"] = benchmark::Counter(
      static_cast<double>(kIterations) * state.iterations(), benchmark::Counter::kIsRate);
}

// range(0): 0 = the built-in workflow, else generated tasks; range(1): threads.
BENCHMARK(BM_RunRisk)
    ->ArgsProduct({{0, 1000, 2000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_RunRisk)
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(BM_RiskLevelled)
    ->ArgsProduct({{0}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace rollout

BENCHMARK_MAIN();
