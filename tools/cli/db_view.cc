#include "tools/cli/db_view.h"

#include <algorithm>
#include <cstdio>

#include "engine/progress_rules.h"
#include "engine/runtime/stored_forecast.h"
#include "storage/progress_store.h"

namespace rollout {

std::string DbView::StateOf(int task) const {
  const Task& t = s.plan.tasks[task];
  if (t.gate) {
    auto g = progress.gates.find(t.id);
    if (g != progress.gates.end() && g->second.passed) return "passed";
    if (g != progress.gates.end() && g->second.rejected) return "rejected";
    const std::vector<int>& task_preds = Predecessors(task);
    bool ready = std::all_of(task_preds.begin(), task_preds.end(), [&](int p) { return IsDone(p); });
    return ready ? "ready" : "closed";
  }
  auto p = progress.tasks.find(t.id);
  return p == progress.tasks.end() ? "planned" : TaskStateName(p->second.state);
}

bool DbView::IsDone(int task) const {
  const Task& t = s.plan.tasks[task];
  if (t.gate) {
    auto g = progress.gates.find(t.id);
    return g != progress.gates.end() && g->second.passed;
  }
  auto p = progress.tasks.find(t.id);
  return p != progress.tasks.end() && p->second.state == TaskState::kDone;
}

TaskDates DbView::ForecastDates(int task) const {
  const TaskTimes& x = s.schedule.tasks[task];
  if (s.plan.tasks[task].is_group) {
    return {DatesOf(*s.cal, x.es, x.es + 1).start, DatesOf(*s.cal, x.ef - 1, x.ef).finish};
  }
  return DatesOf(*s.cal, x.es, x.ef);
}

const BaselineTask* DbView::BaselineOf(int task) const {
  if (!baseline) return nullptr;
  auto it = baseline->tasks.find(s.plan.tasks[task].id);
  return it == baseline->tasks.end() ? nullptr : &it->second;
}

bool DbView::IsLate(int task) const {
  if (IsDone(task)) return false;
  const BaselineTask* b = BaselineOf(task);
  if (!b) return false;
  return FormatDate(ForecastDates(task).finish) > b->finish;
}

int LoadDbView(DbContext& ctx, DbView* view) {
  std::optional<ScheduledPlan> s = ParseStoredPlan(*ctx.stored);
  if (!s) return kExitFailure;
  view->s = std::move(*s);
  ctx.timer.Mark("parse");
  bool version_levelled = false;
  Status st = ctx.db->Read([&](SQLite::Database& sql) {
    view->progress = LoadProgress(sql);
    view->baseline = CurrentBaseline(sql);
    version_levelled = IsLevelled(sql, ctx.stored->version);
  });
  if (!st.ok()) {
    PrintErrors(st.errors());
    return kExitFailure;
  }
  ctx.timer.Mark("read");
  const Plan& plan = view->s.plan;
  StoredForecast f = ForecastStored(plan, view->s.net, *view->s.cal, view->progress, ctx.today,
                                    StoredPlanIsLevelled(plan, version_levelled),
                                    view->baseline ? &*view->baseline : nullptr);
  if (!f.warning.empty()) std::fprintf(stderr, "warning: %s\n", f.warning.c_str());
  view->s.schedule = std::move(f.schedule);
  view->s.levelled = f.levelled;
  view->people.resize(plan.tasks.size());
  view->preds.resize(plan.tasks.size());
  const Network& net = view->s.net;
  for (uint32_t v = 0; v < net.size(); ++v) {
    for (auto e : boost::make_iterator_range(boost::out_edges(v, net.graph))) {
      std::vector<int>& p = view->preds[net.node_task[target(e, net.graph)]];
      if (p.empty() || p.back() != net.node_task[v]) p.push_back(net.node_task[v]);
    }
  }
  for (size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& t = plan.tasks[i];
    if (t.is_group) continue;
    view->people[i] = t.gate ? plan.Approvers(static_cast<int>(i))
                             : AssigneesOf(plan, static_cast<int>(i));
    if (f.levelled && !t.gate) view->people[i] = view->s.assigned[i] = f.assigned[i];
  }
  ctx.timer.Mark("forecast");
  return kExitOk;
}

}  // namespace rollout
