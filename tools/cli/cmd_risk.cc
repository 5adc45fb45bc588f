// rollout risk [PLAN] [--iterations N] [--seed S] [--level] [--threads N]
// [--json]: the Monte Carlo of plan-format.md §8 on a plan file, or without
// PLAN on the database's forecast at now (docs/risk.md).
#include <cstdio>
#include <memory>

#include "app/risk_report.h"
#include "engine/plan_validator.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/gantt.h"
#include "tools/cli/level_plan.h"
#include "tools/cli/plan_file.h"
#include "tools/cli/risk_view.h"

namespace rollout {
namespace {

struct RiskArgs {
  std::string plan;
  int iterations = 0;  // 0: the plan's
  uint64_t seed = 0;
  bool seed_given = false;
  bool level = false;
  int threads = 0;
};

RiskRequest RequestOf(const RiskArgs& args) {
  RiskRequest r;
  if (args.iterations > 0) r.iterations = args.iterations;
  if (args.seed_given) r.seed = args.seed;
  r.level = args.level;
  r.threads = args.threads;
  return r;
}

void Print(const RiskReport& r, const GlobalOptions& global) {
  if (!r.warning.empty()) PrintWarning(r.warning);
  const std::string text =
      global.json ? RiskJson(r) : RiskText(r, TerminalWidth(stdout), ColourWanted(stdout));
  std::fputs(text.c_str(), stdout);
}

int RunRiskFile(const RiskArgs& args, const GlobalOptions& global) {
  return WithScheduledPlan(args.plan, global, [&](ScheduledPlan& s, PhaseTimer& timer) {
    if (args.level && !LevelScheduledPlan(&s, LevelRequest{})) return static_cast<int>(kExitUsage);
    if (args.level) timer.Mark("level");
    Result<RiskReport> r = RiskOfPlan(std::move(s), RequestOf(args));
    if (!r.ok()) {
      PrintErrors(r.errors());
      return static_cast<int>(kExitUsage);
    }
    timer.Mark("risk");
    Print(r.value(), global);
    return static_cast<int>(kExitOk);
  });
}

int RunRiskDb(const RiskArgs& args, const GlobalOptions& global) {
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd, true, OpenMode::kReadOnly); code != kExitOk)
    return code;
  Result<RiskReport> r = RiskOfProject(cmd.session, RequestOf(args), &cmd.timer);
  if (!r.ok()) return ReportErrors(r.errors());
  Print(r.value(), global);
  std::fflush(stdout);
  cmd.timer.Mark("output");
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace

void RegisterRisk(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<RiskArgs>();
  CLI::App* cmd = app.add_subcommand(
      "risk",
      Tr("schedule risk of PLAN from its three-point estimates (a Monte Carlo over the network); "
         "without PLAN, of the database's forecast at --now"));
  cmd->add_option("PLAN", args->plan, Tr("plan file (YAML or JSON)"));
  cmd->add_option("--iterations", args->iterations,
                  Tr("iterations (default: the plan's risk.iterations, else 10000)"))
      ->check(CLI::Range(1, kMaxRiskIterations));
  cmd->add_option("--seed", args->seed,
                  Tr("seed of the draws (default: the plan's risk.seed, else 1)"))
      ->each([args](const std::string&) { args->seed_given = true; });
  cmd->add_flag("--level", args->level,
                Tr("level resources in every iteration (one scheduling pass each; docs/risk.md)"));
  cmd->add_option("--threads", args->threads,
                  Tr("worker threads (default: every core); the result does not depend on it"))
      ->check(CLI::Range(1, 256));
  cmd->callback([cli, args] {
    cli->action = [cli, args] {
      if (args->plan.empty()) return RunRiskDb(*args, cli->global);
      return RunRiskFile(*args, cli->global);
    };
  });
}

}  // namespace rollout
