// The reporting commands' frame (tasks, schedule, status): the store opened,
// the project's view at now loaded (app/project_view.h), its warning said.
#pragma once

#include "app/project_view.h"
#include "tools/cli/db_context.h"

namespace rollout {

/// Opens the store and loads the view; prints and returns the exit code.
int OpenProjectView(const GlobalOptions& global, DbCommand* cmd, ProjectView* view);

}  // namespace rollout
