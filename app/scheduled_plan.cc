#include "app/scheduled_plan.h"

#include <algorithm>

#include "engine/leveller.h"
#include "engine/progress_rules.h"
#include "workflows/plan_reader.h"
#include "po/messages.h"

namespace rollout {

ScheduledPlan SchedulePlan(Plan plan, PhaseTimer* timer, Network* net) {
  ScheduledPlan s;
  s.plan = std::move(plan);
  if (net != nullptr && !net->subtree_end.empty()) {
    s.net = std::move(*net);  // indices only: still valid for the moved plan
  } else {
    s.net = std::move(BuildNetwork(s.plan, IndexTasks(s.plan)).value());  // validated: no cycle
  }
  s.cal = std::make_unique<WorkCalendar>(s.plan.calendar, s.plan.start);
  s.schedule = ComputeCriticalPath(s.plan, s.net, PlanInput(s.plan, s.net, *s.cal));
  s.assigned.resize(s.plan.tasks.size());
  for (size_t i = 0; i < s.plan.tasks.size(); ++i)  // most have none: no copy of an empty list
    if (!s.plan.tasks[i].assignee.empty()) s.assigned[i] = s.plan.tasks[i].assignee;
  if (timer != nullptr) timer->Mark("schedule");
  return s;
}

Status LevelInPlace(ScheduledPlan* s, const LevelRequest& request) {
  LevelOptions options;
  options.effort = request.effort;
  options.seed = request.seed;
  if (request.progress) options.progress = request.progress;
  Result<LevelledSchedule> r = LevelPlan(s->plan, s->net, *s->cal, options);
  if (!r.ok()) return r.errors();
  s->schedule = std::move(r.value().schedule);
  for (size_t i = 0; i < s->plan.tasks.size(); ++i)
    if (!s->plan.tasks[i].is_group) s->assigned[i] = r.value().assigned[i];
  s->levelled = true;
  return OkStatus();
}

Result<ScheduledPlan> ParseStoredPlan(const StoredPlan& stored) {
  // ReadPlan picks the format from the path's extension.
  const std::string path = stored.format == "json" ? "stored-plan.json" : "stored-plan.yaml";
  Result<Plan> plan = ReadPlan(path, stored.source);
  if (!plan.ok()) {
    return MakeError(ErrorCode::kStoredPlanUnreadable,
                     Tr("the stored plan (version {0}, from {1}) no longer reads: {2}", stored.version,
                        stored.source_path, plan.errors()[0].message));
  }
  return SchedulePlan(std::move(plan.value()));
}

const char* KindOf(const Task& t) {
  if (t.is_group) return "group";
  if (t.gate) return "gate";
  return t.duration == 0 ? "milestone" : "task";
}

PlanFacts FactsOf(const ScheduledPlan& s) {
  const Plan& plan = s.plan;
  PlanFacts f;
  for (size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& t = plan.tasks[i];
    PlanTaskRow row;
    row.task = t.id;
    row.name = t.name;
    row.kind = KindOf(t);
    row.duration = t.duration;
    if (!t.is_group) row.assigned = AssigneesOf(plan, static_cast<int>(i));
    f.tasks.push_back(std::move(row));
  }
  for (const Person& p : plan.people) f.people.push_back({p.id, p.name, p.roles, p.email, p.lang});
  const CsrGraph& g = s.net.graph;
  for (uint32_t v = 0; v < s.net.size(); ++v) {
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      f.links.emplace_back(plan.tasks[s.net.node_task[target(e, g)]].id,
                           plan.tasks[s.net.node_task[v]].id);
    }
  }
  std::vector<std::vector<int>> up = UpstreamGates(plan, s.net);
  for (uint32_t v = 0; v < s.net.size(); ++v) {
    for (int gate : up[v]) f.upstream.emplace_back(plan.tasks[s.net.node_task[v]].id,
                                                   plan.tasks[gate].id);
  }
  return f;
}

Baseline BaselineOf(const ScheduledPlan& s, const Schedule& schedule,
                    const std::vector<std::vector<std::string>>* assigned) {
  Baseline b;
  b.duration = schedule.finish;
  b.finish = FormatDate(s.cal->DateOf(std::max(0, schedule.finish - 1)));
  for (size_t i = 0; i < s.plan.tasks.size(); ++i) {
    const TaskTimes& x = schedule.tasks[i];
    TaskDates d = DatesOf(*s.cal, x.es, x.ef);
    if (s.plan.tasks[i].is_group) {
      d = {DatesOf(*s.cal, x.es, x.es + 1).start, DatesOf(*s.cal, x.ef - 1, x.ef).finish};
    }
    BaselineTask& t = b.tasks[s.plan.tasks[i].id];
    t = {x.es, x.ef, FormatDate(d.start), FormatDate(d.finish), {}};
    if (assigned != nullptr && !s.plan.tasks[i].is_group) t.assigned = (*assigned)[i];
  }
  return b;
}

}  // namespace rollout
