// rollout demo: the whole story on the built-in workflow, its team levelled.
#include <cstdio>

#include "tools/cli/builtin_workflow.h"
#include "tools/cli/cli.h"
#include "tools/cli/demo_story.h"
#include "tools/cli/gantt.h"
#include "tools/cli/level_plan.h"
#include "tools/cli/plan_file.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

int RunDemo() {
  std::optional<Plan> plan = ReadPlanOrReport(kBuiltinWorkflowName);
  if (!plan) return kExitFailure;
  std::printf("== %s: %s\n", VisibleText(plan->id).c_str(), VisibleText(plan->title).c_str());
  ScheduledPlan s = SchedulePlan(std::move(*plan));
  const int unlevelled = s.schedule.finish;
  // The team is levelled, as the story loads it (load --level).
  if (!LevelScheduledPlan(&s, LevelRequest{})) return kExitFailure;
  std::printf("%s\n", TrN("levelled: nobody works on two tasks a day; {0} working day, {1} without "
                          "levelling",
                          "levelled: nobody works on two tasks a day; {0} working days, {1} without "
                          "levelling",
                          s.schedule.finish, s.schedule.finish, unlevelled)
                          .c_str());
  std::fputs(ScheduleTable(s).c_str(), stdout);
  std::fputs(("\n" + RenderGantt(s, TerminalWidth(stdout), ColourWanted(stdout))).c_str(), stdout);
  std::printf("\n== %s\n", Tr("Who works when (the levelled team)").c_str());
  std::fputs(LoadChart(s, TerminalWidth(stdout)).c_str(), stdout);
  std::fflush(stdout);
  return RunDemoStory();
}

}  // namespace

void RegisterDemo(CLI::App& app, Cli* cli) {
  CLI::App* cmd = app.add_subcommand(
      "demo", Tr("the whole story on the built-in workflow, in a temporary database"));
  cmd->callback([cli] { cli->action = [] { return RunDemo(); }; });
}

}  // namespace rollout
