#include "app/stored_forecast.h"

#include "engine/forecast.h"
#include "engine/level_forecast.h"
#include "po/messages.h"

namespace rollout {

bool StoredPlanIsLevelled(const Plan& plan, bool version_levelled) {
  return version_levelled || plan.levelled;
}

StoredForecast ForecastStored(const Plan& plan, const Network& net, const WorkCalendar& cal,
                              const Progress& progress, Date today, bool levelled,
                              const Baseline* baseline) {
  StoredForecast out;
  if (levelled) {
    LevelledBaseline lb;
    lb.people.resize(plan.tasks.size());
    lb.es.assign(plan.tasks.size(), LevelledBaseline::kUnknown);
    for (size_t i = 0; baseline != nullptr && i < plan.tasks.size(); ++i) {
      auto it = baseline->tasks.find(plan.tasks[i].id);
      if (it == baseline->tasks.end()) continue;
      lb.es[i] = it->second.es;
      if (it->second.assigned) lb.people[i] = *it->second.assigned;
    }
    Result<LevelledSchedule> r = LevelForecast(plan, net, cal, progress, today, lb);
    if (r.ok()) {
      out.schedule = std::move(r.value().schedule);
      out.assigned = std::move(r.value().assigned);
      out.levelled = true;
      return out;
    }
    out.warning = Tr("the levelled forecast failed ({0}); showing the forecast without levelling",
                     r.errors()[0].message);
  }
  out.schedule = ComputeForecast(plan, net, cal, progress, today);
  return out;
}

ProjectState ReadProjectState(StoreTx& tx, const std::string& project, int version) {
  ProjectState state;
  state.progress = tx.LoadProgress(project);
  state.baseline = tx.CurrentBaseline(project);
  state.version_levelled = tx.IsLevelled(project, version);
  return state;
}

StoredForecast ForecastOf(const ScheduledPlan& s, const ProjectState& state, Date today) {
  return ForecastStored(s.plan, s.net, *s.cal, state.progress, today,
                        StoredPlanIsLevelled(s.plan, state.version_levelled),
                        state.baseline ? &*state.baseline : nullptr);
}

}  // namespace rollout
