// How long one evaluation of the alert rules takes (issue #5): the pure
// EvaluateAlerts, and the forecast it needs, on the built-in workflow and on
// generated chains of N tasks. Run: build/release/tools/bench/alert_bench
#include <benchmark/benchmark.h>

#include <sstream>

#include "engine/alert_rules.h"
#include "engine/forecast.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

// |n| tasks in chains of 10, each with a deadline, one gate per chain.
std::string GeneratedPlan(int n) {
  std::ostringstream s;
  s << "plan: gen\nstart: 2027-01-11\nroles: {lead: {name: L}, w: {name: W}}\npeople:\n"
       "  - {id: boss, roles: [lead]}\n  - {id: w1, roles: [w]}\n  - {id: w2, roles: [w]}\n"
       "tasks:\n";
  for (int i = 0; i < n; ++i) {
    s << "  - {id: t" << i << ", duration: " << 1 + i % 5
      << ", needs: {w: 1}, deadline: 2027-06-30";
    if (i % 10 != 0) s << ", after: [t" << i - 1 << "]";
    s << "}\n";
    if (i % 10 == 9) s << "  - {id: g" << i << ", after: [t" << i << "], gate: true}\n";
  }
  return s.str();
}

struct Fixture {
  Plan plan;
  Network net;
  std::unique_ptr<WorkCalendar> cal;
  BaselineDates baseline;
  Progress progress;
  FixedOffsetZone zone{180};
};

std::unique_ptr<Fixture> Load(const std::string& path, const std::string& text) {
  auto f = std::make_unique<Fixture>();
  f->plan = std::move(ReadPlan(path, text).value());
  f->net = std::move(BuildNetwork(f->plan, IndexTasks(f->plan)).value());
  f->cal = std::make_unique<WorkCalendar>(f->plan.calendar, f->plan.start);
  Schedule s = ComputeCriticalPath(f->plan, f->net, PlanInput(f->plan, f->net, *f->cal));
  f->baseline = BaselineFromSchedule(f->plan, *f->cal, s);
  for (size_t i = 0; i < f->plan.tasks.size(); i += 3)  // a third of the tasks done
    if (!f->plan.tasks[i].is_group && !f->plan.tasks[i].gate)
      f->progress.tasks[f->plan.tasks[i].id].state = TaskState::kDone;
  return f;
}

void Evaluate(benchmark::State& state, const Fixture& f) {
  const Instant now = f.zone.ToInstant(f.cal->DateOf(20), 12 * 60);
  for (auto _ : state) {
    Schedule forecast =
        ComputeForecast(f.plan, f.net, *f.cal, f.progress, f.zone.ToLocal(now).date);
    AlertContext ctx{&f.plan,     &f.net,      f.cal.get(), &f.zone,
                     &f.baseline, &f.progress, &forecast,   nullptr};
    DueAlerts due = EvaluateAlerts(ctx, now);
    benchmark::DoNotOptimize(due);
  }
}

void BM_EvaluateBuiltinWorkflow(benchmark::State& state) {
  std::string text;
  ReadFileText(ROLLOUT_WORKFLOW_FILE, &text);
  static std::unique_ptr<Fixture> f = Load(ROLLOUT_WORKFLOW_FILE, text);
  Evaluate(state, *f);
}
BENCHMARK(BM_EvaluateBuiltinWorkflow)->Unit(benchmark::kMicrosecond);

void BM_EvaluateGenerated(benchmark::State& state) {
  std::unique_ptr<Fixture> f = Load("gen.yaml", GeneratedPlan(static_cast<int>(state.range(0))));
  Evaluate(state, *f);
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_EvaluateGenerated)->Arg(100)->Arg(1000)->Arg(5000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace rollout

BENCHMARK_MAIN();
