#include "engine/forecast.h"

#include <algorithm>

namespace rollout {
namespace {

// Overrides the plain inputs of node |v| with what has happened to its task.
void ApplyActuals(const Task& task, const WorkCalendar& cal, const Progress& progress, int t,
                  int v, CpmInput* in) {
  if (task.gate) {
    auto g = progress.gates.find(task.id);
    if (g != progress.gates.end() && g->second.passed && g->second.passed_on) {
      in->fixed_es[v] = cal.OffEnd(*g->second.passed_on);
      in->duration[v] = 0;
      return;
    }
  }
  auto p = progress.tasks.find(task.id);
  TaskState state = p == progress.tasks.end() ? TaskState::kPlanned : p->second.state;
  if (state == TaskState::kDone && p->second.finished) {
    const Date first = p->second.started.value_or(*p->second.finished);
    const int es = cal.OffStart(first);
    in->fixed_es[v] = es;
    in->duration[v] = std::max(0, cal.OffEnd(*p->second.finished) - es);
    return;
  }
  if (state != TaskState::kPlanned && p->second.started) {
    const int es = cal.OffStart(*p->second.started);
    in->fixed_es[v] = es;
    // The last `progress` record says how much is left from today on.
    const int ef = p->second.remaining ? t + *p->second.remaining : es + in->duration[v];
    in->duration[v] = std::max(ef, t + 1) - es;
    return;
  }
  in->min_es[v] = std::max(in->min_es[v], t);
}

}  // namespace

CpmInput ForecastInput(const Plan& plan, const Network& net, const WorkCalendar& cal,
                       const Progress& progress, Date today) {
  CpmInput in = PlanInput(plan, net, cal);
  const int t = cal.OffStart(today);
  for (size_t v = 0; v < net.size(); ++v) {
    ApplyActuals(plan.tasks[net.node_task[v]], cal, progress, t, static_cast<int>(v), &in);
  }
  return in;
}

Schedule ComputeForecast(const Plan& plan, const Network& net, const WorkCalendar& cal,
                         const Progress& progress, Date today) {
  return ComputeCriticalPath(plan, net, ForecastInput(plan, net, cal, progress, today));
}

}  // namespace rollout
