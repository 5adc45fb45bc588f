// rollout load-chart PLAN [--effort N] [--seed S]: who works on what, day by
// day, in the levelled schedule of a plan file.
#include <cstdio>

#include "tools/cli/cli.h"
#include "tools/cli/gantt.h"
#include "tools/cli/level_plan.h"
#include "tools/cli/plan_file.h"

namespace rollout {
namespace {

struct LoadChartArgs {
  std::string plan;
  LevelRequest level;
};

int RunLoadChart(const LoadChartArgs& args) {
  std::optional<Plan> plan = ReadPlanOrReport(args.plan);
  if (!plan) return kExitUsage;
  ScheduledPlan s = SchedulePlan(std::move(*plan));
  if (!LevelScheduledPlan(&s, args.level)) return kExitUsage;
  std::fputs(LoadChart(s, TerminalWidth(stdout)).c_str(), stdout);
  return kExitOk;
}

}  // namespace

void RegisterLoadChart(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<LoadChartArgs>();
  CLI::App* cmd = app.add_subcommand("load-chart", Tr("who works on what, day by day (levelled)"));
  cmd->add_option("PLAN", args->plan, Tr("plan file (YAML or JSON)"))->required();
  cmd->add_option("--effort", args->level.effort, Tr("schedules the levelling search generates"))
      ->check(CLI::Range(1, 100000000));
  cmd->add_option("--seed", args->level.seed, Tr("seed of the levelling search"));
  cmd->callback([cli, args] {
    cli->action = [cli, args] {
      if (cli->global.json) {
        PrintError(
            Tr("load-chart draws text only; 'rollout schedule PLAN --level --json' prints "
               "who works on what (assigned)"));
        return static_cast<int>(kExitUsage);
      }
      return RunLoadChart(*args);
    };
  });
}

}  // namespace rollout
