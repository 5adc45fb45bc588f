// rollout gantt [PLAN] [--width N]: the terminal Gantt chart of a plan file
// (the same chart as `rollout schedule PLAN --gantt`), or without PLAN the
// database's forecast at now with the baseline as a second bar.
#include <cstdio>
#include <memory>

#include "tools/cli/cli.h"
#include "tools/cli/db_view.h"
#include "tools/cli/gantt.h"
#include "tools/cli/plan_file.h"

namespace rollout {
namespace {

struct GanttArgs {
  std::string plan;
  int width = 0;
};

}  // namespace

int RunDbGantt(const GlobalOptions& global, int width) {
  DbCommand cmd;
  ProjectView view;
  if (int code = OpenProjectView(global, &cmd, &view); code != kExitOk) return code;
  GanttExtras extras;
  if (view.baseline) extras.baseline = &*view.baseline;
  extras.today = view.today;
  std::fputs(RenderGantt(view.s, width > 0 ? width : TerminalWidth(stdout), ColourWanted(stdout),
                         extras)
                 .c_str(),
             stdout);
  FinishTimings(cmd);
  return kExitOk;
}

namespace {

int RunGantt(const GanttArgs& args, const GlobalOptions& global) {
  if (args.plan.empty()) return RunDbGantt(global, args.width);
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
      app.add_subcommand("gantt", Tr("a terminal Gantt chart of PLAN, or of the database's forecast "
                                     "at --now with the baseline (weeks on the axis)"));
  cmd->add_option("PLAN", args->plan, Tr("plan file (YAML or JSON); without it, the database"));
  cmd->add_option("--width", args->width,
                  Tr("columns to fit (default: the terminal, else $COLUMNS, else 100)"))
      ->check(CLI::Range(24, 10000));
  cmd->callback([cli, args] {
    cli->action = [cli, args] {
      if (cli->global.json) {
        PrintError(
            Tr("gantt draws text only; use 'rollout schedule [PLAN] --json' for the numbers"));
        return static_cast<int>(kExitUsage);
      }
      return RunGantt(*args, cli->global);
    };
  });
}

}  // namespace rollout
