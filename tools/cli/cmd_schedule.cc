// rollout schedule PLAN [--json] [--gantt] [--timings]: the critical-path
// schedule of a plan file, no database (plan-format.md §6).
#include <cstdio>

#include "tools/cli/cli.h"
#include "tools/cli/gantt.h"
#include "tools/cli/plan_file.h"
#include "tools/cli/schedule_view.h"

namespace rollout {
namespace {

struct ScheduleArgs {
  std::string plan;
  bool level = false;
  bool gantt = false;
};

int RunScheduleFile(const ScheduleArgs& args, const GlobalOptions& global) {
  PhaseTimer timer;
  std::optional<Plan> plan = ReadPlanOrReport(args.plan, &timer);
  if (!plan) {
    if (global.timings) PrintTimings(timer);
    return kExitUsage;
  }
  if (args.level) {
    PrintError("--level is not available yet: resource levelling is issue #6");
    return kExitFailure;
  }
  ScheduledPlan s = SchedulePlan(std::move(*plan), &timer);
  if (global.json) {
    WriteScheduleJson(s, stdout);
  } else if (args.gantt) {
    std::fputs(RenderGantt(s, TerminalWidth(stdout), ColourWanted(stdout)).c_str(), stdout);
  } else {
    std::fputs(ScheduleTable(s).c_str(), stdout);
  }
  std::fflush(stdout);
  timer.Mark("output");
  if (global.timings) PrintTimings(timer);
  return kExitOk;
}

}  // namespace

void RegisterSchedule(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<ScheduleArgs>();
  CLI::App* cmd = app.add_subcommand(
      "schedule",
      "the critical-path schedule of PLAN (no database); without PLAN, the forecast from the "
      "database at --now");
  cmd->add_option("PLAN", args->plan, "plan file (YAML or JSON)");
  cmd->add_flag("--level", args->level, "level resources: assign people, no double booking");
  cmd->add_flag("--gantt", args->gantt, "draw a terminal Gantt chart");
  cmd->callback([cli, args] {
    cli->action = [cli, args] {
      if (args->gantt && cli->global.json) {
        PrintError("--gantt draws text; it cannot be combined with --json");
        return static_cast<int>(kExitUsage);
      }
      if (args->plan.empty()) {
        PrintError("the schedule from the database is not available yet (issue #4)");
        return static_cast<int>(kExitFailure);
      }
      return RunScheduleFile(*args, cli->global);
    };
  });
}

}  // namespace rollout
