// The forecast at `now` (cli.md "Forecast at now"): actuals plus the rest of
// the plan, by the same passes as the plain schedule.
#pragma once

#include "engine/critical_path.h"
#include "engine/network.h"
#include "engine/progress.h"
#include "engine/work_calendar.h"

namespace rollout {

/// With t = off_start(today): a done task has es = off_start(actual start),
/// ef = off_end(actual finish); a started task es = off_start(actual start),
/// ef = max(es + duration, t + 1), or max(t + remaining, t + 1) once its
/// remaining work was recorded (cli.md "Remaining work"); a passed gate sits at off_end(pass date);
/// a task not started has es >= t on top of its links and constraints.
/// The CPM inputs of the forecast: the plan's inputs with the actuals above
/// (fixed_es and duration of done and started tasks and passed gates) and
/// min_es >= t for the rest.
CpmInput ForecastInput(const Plan& plan, const Network& net, const WorkCalendar& cal,
                       const Progress& progress, Date today);

Schedule ComputeForecast(const Plan& plan, const Network& net, const WorkCalendar& cal,
                         const Progress& progress, Date today);

}  // namespace rollout
