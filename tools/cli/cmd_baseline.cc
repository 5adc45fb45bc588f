// rollout baseline: take a new baseline (leads): the forecast at now becomes
// the plan that lateness and slips are measured against, as MS Project's
// "Set Baseline" copies the current schedule.
#include <cstdio>

#include "app/lead_acts.h"
#include "app/wire.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/remote.h"

namespace rollout {
namespace {

void PrintBaseline(const BaselineReply& b) {
  std::printf(
      "%s\n",
      Tr("new baseline: finish {0} ({1})", HumanDate(b.finish), WorkingDays(b.duration)).c_str());
}

int RunBaseline(const GlobalOptions& global) {
  const HintOverrides hints = {{ErrorCode::kUnknownPerson, Tr("ask a lead, or pass --as LEAD")}};
  if (!ServerUrl(global).empty()) {
    RemoteReply reply;
    if (int code = CallServer(global, {"POST", "/baseline", {}, "", hints}, &reply); code != kExitOk)
      return code;
    Result<BaselineReply> r = BaselineFromJson(reply.body);
    if (!r.ok()) return ReportErrors(r.errors());
    PrintBaseline(r.value());
    return kExitOk;
  }
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd); code != kExitOk) return code;
  Result<Baseline> b = Rebaseline(cmd.session);
  if (!b.ok()) return ReportErrors(b.errors(), hints);
  PrintBaseline({b.value().finish, b.value().duration, b.value().plan_version});
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace

void RegisterBaseline(CLI::App& app, Cli* cli) {
  CLI::App* cmd =
      app.add_subcommand("baseline", Tr("take a new baseline from the forecast at --now (leads)"));
  cmd->callback([cli] { cli->action = [cli] { return RunBaseline(cli->global); }; });
}

}  // namespace rollout
