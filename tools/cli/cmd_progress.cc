// rollout progress TASK (--remaining DUR | --percent P) [--note T]: how much
// of a started task is left (cli.md "Remaining work and views mid-project").
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "app/progress_acts.h"
#include "app/wire.h"
#include "tools/cli/db_context.h"
#include "tools/cli/remote.h"
#include "workflows/plan_reader.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct ProgressArgs {
  std::string task, remaining, note;
  std::optional<double> percent;
};

void PrintRemaining(const RemainingOutcome& o) {
  std::string line = "'" + o.task + "'" + (o.name.empty() ? "" : " (" + o.name + ")") + ": " +
                     WorkingDays(o.remaining) + " left on " + FormatDate(o.on);
  if (o.percent) line += " (" + FormatPercent(*o.percent) + " % complete)";
  std::printf("%s\n", VisibleText(line).c_str());
  std::fflush(stdout);
}

int RunProgress(const ProgressArgs& args, const GlobalOptions& global) {
  RemainingRequest request;
  if (args.remaining.empty() == !args.percent.has_value()) {
    PrintError("say how much is left: --remaining DAYS or --percent P (one of them)");
    std::fputs("hint: e.g. rollout progress audit.sales --remaining 3\n", stderr);
    return kExitUsage;
  }
  if (!args.remaining.empty()) {
    int days = 0;
    if (!ParseWorkingDays(args.remaining, kMaxRemaining, &days)) {
      PrintError("--remaining '" + VisibleText(args.remaining) +
                 "' is not a number of working days 0.." + std::to_string(kMaxRemaining));
      std::fputs("hint: write working days as 3, 3d or 1w (a week is 5 days)\n", stderr);
      return kExitUsage;
    }
    request.remaining = days;
  }
  if (args.percent) {
    if (!(*args.percent >= 0 && *args.percent <= 100)) {
      PrintError("--percent must be 0..100 (the share of the task that is complete)");
      return kExitUsage;
    }
    request.percent = args.percent;
  }
  if (!ServerUrl(global).empty()) {
    nlohmann::json body;
    if (request.remaining) body["remaining"] = *request.remaining;
    if (request.percent) body["percent"] = *request.percent;
    if (!args.note.empty()) body["note"] = args.note;
    RemoteReply reply;
    RemoteRequest call{"POST", "/tasks/" + UrlSegment(args.task) + "/progress", {},
                       body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), {}};
    if (int code = CallServer(global, call, &reply); code != kExitOk) return code;
    Result<RemainingOutcome> out = RemainingFromJson(reply.body);
    if (!out.ok()) return ReportErrors(out.errors());
    PrintRemaining(out.value());
    return kExitOk;
  }
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd, false); code != kExitOk) return code;
  Result<RemainingOutcome> out = RecordRemaining(cmd.session, args.task, request, args.note);
  cmd.timer.Mark("transaction");
  if (!out.ok()) return ReportErrors(out.errors());
  PrintRemaining(out.value());
  cmd.timer.Mark("output");
  FinishTimings(cmd);
  return kExitOk;
}


}  // namespace

void RegisterProgress(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<ProgressArgs>();
  CLI::App* cmd = app.add_subcommand(
      "progress", "record how much of a started TASK is left (--remaining DAYS or --percent P)");
  cmd->add_option("TASK", args->task, "task id")->required();
  cmd->add_option("--remaining", args->remaining, "working days left from today: 3, 3d, 1w");
  cmd->add_option("--percent", args->percent, "percent complete, 0..100");
  cmd->add_option("--note", args->note, "a note for the audit trail");
  cmd->callback([cli, args] { cli->action = [cli, args] { return RunProgress(*args, cli->global); }; });
}

}  // namespace rollout
