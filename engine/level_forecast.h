// The forecast at now of a levelled plan (cli.md "Forecast at now", then
// plan-format.md §5): what has happened stays where reality put it, and the
// rest is levelled around it with the people and the order of the levelled
// baseline. Pure: no clock, no I/O; deterministic.
#pragma once

#include <climits>
#include <string>
#include <vector>

#include "engine/leveller.h"
#include "engine/network.h"
#include "engine/plan.h"
#include "engine/progress.h"
#include "engine/result.h"
#include "engine/work_calendar.h"

namespace rollout {

/// What the levelled baseline said, per task in plan order (groups ignored).
struct LevelledBaseline {
  /// The people the baseline gave each task; empty = not known (the task is
  /// new, or the baseline predates stored assignments): chosen again.
  std::vector<std::vector<std::string>> people;
  /// The baseline es of each task, or kUnknown: the order of the tasks.
  std::vector<int> es;
  static constexpr int kUnknown = INT_MIN;
};

/// With t = off_start(today):
/// - done tasks, started tasks and passed gates are pinned where the plain
///   forecast puts them (engine/forecast.h); their people are busy on those
///   days even when that double-books someone (reality wins);
/// - every other task gets es >= t on top of its links and not_before, keeps
///   its baseline people where known, and is placed by the serial scheme
///   in the baseline's order (unknown tasks by their unlevelled forecast es),
///   then moved earlier into gaps until nothing moves (ShiftLeft).
/// With nothing recorded and t <= the baseline's first es this gives the
/// levelled baseline back. Fails only when BuildLevelProblem does.
Result<LevelledSchedule> LevelForecast(const Plan& plan, const Network& net,
                                       const WorkCalendar& cal, const Progress& progress,
                                       Date today, const LevelledBaseline& baseline);

}  // namespace rollout
