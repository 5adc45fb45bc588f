#include "tools/cli/db_schedule.h"

#include <cstdio>

#include "app/reports.h"
#include "app/wire.h"
#include "tools/cli/db_view.h"
#include "tools/cli/remote.h"
#include "tools/cli/schedule_view.h"

namespace rollout {

namespace {

void Print(const ScheduleReport& r, bool json) {
  if (json) {
    std::fputs(ScheduleJson(r, false).c_str(), stdout);
  } else {
    std::printf("%s\n", Tr("forecast at {0}", HumanInstant(r.forecast_at)).c_str());
    std::fputs(ScheduleTable(r).c_str(), stdout);
  }
  std::fflush(stdout);
}

}  // namespace

int RunScheduleFromDb(const GlobalOptions& global) {
  if (!ServerUrl(global).empty()) {
    RemoteReply reply;
    if (int code = CallServer(global, {"GET", "/schedule", {}, "", {}}, &reply); code != kExitOk)
      return code;
    Result<ScheduleReport> r = ScheduleFromJson(reply.body);
    if (!r.ok()) return ReportErrors(r.errors());
    Print(r.value(), global.json);
    return kExitOk;
  }
  DbCommand cmd;
  ProjectView view;
  if (int code = OpenProjectView(global, &cmd, &view); code != kExitOk) return code;
  Print(ScheduleReportOf(view.s, cmd.session.Format(cmd.session.now)), global.json);
  cmd.timer.Mark("output");
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace rollout
