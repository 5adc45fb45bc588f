// The forecast at now of a plan stored in the database: the plain one
// (engine/forecast.h), or for a levelled plan version the levelled one
// (engine/level_forecast.h) with the people of the levelled baseline. One
// function for the reporting commands, `rollout baseline` and the engine's
// alert rules, so that they all see the same dates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/critical_path.h"
#include "engine/network.h"
#include "engine/plan.h"
#include "engine/progress.h"
#include "engine/work_calendar.h"
#include "storage/records.h"

namespace rollout {

struct StoredForecast {
  Schedule schedule;
  bool levelled = false;
  /// Per task: the people levelling chose (levelled only; else empty).
  std::vector<std::vector<std::string>> assigned;
  std::string warning;  // why a levelled plan fell back to the plain forecast
};

/// Whether the stored plan is levelled: its version was loaded with --level
/// or the plan says `levelled: true`.
bool StoredPlanIsLevelled(const Plan& plan, bool version_levelled);

/// The forecast at |today|. |baseline| (may be null) gives a levelled
/// forecast its people and its order of tasks.
StoredForecast ForecastStored(const Plan& plan, const Network& net, const WorkCalendar& cal,
                              const Progress& progress, Date today, bool levelled,
                              const Baseline* baseline);

}  // namespace rollout
