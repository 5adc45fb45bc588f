#include "app/task_report.h"

#include "engine/gates.h"
#include "engine/spellcheck.h"
#include "po/messages.h"

namespace rollout {
namespace {

LinkedTask Linked(const ProjectView& v, int i, const Link& l) {
  const Task& t = v.s.plan.tasks[i];
  return {t.id, t.name, KindOf(t), t.is_group ? "" : v.StateOf(i), LinkTypeName(l.type), l.lag};
}

}  // namespace

Result<TaskReport> ShowTask(const Session& session, const std::string& task) {
  Result<ProjectView> loaded = LoadProjectView(session);
  if (!loaded.ok()) return loaded.errors();
  const ProjectView& v = loaded.value();
  const Plan& plan = v.s.plan;
  const int i = plan.FindTask(task);
  if (i < 0) {
    std::vector<std::string_view> ids;
    for (const Task& t : plan.tasks) ids.push_back(t.id);
    return MakeError(ErrorCode::kUnknownTask, Tr("unknown task '{0}'", task), DidYouMean(task, ids),
                     task);
  }
  const Task& t = plan.tasks[i];
  TaskReport r;
  r.id = t.id;
  r.name = t.name;
  r.kind = KindOf(t);
  r.state = t.is_group ? "" : v.StateOf(i);
  if (t.parent >= 0) r.group = plan.tasks[t.parent].id;
  r.people = v.people[i];
  r.duration = t.duration;
  if (const BaselineTask* b = v.BaselineOf(i)) r.baseline = *b;
  const TaskDates f = v.ForecastDates(i);
  const TaskTimes& x = v.s.schedule.tasks[i];
  r.forecast_start = f.start;
  r.forecast_finish = f.finish;
  r.total_float = x.total_float;
  r.free_float = x.free_float;
  r.critical = x.critical;
  r.late = !t.is_group && v.IsLate(i);
  if (auto p = v.progress.tasks.find(t.id); p != v.progress.tasks.end()) {
    r.started = p->second.started;
    r.finished = p->second.finished;
  }
  if (auto g = v.progress.gates.find(t.id); g != v.progress.gates.end() && g->second.passed)
    r.finished = g->second.passed_on;
  r.remaining = v.RemainingOf(i);
  r.percent = v.PercentOf(i);
  r.not_before = t.not_before;
  r.deadline = t.deadline;
  if (t.deadline) r.deadline_margin = v.s.cal->OffEnd(*t.deadline) - v.s.cal->OffEnd(f.finish);
  r.deliverable = t.deliverable;
  r.notes = t.notes;
  for (const Link& l : t.after)
    if (int p = plan.FindTask(l.task); p >= 0) r.predecessors.push_back(Linked(v, p, l));
  for (size_t k = 0; k < plan.tasks.size(); ++k)
    for (const Link& l : plan.tasks[k].after)
      if (l.task == t.id) r.successors.push_back(Linked(v, static_cast<int>(k), l));
  if (t.gate) {
    for (const MetricCriterion& c : t.gate->metrics) {
      CriterionState cs{c.metric, c.min, c.max, std::nullopt, false};
      if (auto m = v.progress.metrics.find(c.metric); m != v.progress.metrics.end()) {
        cs.value = m->second;
        cs.met = CriterionMet(c, m->second);
      }
      r.criteria.push_back(std::move(cs));
    }
  }
  Status st = session.store->Read([&](StoreTx& tx) {
    r.log.clear();
    r.alerts.clear();
    for (LogEntry& e : tx.ReadLog(session.project()))
      if (e.task && *e.task == t.id) r.log.push_back(std::move(e));
    for (StoredAlert& a : tx.ListAlerts(session.project(), session.actor, true, true))
      if (a.task == t.id) r.alerts.push_back(std::move(a));
  });
  if (!st.ok()) return st.errors();
  return r;
}

}  // namespace rollout
