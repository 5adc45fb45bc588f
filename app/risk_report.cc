#include "app/risk_report.h"

#include <algorithm>
#include <climits>
#include <unordered_map>

#include "app/stored_forecast.h"
#include "engine/forecast.h"
#include "engine/gates.h"
#include "engine/leveller.h"

namespace rollout {
namespace {

RiskOptions OptionsOf(const Plan& plan, const RiskRequest& request) {
  RiskOptions o;
  o.distribution = plan.risk.distribution;
  o.iterations = request.iterations.value_or(plan.risk.iterations);
  o.seed = request.seed.value_or(plan.risk.seed);
  o.threads = request.threads;
  return o;
}

// Per node: the indices of the people |assigned| names (per task).
std::vector<std::vector<int>> PeopleOf(const Plan& plan, const Network& net,
                                       const std::vector<std::vector<std::string>>& assigned) {
  std::unordered_map<std::string, int> index;
  for (size_t q = 0; q < plan.people.size(); ++q)
    index.emplace(plan.people[q].id, static_cast<int>(q));
  std::vector<std::vector<int>> people(net.size());
  for (size_t v = 0; v < net.size(); ++v) {
    const size_t task = net.node_task[v];
    if (task >= assigned.size()) continue;
    for (const std::string& id : assigned[task]) {
      auto it = index.find(id);
      if (it != index.end()) people[v].push_back(it->second);
    }
  }
  return people;
}

// The levelled variant around the deterministic levelled schedule |det|.
Result<RiskLevelling> LevellingOf(const ScheduledPlan& s, const CpmInput& base, const Schedule& det,
                                  const std::vector<std::vector<std::string>>& assigned) {
  Result<LevelProblem> problem = BuildLevelProblem(s.plan, s.net, *s.cal);
  if (!problem.ok()) return problem.errors();
  std::vector<int> es(s.net.size());
  for (size_t v = 0; v < s.net.size(); ++v) es[v] = det.tasks[s.net.node_task[v]].es;
  return MakeRiskLevelling(std::move(problem.value()), base, PeopleOf(s.plan, s.net, assigned), es);
}

// Runs |input| and fills the report's numbers from it and from s.schedule.
void Fill(const RiskInput& input, RiskReport* r) {
  const Plan& plan = r->s.plan;
  const Network& net = r->s.net;
  r->result = RunRisk(net, input, r->options);
  const RiskResult& res = r->result;
  const double n = res.iterations;
  r->deterministic_duration = r->s.schedule.finish;
  r->deterministic_finish = r->FinishDate(r->deterministic_duration);
  for (size_t k = 0; k < kRiskPercents.size(); ++k) {
    r->percentile[k] = res.Percentile(kRiskPercents[k]);
    r->percentile_date[k] = r->FinishDate(r->percentile[k]);
  }
  r->on_time_deterministic = res.ShareFinishedBy(r->deterministic_duration);
  if (r->baseline_finish)
    r->on_time_baseline = res.ShareFinishedBy(r->s.cal->OffEnd(*r->baseline_finish));
  for (size_t v = 0; v < net.size(); ++v) {
    const int task = net.node_task[v];
    r->tasks.push_back(
        {task, input.nodes[v].drawn, static_cast<double>(res.critical[v]) / n, res.cruciality[v]});
  }
  std::sort(r->tasks.begin(), r->tasks.end(),
            [](const RiskTask& a, const RiskTask& b) { return a.task < b.task; });
  for (const RiskTask& t : r->tasks) {
    const Task& task = plan.tasks[t.task];
    if (!task.deadline) continue;
    const int v = net.task_node[t.task];
    r->deadlines.push_back({t.task, *task.deadline, static_cast<double>(res.deadline_kept[v]) / n});
  }
}

}  // namespace

Date RiskReport::FinishDate(int f) const { return s.cal->DateOf(std::max(0, f - 1)); }

Result<RiskReport> RiskOfPlan(ScheduledPlan s, const RiskRequest& request) {
  RiskReport r;
  r.options = OptionsOf(s.plan, request);
  r.s = std::move(s);
  RiskInput input;
  input.base = PlanInput(r.s.plan, r.s.net, *r.s.cal);
  input.nodes = PlanRiskNodes(r.s.plan, r.s.net);
  if (request.level) {
    if (!r.s.levelled) {  // else the caller levelled it (with a progress bar)
      Status st = LevelInPlace(&r.s, LevelRequest{});
      if (!st.ok()) return st.errors();
    }
    Result<RiskLevelling> lev = LevellingOf(r.s, input.base, r.s.schedule, r.s.assigned);
    if (!lev.ok()) return lev.errors();
    input.levelling = std::move(lev.value());
    r.levelled = true;
  }
  Fill(input, &r);
  return r;
}

Result<RiskReport> RiskOfProject(const Session& session, const RiskRequest& request,
                                 PhaseTimer* timer) {
  Result<ScheduledPlan> parsed = ParseStoredPlan(session.plan);
  if (!parsed.ok()) return parsed.errors();
  if (timer) timer->Mark("parse");
  ProjectState state;
  Status st = session.store->Read(
      [&](StoreTx& tx) { state = ReadProjectState(tx, session.project(), session.plan.version); });
  if (!st.ok()) return st.errors();
  if (timer) timer->Mark("read");

  RiskReport r;
  r.from_database = true;
  r.options = OptionsOf(parsed.value().plan, request);
  r.s = std::move(parsed.value());
  const ScheduledPlan& s = r.s;
  const bool level = request.level || StoredPlanIsLevelled(s.plan, state.version_levelled);
  const Baseline* baseline = state.baseline ? &*state.baseline : nullptr;
  StoredForecast f =
      ForecastStored(s.plan, s.net, *s.cal, state.progress, session.today, level, baseline);
  r.warning = f.warning;
  r.s.schedule = std::move(f.schedule);
  r.s.levelled = f.levelled;
  Date finish = 0;
  if (baseline != nullptr && ParseDate(baseline->finish, &finish)) r.baseline_finish = finish;

  RiskInput input;
  input.base = ForecastInput(s.plan, s.net, *s.cal, state.progress, session.today);
  std::vector<bool> done(s.net.size());
  for (size_t v = 0; v < s.net.size(); ++v)
    done[v] = IsDone(s.plan, s.net.node_task[v], state.progress);
  input.nodes = ForecastRiskNodes(s.plan, s.net, input.base, done, s.cal->OffStart(session.today));
  if (f.levelled) {
    Result<RiskLevelling> lev = LevellingOf(s, input.base, s.schedule, f.assigned);
    if (!lev.ok()) return lev.errors();
    input.levelling = std::move(lev.value());
    r.levelled = true;
  }
  Fill(input, &r);
  if (timer) timer->Mark("risk");
  return r;
}

}  // namespace rollout
