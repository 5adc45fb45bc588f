// rollout load PLAN [--force]: store PLAN as a new version (leads). Progress
// of tasks whose ids remain is kept; dropping a started or done task needs
// --force. The schedule at load becomes the baseline; with --level or
// `levelled: true` in the plan, the levelled schedule does.
#include <algorithm>
#include <cstdio>
#include <set>

#include "app/load.h"
#include "engine/runtime/tz_time_zone.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/level_plan.h"
#include "tools/cli/schedule_view.h"
#include "workflows/plan_reader.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct LoadArgs {
  std::string plan;
  bool force = false;
  bool level = false;
  bool rebaseline = false;
};

// One line on what levelling did: who works, and the finish it costs.
void PrintLevelling(const ScheduledPlan& s, int unlevelled_finish) {
  std::set<std::string> people;
  for (const auto& names : s.assigned) people.insert(names.begin(), names.end());
  const auto finish = [&](int f) { return FormatDate(s.cal->DateOf(std::max(0, f - 1))); };
  std::printf("levelled: %zu %s, nobody on two tasks a day; finish %s (%d working days), "
              "%s (%d) without levelling\n",
              people.size(), people.size() == 1 ? "person" : "people",
              finish(s.schedule.finish).c_str(), s.schedule.finish,
              finish(unlevelled_finish).c_str(), unlevelled_finish);
}

int RunLoad(const LoadArgs& args, const GlobalOptions& global) {
  PhaseTimer timer;
  std::string text;
  if (!PlanTextOrReport(args.plan, &text)) return kExitUsage;
  Result<Plan> read = ReadPlan(args.plan, text);
  if (!read.ok()) {
    std::fputs(RenderErrors(args.plan, text, read.errors()).c_str(), stderr);
    return kExitUsage;
  }
  ScheduledPlan s = SchedulePlan(std::move(read.value()));
  const int unlevelled_finish = s.schedule.finish;
  if ((args.level || s.plan.levelled) && !LevelScheduledPlan(&s, LevelRequest{}))
    return kExitUsage;
  timer.Mark("parse");
  Result<std::unique_ptr<TimeZone>> zone = TzTimeZone::LocateFast(s.plan.timezone);
  if (!zone.ok()) return ReportErrors(zone.errors());
  const SessionRequest who = RequestOf(global);
  Result<Instant> now = ParseNow(who.now_text, *zone.value(), who.clock);
  if (!now.ok()) return ReportErrors(now.errors());
  const std::string path = ResolveDbPath(global);
  Result<std::unique_ptr<Store>> store = OpenStore(path, OpenMode::kCreate);
  if (!store.ok()) return ReportErrors(store.errors());
  LoadRequest request{text, args.plan, args.force, who.actor, now.value(), args.rebaseline};
  Result<LoadOutcome> loaded = LoadPlanVersion(*store.value(), s, request,
                                               FormatInstant(*zone.value(), now.value()));
  timer.Mark("transaction");
  if (!loaded.ok())
    return ReportErrors(loaded.errors(),
                        {{ErrorCode::kNotLead, "ask a lead of the loaded plan, or pass --as LEAD"},
                         {ErrorCode::kUnknownPerson,
                          "ask a lead of the loaded plan, or pass --as LEAD"}});
  const LoadOutcome& out = loaded.value();
  std::printf("loaded %s as version %d into %s: %zu tasks, baseline finish %s (%d working days)\n",
              VisibleText(out.project).c_str(), out.version, VisibleText(path).c_str(), out.tasks,
              out.baseline.finish.c_str(), out.baseline.duration);
  if (s.levelled) PrintLevelling(s, unlevelled_finish);
  for (const auto& [from, to] : out.renamed)
    std::printf("renamed %s to %s: its progress and baseline stay\n", VisibleText(from).c_str(),
                VisibleText(to).c_str());
  if (out.kept > 0) std::printf("kept the progress of %zu tasks\n", out.kept);
  if (out.kept_baseline > 0)
    std::printf("kept the baseline of %zu tasks (--rebaseline takes this version's schedule)\n",
                out.kept_baseline);
  for (const std::string& d : out.dropped)
    std::printf("dropped the progress of %s\n", VisibleText(d).c_str());
  WarnMissedDeadlines(s);
  if (global.timings) PrintTimings(timer);
  return kExitOk;
}

}  // namespace

void RegisterLoad(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<LoadArgs>();
  CLI::App* cmd = app.add_subcommand(
      "load", "store PLAN as a new version in the database (leads); its schedule is the baseline");
  cmd->add_option("PLAN", args->plan, "plan file (YAML or JSON), or builtin:distribution-transition")
      ->required();
  cmd->add_flag("--force", args->force, "drop the progress of started or done tasks the plan removes");
  cmd->add_flag("--level", args->level,
                "take the levelled schedule as the baseline (also `levelled: true` in the plan)");
  cmd->add_flag("--rebaseline", args->rebaseline,
                "take this version's schedule as the baseline of every task (else tasks that "
                "remain keep theirs)");
  cmd->callback([cli, args] { cli->action = [cli, args] { return RunLoad(*args, cli->global); }; });
}

}  // namespace rollout
