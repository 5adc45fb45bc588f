// rollout gate approve GATE [--note T] · rollout gate reject GATE --note T:
// the gate's approvers pass or hold a checkpoint. Approval checks that every
// predecessor is done and that every KPI criterion holds against the
// recorded metrics; a refusal says which criterion and by how much.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/lead_acts.h"
#include "app/wire.h"
#include "tools/cli/remote.h"
#include "tools/cli/schedule_view.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct GateArgs {
  bool approve = true;
  std::string gate;
  std::string note;
};

// A refusal lists its reasons under one line; other errors as usual.
int ReportGateErrors(const GateArgs& args, const Errors& errors) {
  {
    const ErrorCode code = errors.front().code;
    if (code != ErrorCode::kNotApprover && code != ErrorCode::kGateNotReady &&
        code != ErrorCode::kKpiShort && code != ErrorCode::kGatePassed)
      return ReportErrors(errors);
    PrintError(args.approve ? Tr("cannot approve gate '{0}':", args.gate)
                            : Tr("cannot reject gate '{0}':", args.gate));
    for (const Error& e : errors) std::fprintf(stderr, "  %s\n", VisibleText(e.message).c_str());
    const std::string hint = HintFor(errors.front());
    if (!hint.empty()) std::fprintf(stderr, "hint: %s\n", VisibleText(hint).c_str());
    return ExitCodeOf(errors.front());
  }
}

void PrintDecision(const GateArgs& args, const GateReply& r) {
  if (r.outcome.already_passed) {
    std::printf("%s\n",
                Tr("gate {0} has already passed; nothing to do", VisibleText(args.gate)).c_str());
    return;
  }
  const std::string line = args.approve
                               ? Tr("gate {0} passed by {1} at {2}", VisibleText(args.gate),
                                    VisibleText(r.actor), HumanInstant(r.at))
                               : Tr("gate {0} rejected by {1} at {2}", VisibleText(args.gate),
                                    VisibleText(r.actor), HumanInstant(r.at));
  std::printf("%s\n", line.c_str());
}

int RunGate(const GateArgs& args, const GlobalOptions& global) {
  if (!args.approve && args.note.empty())
    return ReportErrors({MakeError(ErrorCode::kNoteRequired, "", "", args.gate)});
  if (!ServerUrl(global).empty()) {
    nlohmann::json body = nlohmann::json::object();
    if (!args.note.empty()) body["note"] = args.note;
    RemoteReply reply;
    RemoteRequest request{"POST",
                          "/gates/" + UrlSegment(args.gate) + (args.approve ? "/approve" : "/reject"),
                          {}, body.dump(), {}};
    request.raw_errors = true;
    if (int code = CallServer(global, request, &reply); code != kExitOk) {
      if (code == kExitErrorsReturned) return ReportGateErrors(args, reply.errors);
      return code;
    }
    Result<GateReply> r = GateFromJson(reply.body);
    if (!r.ok()) return ReportErrors(r.errors());
    PrintDecision(args, r.value());
    return kExitOk;
  }
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd); code != kExitOk) return code;
  Result<GateOutcome> out = DecideGate(cmd.session, args.gate, args.approve, args.note);
  if (!out.ok()) return ReportGateErrors(args, out.errors());
  PrintDecision(args, {out.value(), cmd.session.actor, cmd.session.Format(cmd.session.now)});
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace

void RegisterGate(CLI::App& app, Cli* cli) {
  CLI::App* cmd =
      app.add_subcommand("gate", Tr("approve or reject a checkpoint gate (its approvers)"));
  cmd->require_subcommand(1);
  for (bool approve : {true, false}) {
    auto args = std::make_shared<GateArgs>();
    args->approve = approve;
    CLI::App* sub = cmd->add_subcommand(approve ? "approve" : "reject",
                                        approve ? Tr("pass GATE (checks predecessors and KPIs)")
                                                : Tr("hold GATE, with a reason (--note)"));
    sub->add_option("GATE", args->gate, Tr("gate id"))->required();
    sub->add_option("--note", args->note,
                    approve ? Tr("a note for the log") : Tr("why (required)"));
    sub->callback(
        [cli, args] { cli->action = [cli, args] { return RunGate(*args, cli->global); }; });
  }
}

}  // namespace rollout
