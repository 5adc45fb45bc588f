// rollout gate approve GATE [--note T] · rollout gate reject GATE --note T:
// the gate's approvers pass or hold a checkpoint. Approval checks that every
// predecessor is done and that every KPI criterion holds against the
// recorded metrics; a refusal says which criterion and by how much.
#include <cstdio>

#include "engine/gates.h"
#include "engine/spellcheck.h"
#include "storage/alert_store.h"
#include "storage/progress_store.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"

namespace rollout {
namespace {

struct GateArgs {
  bool approve = true;
  std::string gate;
  std::string note;
};

std::string RefusalHint(GateRefusal r, const std::string& gate) {
  switch (r) {
    case GateRefusal::kNotApprover:
      return "pass --as with one of the approvers";
    case GateRefusal::kNotReady:
      return "finish its predecessors first (rollout tasks)";
    case GateRefusal::kKpiShort:
      return "record the KPI with 'rollout metric set METRIC VALUE', then approve " + gate +
             " again";
    default:
      return "";
  }
}

// The gate's index in |plan|, or a printed error and -1.
int FindGate(const Plan& plan, const std::string& id) {
  const int i = plan.FindTask(id);
  if (i >= 0 && plan.tasks[i].gate) return i;
  std::vector<std::string_view> gates;
  for (const Task& t : plan.tasks)
    if (t.gate) gates.push_back(t.id);
  PrintError(i < 0 ? "unknown gate '" + id + "'" : "'" + id + "' is not a gate");
  std::string mean = DidYouMean(id, gates);
  std::fprintf(stderr, "hint: %s\n",
               mean.empty() ? "run 'rollout tasks' for the gates" : mean.c_str());
  return -1;
}

int RunGate(const GateArgs& args, const GlobalOptions& global) {
  if (!args.approve && args.note.empty()) {
    PrintError("a rejection needs a reason: --note TEXT");
    return kExitUsage;
  }
  DbContext ctx;
  if (int code = OpenDbContext(global, &ctx); code != kExitOk) return code;
  std::optional<ScheduledPlan> s = ParseStoredPlan(*ctx.stored);
  if (!s) return kExitFailure;
  const int gate = FindGate(s->plan, args.gate);
  if (gate < 0) return kExitUsage;
  GateCheck check;
  Status st = ctx.db->Write([&](SQLite::Database& sql) {
    const Progress progress = LoadProgress(sql);
    check = args.approve ? CheckApprove(s->plan, s->net, gate, progress, ctx.actor)
                         : CheckReject(s->plan, gate, progress, ctx.actor);
    if (check.refusal != GateRefusal::kNone) return Database::Outcome::kRollback;
    InsertGateDecision(sql, args.gate, args.approve, ctx.actor, args.note, ctx.now, ctx.today);
    AppendLog(sql, {ctx.now, ctx.Format(ctx.now), ctx.actor, args.approve ? "approve" : "reject",
                    args.gate, args.note, ctx.stored->version});
    return Database::Outcome::kCommit;
  });
  if (!st.ok()) {
    PrintErrors(st.errors());
    return kExitFailure;
  }
  if (check.refusal == GateRefusal::kAlreadyPassed && args.approve) {
    std::printf("gate %s has already passed; nothing to do\n", args.gate.c_str());
    return kExitOk;
  }
  if (check.refusal != GateRefusal::kNone) {
    std::string verb = args.approve ? "approve" : "reject";
    PrintError("cannot " + verb + " gate '" + args.gate + "':");
    for (const std::string& r : check.reasons) std::fprintf(stderr, "  %s\n", r.c_str());
    std::string hint = RefusalHint(check.refusal, args.gate);
    if (!hint.empty()) std::fprintf(stderr, "hint: %s\n", hint.c_str());
    return kExitRefused;
  }
  std::printf("gate %s %s by %s at %s\n", args.gate.c_str(), args.approve ? "passed" : "rejected",
              ctx.actor.c_str(), ctx.Format(ctx.now).c_str());
  FinishTimings(ctx);
  return kExitOk;
}

}  // namespace

void RegisterGate(CLI::App& app, Cli* cli) {
  CLI::App* cmd = app.add_subcommand("gate", "approve or reject a checkpoint gate (its approvers)");
  cmd->require_subcommand(1);
  for (bool approve : {true, false}) {
    auto args = std::make_shared<GateArgs>();
    args->approve = approve;
    CLI::App* sub = cmd->add_subcommand(
        approve ? "approve" : "reject",
        approve ? "pass GATE (checks predecessors and KPIs)" : "hold GATE, with a reason (--note)");
    sub->add_option("GATE", args->gate, "gate id")->required();
    sub->add_option("--note", args->note, approve ? "a note for the log" : "why (required)");
    sub->callback(
        [cli, args] { cli->action = [cli, args] { return RunGate(*args, cli->global); }; });
  }
}

}  // namespace rollout
