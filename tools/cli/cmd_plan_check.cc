// rollout plan check PLAN: validate only.
#include <algorithm>
#include <cstdio>
#include <string>

#include "engine/work_calendar.h"
#include "tools/cli/cli.h"
#include "tools/cli/plan_file.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

int RunPlanCheck(const std::string& path, bool json) {
  std::optional<Plan> read = ReadPlanOrReport(path);
  if (!read) return kExitUsage;
  // Scheduled too: a deadline the plan cannot keep is worth a warning.
  const ScheduledPlan s = SchedulePlan(std::move(*read));
  const Plan* plan = &s.plan;
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
  const long people = static_cast<long>(plan->people.size());
  const std::string counts = TrN("{0} task", "{0} tasks", tasks, tasks) + ", " +
                             TrN("{0} group", "{0} groups", groups, groups) + ", " +
                             TrN("{0} gate", "{0} gates", gates, gates) + ", " +
                             TrN("{0} person", "{0} people", people, people) + "; " +
                             WorkingDays(cal.CountWorking(plan->start, year_end));
  if (json) {
    const std::vector<MissedDeadline> missed = MissedDeadlines(s.plan, *s.cal, s.schedule);
    std::string out = "{\"file\":" + JsonString(path) + ",\"plan\":" + JsonString(plan->id) +
                      ",\"valid\":true,\"tasks\":" + std::to_string(tasks) +
                      ",\"groups\":" + std::to_string(groups) + ",\"gates\":" +
                      std::to_string(gates) + ",\"people\":" +
                      std::to_string(plan->people.size()) + ",\"start\":\"" +
                      FormatDate(plan->start) + "\",\"finish\":\"" +
                      FormatDate(s.cal->DateOf(std::max(0, s.schedule.finish - 1))) +
                      "\",\"duration\":" + std::to_string(s.schedule.finish) +
                      ",\"missed_deadlines\":[";
    for (size_t k = 0; k < missed.size(); ++k)
      out += std::string(k ? "," : "") + "{\"task\":" + JsonString(plan->tasks[missed[k].task].id) +
             ",\"finish\":\"" + FormatDate(missed[k].finish) + "\",\"deadline\":\"" +
             FormatDate(missed[k].deadline) + "\",\"late\":" + std::to_string(missed[k].late) +
             "}";
    out += "]}\n";
    std::fputs(out.c_str(), stdout);
    return kExitOk;
  }
  std::printf("%s\n", Tr("{0}: plan '{1}' is valid: {2} from {3} to {4}", VisibleText(path),
                         VisibleText(plan->id), counts, HumanDate(FormatDate(plan->start)),
                         HumanDate(year + "-12-31"))
                          .c_str());
  WarnMissedDeadlines(s);
  return kExitOk;
}

}  // namespace

void RegisterPlanCheck(CLI::App& app, Cli* cli) {
  CLI::App* plan = app.add_subcommand("plan", Tr("work with plan files"));
  plan->require_subcommand(1);
  CLI::App* check = plan->add_subcommand(
      "check", Tr("validate a plan file: every problem as FILE:LINE:COL, exit 2 if any"));
  auto path = std::make_shared<std::string>();
  check->add_option("PLAN", *path, Tr("plan file (YAML or JSON)"))->required();
  check->callback([cli, path] {
    cli->action = [cli, path] { return RunPlanCheck(*path, cli->global.json); };
  });
}

}  // namespace rollout
