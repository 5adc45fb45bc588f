#include "tools/cli/db_view.h"
#include "workflows/text_width.h"

#include <cstdio>

namespace rollout {

int OpenProjectView(const GlobalOptions& global, DbCommand* cmd, ProjectView* view) {
  if (int code = OpenDbCommand(global, cmd, true, OpenMode::kReadOnly); code != kExitOk)
    return code;
  Result<ProjectView> v = LoadProjectView(cmd->session, &cmd->timer);
  if (!v.ok()) return ReportErrors(v.errors());
  *view = std::move(v.value());
  if (!view->warning.empty()) std::fprintf(stderr, "warning: %s\n", VisibleText(view->warning).c_str());
  return kExitOk;
}

}  // namespace rollout
