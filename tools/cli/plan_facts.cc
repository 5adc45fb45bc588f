#include "tools/cli/plan_facts.h"

#include <algorithm>

#include "engine/progress_rules.h"

namespace rollout {

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
  for (const Person& p : plan.people) f.people.push_back({p.id, p.name, p.roles});
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
