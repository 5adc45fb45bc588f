#include "tools/cli/db_view.h"

#include <cstdio>

namespace rollout {

int OpenProjectView(const GlobalOptions& global, DbCommand* cmd, ProjectView* view) {
  if (int code = OpenDbCommand(global, cmd); code != kExitOk) return code;
  Result<ProjectView> v = LoadProjectView(cmd->session, &cmd->timer);
  if (!v.ok()) return ReportErrors(v.errors());
  *view = std::move(v.value());
  if (!view->warning.empty()) std::fprintf(stderr, "warning: %s\n", view->warning.c_str());
  return kExitOk;
}

}  // namespace rollout
