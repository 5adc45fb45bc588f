// rollout plan check PLAN: validate only.
#include <cstdio>
#include <string>

#include "engine/work_calendar.h"
#include "tools/cli/cli.h"
#include "tools/cli/plan_file.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

// "1 task", "3 tasks"; |plural| for irregular words ("people").
std::string Count(int n, const std::string& one, const std::string& plural = "") {
  return std::to_string(n) + " " + (n == 1 ? one : plural.empty() ? one + "s" : plural);
}

int RunPlanCheck(const std::string& path) {
  std::optional<Plan> plan = ReadPlanOrReport(path);
  if (!plan) return kExitUsage;
  int tasks = 0, groups = 0, gates = 0;
  for (const Task& t : plan->tasks) {
    if (t.is_group) ++groups;
    else if (t.gate) ++gates;
    else ++tasks;
  }
  WorkCalendar cal(plan->calendar, plan->start);
  const std::string year = FormatDate(plan->start).substr(0, 4);
  Date year_end = 0;
  ParseDate(year + "-12-31", &year_end);
  const std::string counts = Count(tasks, "task") + ", " + Count(groups, "group") + ", " +
                             Count(gates, "gate") + ", " +
                             Count(static_cast<int>(plan->people.size()), "person", "people") +
                             "; " + Count(cal.CountWorking(plan->start, year_end), "working day");
  std::printf("%s: plan '%s' is valid: %s from %s to %s-12-31\n", VisibleText(path).c_str(),
              VisibleText(plan->id).c_str(),
              counts.c_str(), FormatDate(plan->start).c_str(), year.c_str());
  return kExitOk;
}

}  // namespace

void RegisterPlanCheck(CLI::App& app, Cli* cli) {
  CLI::App* plan = app.add_subcommand("plan", "work with plan files");
  plan->require_subcommand(1);
  CLI::App* check = plan->add_subcommand(
      "check", "validate a plan file: every problem as FILE:LINE:COL, exit 2 if any");
  auto path = std::make_shared<std::string>();
  check->add_option("PLAN", *path, "plan file (YAML or JSON)")->required();
  check->callback([cli, path] { cli->action = [path] { return RunPlanCheck(*path); }; });
}

}  // namespace rollout
