#include "engine/level_forecast.h"

#include <algorithm>
#include <unordered_map>

#include "engine/forecast.h"
#include "engine/genetic_search.h"
#include "engine/serial_sgs.h"

namespace rollout {
namespace {

constexpr int kRounds = 32;

// The baseline's people of node |v| as indices, or false when some of them
// is unknown to the plan (then the task's people are chosen again).
bool BaselinePeople(const std::vector<std::string>& ids,
                    const std::unordered_map<std::string, int>& person_index,
                    std::vector<int>* out) {
  out->clear();
  for (const std::string& id : ids) {
    auto it = person_index.find(id);
    if (it == person_index.end()) return false;
    out->push_back(it->second);
  }
  return !out->empty();
}

// Pins the actuals and raises every other release to what the plain
// forecast asks (not_before and t).
void ApplyForecastInput(const CpmInput& in, LevelProblem* p) {
  p->pinned.assign(p->n, LevelProblem::kFree);
  for (int v = 0; v < p->n; ++v) {
    p->duration[v] = in.duration[v];
    if (in.fixed_es[v] != CpmInput::kNotFixed) {
      p->pinned[v] = in.fixed_es[v];
    } else {
      p->release[v] = std::max(p->release[v], in.min_es[v]);
    }
  }
}

}  // namespace

Result<LevelledSchedule> LevelForecast(const Plan& plan, const Network& net,
                                       const WorkCalendar& cal, const Progress& progress,
                                       Date today, const LevelledBaseline& baseline) {
  Result<LevelProblem> built = BuildLevelProblem(plan, net, cal);
  if (!built.ok()) return built.errors();
  LevelProblem& p = built.value();
  const CpmInput in = ForecastInput(plan, net, cal, progress, today);
  ApplyForecastInput(in, &p);
  const Schedule plain = ComputeCriticalPath(plan, net, in);

  std::unordered_map<std::string, int> person_index;
  for (size_t q = 0; q < plan.people.size(); ++q)
    person_index.emplace(plan.people[q].id, static_cast<int>(q));
  std::vector<double> prio(p.n);
  std::vector<int> people;
  for (int v = 0; v < p.n; ++v) {
    const int task = net.node_task[v];
    const bool known_es = task < static_cast<int>(baseline.es.size()) &&
                          baseline.es[task] != LevelledBaseline::kUnknown;
    prio[v] =
        (known_es ? baseline.es[task] : plain.tasks[task].es) + static_cast<double>(v) / (p.n + 1);
    if (task < static_cast<int>(baseline.people.size()) &&
        BaselinePeople(baseline.people[task], person_index, &people)) {
      p.fixed[v] = people;
      p.needs[v].clear();
    }
  }
  p.DetectPool();

  // First pass: people chosen for the tasks the baseline did not staff;
  // then they stay, and only the days move.
  SerialSgs first(p);
  std::vector<int> es;
  std::vector<std::vector<int>> chosen;
  first.Run(ListFromPriorities(p, prio), &es, &chosen);
  if (p.pool) chosen = AssignPool(p, es);
  const LevelProblem fixed = WithPeopleFixed(p, chosen);
  std::vector<int> shifted;
  if (!first.failed() && ShiftLeft(fixed, prio, kRounds, &shifted) >= 0) es = std::move(shifted);

  CpmInput levelled = in;
  for (int v = 0; v < p.n; ++v) levelled.fixed_es[v] = es[v];
  LevelledSchedule out;
  out.schedule = ComputeCriticalPath(plan, net, levelled);
  out.unlevelled_finish = plain.finish;
  out.schedules = 1;
  out.assigned.resize(plan.tasks.size());
  for (int v = 0; v < p.n; ++v) {
    auto& names = out.assigned[net.node_task[v]];
    for (int q : chosen[v]) names.push_back(plan.people[q].id);
  }
  return out;
}

}  // namespace rollout
