// rollout schedule PLAN [--json] [--gantt] [--timings]: the critical-path
// schedule of a plan file, no database (plan-format.md §6).
#include <cstdio>

#include "tools/cli/cli.h"
#include "tools/cli/db_schedule.h"
#include "tools/cli/db_view.h"
#include "tools/cli/gantt.h"
#include "tools/cli/level_plan.h"
#include "tools/cli/plan_file.h"
#include "tools/cli/schedule_view.h"

namespace rollout {
namespace {

struct ScheduleArgs {
  std::string plan;
  bool level = false;
  bool gantt = false;
  bool by_person = false;
  LevelRequest level_request;
};

int RunScheduleFile(const ScheduleArgs& args, const GlobalOptions& global) {
  return WithScheduledPlan(args.plan, global, [&](ScheduledPlan& s, PhaseTimer& timer) {
    if (args.level && !LevelScheduledPlan(&s, args.level_request)) return static_cast<int>(kExitUsage);
    if (args.level) timer.Mark("level");
    if (global.json) {
      WriteScheduleJson(s, stdout);
    } else if (args.by_person) {
      std::fputs(LoadChart(s, TerminalWidth(stdout)).c_str(), stdout);
    } else if (args.gantt) {
      std::fputs(RenderGantt(s, TerminalWidth(stdout), ColourWanted(stdout)).c_str(), stdout);
    } else {
      std::fputs(ScheduleTable(s).c_str(), stdout);
    }
    return static_cast<int>(kExitOk);
  });
}

// The options of `schedule` that draw the database's forecast another way;
// those that only a plan file can honour are refused (exit 2).
int RunScheduleDbWith(const ScheduleArgs& args, const GlobalOptions& global, bool level_options) {
  if (level_options || (args.level && !args.by_person)) {
    PrintError(Tr("--level, --effort and --seed level a plan file: rollout schedule PLAN --level"));
    std::fprintf(stderr, "hint: %s\n",
                 Tr("the database's forecast is levelled when its plan was loaded with "
                    "'rollout load PLAN --level'")
                     .c_str());
    return kExitUsage;
  }
  if (args.gantt) return RunDbGantt(global, 0);
  if (args.by_person) {
    DbCommand cmd;
    ProjectView view;
    if (int code = OpenProjectView(global, &cmd, &view); code != kExitOk) return code;
    if (!view.s.levelled) {
      PrintError(Tr("the database's plan is not levelled, so nobody is assigned day by day"));
      std::fprintf(stderr, "hint: %s\n",
                   Tr("load it with 'rollout load PLAN --level', or chart a file: rollout "
                      "schedule PLAN --by-person")
                       .c_str());
      return kExitUsage;
    }
    std::fputs(LoadChart(view.s, TerminalWidth(stdout)).c_str(), stdout);
    FinishTimings(cmd);
    return kExitOk;
  }
  return RunScheduleFromDb(global);
}

}  // namespace

void RegisterSchedule(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<ScheduleArgs>();
  CLI::App* cmd = app.add_subcommand(
      "schedule",
      Tr("the critical-path schedule of PLAN (no database); without PLAN, the forecast from the "
         "database at --now"));
  cmd->add_option("PLAN", args->plan, Tr("plan file (YAML or JSON)"));
  cmd->add_flag("--level", args->level, Tr("level resources: assign people, no double booking"));
  cmd->add_flag("--gantt", args->gantt, Tr("draw a terminal Gantt chart"));
  cmd->add_flag("--by-person", args->by_person,
                Tr("the load chart: who works on what (implies --level)"));
  cmd->add_option("--effort", args->level_request.effort,
                  Tr("schedules the levelling search generates (default: 5000 up to 200 tasks, "
                     "fewer above)"))
      ->check(CLI::Range(1, 100000000));
  cmd->add_option("--seed", args->level_request.seed,
                  Tr("seed of the levelling search (default 1)"));
  cmd->callback([cli, args, cmd] {
    cli->action = [cli, args, cmd] {
      if (args->gantt && cli->global.json) {
        PrintError(Tr("--gantt draws text; it cannot be combined with --json"));
        return static_cast<int>(kExitUsage);
      }
      if (args->by_person) args->level = true;
      if (args->by_person && (args->gantt || cli->global.json)) {
        PrintError(Tr("--by-person draws text; it cannot be combined with --gantt or --json"));
        return static_cast<int>(kExitUsage);
      }
      if (args->plan.empty())
        return RunScheduleDbWith(*args, cli->global,
                                 cmd->count("--effort") > 0 || cmd->count("--seed") > 0);
      return RunScheduleFile(*args, cli->global);
    };
  });
}

}  // namespace rollout
