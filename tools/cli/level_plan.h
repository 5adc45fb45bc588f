// `--level` for the commands that schedule a plan file: runs the leveller
// (engine/leveller.h) on a ScheduledPlan, with a progress bar on a terminal.
#pragma once

#include <cstdint>
#include <string>

#include "tools/cli/plan_file.h"

namespace rollout {

/// Replaces s->schedule by the levelled one and fills s->assigned; sets
/// s->levelled. Prints the problem and returns false if levelling is
/// impossible (a task needs people who can never work on it together).
/// A progress bar goes to stderr when stderr is a terminal and the search
/// runs longer than a second.
bool LevelScheduledPlan(ScheduledPlan* s, const LevelRequest& request);

/// The load chart: people as rows, working days (or weeks when there are
/// many) as columns, each cell the task the person works on that day.
std::string LoadChart(const ScheduledPlan& s, int width);

}  // namespace rollout
