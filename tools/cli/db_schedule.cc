#include "tools/cli/db_schedule.h"

#include <cstdio>

#include "tools/cli/db_view.h"
#include "tools/cli/schedule_view.h"

namespace rollout {

int RunScheduleFromDb(const GlobalOptions& global) {
  DbCommand cmd;
  ProjectView view;
  if (int code = OpenProjectView(global, &cmd, &view); code != kExitOk) return code;
  if (global.json) {
    WriteScheduleJson(view.s, stdout);
  } else {
    std::printf("forecast at %s\n", cmd.session.Format(cmd.session.now).c_str());
    std::fputs(ScheduleTable(view.s).c_str(), stdout);
  }
  std::fflush(stdout);
  cmd.timer.Mark("output");
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace rollout
