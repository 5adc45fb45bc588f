// rollout baseline: take a new baseline (leads): the forecast at now becomes
// the plan that lateness and slips are measured against, as MS Project's
// "Set Baseline" copies the current schedule.
#include <cstdio>

#include "app/lead_acts.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"

namespace rollout {
namespace {

int RunBaseline(const GlobalOptions& global) {
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd); code != kExitOk) return code;
  Result<Baseline> b = Rebaseline(cmd.session);
  if (!b.ok())
    return ReportErrors(b.errors(), {{ErrorCode::kUnknownPerson, "ask a lead, or pass --as LEAD"}});
  std::printf("new baseline: finish %s (%d working days)\n", b.value().finish.c_str(),
              b.value().duration);
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace

void RegisterBaseline(CLI::App& app, Cli* cli) {
  CLI::App* cmd = app.add_subcommand(
      "baseline", "take a new baseline from the forecast at --now (leads)");
  cmd->callback([cli] { cli->action = [cli] { return RunBaseline(cli->global); }; });
}

}  // namespace rollout
