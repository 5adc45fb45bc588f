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
  const std::string label =
      o.name.empty() ? Tr("'{0}'", o.task) : Tr("'{0}' ({1})", o.task, o.name);
  std::string line =
      Tr("{0}: {1} left on {2}", label, WorkingDays(o.remaining), HumanDate(FormatDate(o.on)));
  // xgettext:no-c-format
  if (o.percent) line += " " + Tr("({0} % complete)", FormatPercent(*o.percent));
  std::printf("%s\n", VisibleText(line).c_str());
  std::fflush(stdout);
}

int RunProgress(const ProgressArgs& args, const GlobalOptions& global) {
  RemainingRequest request;
  if (args.remaining.empty() == !args.percent.has_value()) {
    PrintError(Tr("say how much is left: --remaining DAYS or --percent P (one of them)"));
    std::fprintf(stderr, "hint: %s\n",
                 Tr("e.g. rollout progress audit.sales --remaining 3").c_str());
    return kExitUsage;
  }
  if (!args.remaining.empty()) {
    int days = 0;
    if (!ParseWorkingDays(args.remaining, kMaxRemaining, &days)) {
      PrintError(Tr("--remaining '{0}' is not a number of working days 0..{1}",
                    VisibleText(args.remaining), kMaxRemaining));
      std::fprintf(stderr, "hint: %s\n",
                   Tr("write working days as 3, 3d or 1w (a week is 5 days)").c_str());
      return kExitUsage;
    }
    request.remaining = days;
  }
  if (args.percent) {
    if (!(*args.percent >= 0 && *args.percent <= 100)) {
      PrintError(Tr("--percent must be 0..100 (the share of the task that is complete)"));
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
      "progress",
      Tr("record how much of a started TASK is left (--remaining DAYS or --percent P)"));
  cmd->add_option("TASK", args->task, Tr("task id"))->required();
  cmd->add_option("--remaining", args->remaining, Tr("working days left from today: 3, 3d, 1w"));
  cmd->add_option("--percent", args->percent, Tr("percent complete, 0..100"));
  cmd->add_option("--note", args->note, Tr("a note for the audit trail"));
  cmd->callback([cli, args] { cli->action = [cli, args] { return RunProgress(*args, cli->global); }; });
}

}  // namespace rollout
