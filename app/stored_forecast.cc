#include "app/stored_forecast.h"

#include "engine/forecast.h"
#include "engine/level_forecast.h"

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
    out.warning = "the levelled forecast failed (" + r.errors()[0].message +
                  "); showing the forecast without levelling";
  }
  out.schedule = ComputeForecast(plan, net, cal, progress, today);
  return out;
}

}  // namespace rollout
