// rollout gantt PLAN [--width N]: the terminal Gantt chart of a plan file
// (the same chart as `rollout schedule PLAN --gantt`).
#include <cstdio>
#include <memory>

#include "tools/cli/cli.h"
#include "tools/cli/gantt.h"
#include "tools/cli/plan_file.h"

namespace rollout {
namespace {

struct GanttArgs {
  std::string plan;
  int width = 0;
};

int RunGantt(const GanttArgs& args, const GlobalOptions& global) {
  return WithScheduledPlan(args.plan, global, [&](ScheduledPlan& s, PhaseTimer&) {
    const int width = args.width > 0 ? args.width : TerminalWidth(stdout);
    std::fputs(RenderGantt(s, width, ColourWanted(stdout)).c_str(), stdout);
    return static_cast<int>(kExitOk);
  });
}

}  // namespace

void RegisterGantt(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<GanttArgs>();
  CLI::App* cmd =
      app.add_subcommand("gantt", "a terminal Gantt chart of PLAN (weeks on the axis)");
  cmd->add_option("PLAN", args->plan, "plan file (YAML or JSON)")->required();
  cmd->add_option("--width", args->width,
                  "columns to fit (default: the terminal, else $COLUMNS, else 100)")
      ->check(CLI::Range(24, 10000));
  cmd->callback([cli, args] {
    cli->action = [cli, args] {
      if (cli->global.json) {
        PrintError("gantt draws text only; use 'rollout schedule PLAN --json' for the numbers");
        return static_cast<int>(kExitUsage);
      }
      return RunGantt(*args, cli->global);
    };
  });
}

}  // namespace rollout
