#include "tools/cli/db_schedule.h"

#include <cstdio>

#include "tools/cli/db_context.h"
#include "tools/cli/db_view.h"
#include "tools/cli/schedule_view.h"

namespace rollout {

int RunScheduleFromDb(const GlobalOptions& global) {
  DbContext ctx;
  if (int code = OpenDbContext(global, &ctx); code != kExitOk) return code;
  DbView view;
  if (int code = LoadDbView(ctx, &view); code != kExitOk) return code;
  if (global.json) {
    WriteScheduleJson(view.s, stdout);
  } else {
    std::printf("forecast at %s\n", ctx.Format(ctx.now).c_str());
    std::fputs(ScheduleTable(view.s).c_str(), stdout);
  }
  std::fflush(stdout);
  ctx.timer.Mark("output");
  FinishTimings(ctx);
  return kExitOk;
}

}  // namespace rollout
