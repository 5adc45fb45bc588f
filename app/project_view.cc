#include "app/project_view.h"

#include <algorithm>
#include <cmath>

#include "app/stored_forecast.h"
#include "engine/gates.h"
#include "engine/progress_rules.h"

namespace rollout {

std::string ProjectView::StateOf(int task) const {
  const Task& t = s.plan.tasks[task];
  if (t.gate) {
    const std::vector<int>& p = Predecessors(task);
    const bool ready = std::all_of(p.begin(), p.end(), [&](int x) { return IsDone(x); });
    return GateStateName(GateStateGiven(t.id, progress, ready));
  }
  auto it = progress.tasks.find(t.id);
  return it == progress.tasks.end() ? "planned" : TaskStateName(it->second.state);
}

bool ProjectView::IsDone(int task) const { return rollout::IsDone(s.plan, task, progress); }

TaskDates ProjectView::ForecastDates(int task) const {
  const TaskTimes& x = s.schedule.tasks[task];
  if (s.plan.tasks[task].is_group) {
    return {DatesOf(*s.cal, x.es, x.es + 1).start, DatesOf(*s.cal, x.ef - 1, x.ef).finish};
  }
  return DatesOf(*s.cal, x.es, x.ef);
}

const BaselineTask* ProjectView::BaselineOf(int task) const {
  if (!baseline) return nullptr;
  auto it = baseline->tasks.find(s.plan.tasks[task].id);
  return it == baseline->tasks.end() ? nullptr : &it->second;
}

bool ProjectView::IsLate(int task) const {
  if (IsDone(task)) return false;
  const BaselineTask* b = BaselineOf(task);
  if (!b) return false;
  return FormatDate(ForecastDates(task).finish) > b->finish;
}

bool ProjectView::IsReady(int task) const {
  if (IsDone(task)) return false;
  const std::vector<int>& p = Predecessors(task);
  return std::all_of(p.begin(), p.end(), [&](int x) { return IsDone(x); });
}

std::optional<int> ProjectView::RemainingOf(int task) const {
  const Task& t = s.plan.tasks[task];
  if (t.gate || t.is_group) return std::nullopt;
  auto it = progress.tasks.find(t.id);
  if (it == progress.tasks.end()) return t.duration;
  if (it->second.state == TaskState::kDone) return 0;
  if (it->second.remaining) return *it->second.remaining;
  return std::max(0, s.schedule.tasks[task].ef - s.cal->OffStart(today));
}

std::optional<double> ProjectView::PercentOf(int task) const {
  const std::optional<int> left = RemainingOf(task);
  if (!left) return std::nullopt;
  const Task& t = s.plan.tasks[task];
  auto it = progress.tasks.find(t.id);
  if (it == progress.tasks.end()) return 0.0;
  if (it->second.state == TaskState::kDone) return 100.0;
  if (it->second.percent) return *it->second.percent;
  if (t.duration <= 0) return 0.0;
  const double done = 100.0 * (t.duration - *left) / t.duration;
  return std::clamp(std::round(done * 10) / 10, 0.0, 100.0);
}

Date ProjectView::ForecastFinish() const { return s.cal->DateOf(std::max(0, s.schedule.finish - 1)); }

Result<ProjectView> LoadProjectView(const Session& session, PhaseTimer* timer) {
  Result<ScheduledPlan> parsed = ParseStoredPlan(session.plan);
  if (!parsed.ok()) return parsed.errors();
  ProjectView view;
  view.s = std::move(parsed.value());
  if (timer) timer->Mark("parse");
  ProjectState state;
  Status st = session.store->Read([&](StoreTx& tx) {
    state = ReadProjectState(tx, session.project(), session.plan.version);
  });
  if (!st.ok()) return st.errors();
  if (timer) timer->Mark("read");
  const Plan& plan = view.s.plan;
  StoredForecast f = ForecastOf(view.s, state, session.today);
  view.progress = std::move(state.progress);
  view.baseline = std::move(state.baseline);
  view.warning = f.warning;
  view.today = session.today;
  view.s.schedule = std::move(f.schedule);
  view.s.levelled = f.levelled;
  view.people.resize(plan.tasks.size());
  view.preds.resize(plan.tasks.size());
  const Network& net = view.s.net;
  for (uint32_t v = 0; v < net.size(); ++v) {
    for (auto e : boost::make_iterator_range(boost::out_edges(v, net.graph))) {
      std::vector<int>& p = view.preds[net.node_task[target(e, net.graph)]];
      if (p.empty() || p.back() != net.node_task[v]) p.push_back(net.node_task[v]);
    }
  }
  for (size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& t = plan.tasks[i];
    if (t.is_group) continue;
    view.people[i] = t.gate ? plan.Approvers(static_cast<int>(i))
                            : AssigneesOf(plan, static_cast<int>(i));
    if (f.levelled && !t.gate) view.people[i] = view.s.assigned[i] = f.assigned[i];
  }
  if (timer) timer->Mark("forecast");
  return view;
}

}  // namespace rollout
