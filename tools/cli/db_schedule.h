// `rollout schedule` without a plan file: the forecast from the database at
// now, in the shape of plan-format.md §6.
#pragma once

#include "tools/cli/cli.h"

namespace rollout {

/// Prints the forecast (JSON with --json, else the table); returns the exit code.
int RunScheduleFromDb(const GlobalOptions& global);

}  // namespace rollout
