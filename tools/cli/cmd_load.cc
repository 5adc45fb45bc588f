// rollout load PLAN [--force]: store PLAN as a new version (leads). Progress
// of tasks whose ids remain is kept; dropping a started or done task needs
// --force. The schedule at load becomes the baseline; with --level or
// `levelled: true` in the plan, the levelled schedule does.
#include <algorithm>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "app/load.h"
#include "app/wire.h"
#include "tools/cli/remote.h"
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

const HintOverrides kLoadHints = {
    {ErrorCode::kNotLead, "ask a lead of the loaded plan, or pass --as LEAD"},
    {ErrorCode::kUnknownPerson, "ask a lead of the loaded plan, or pass --as LEAD"}};

void PrintLoaded(const LoadReply& r) {
  const LoadOutcome& out = r.outcome;
  std::printf("loaded %s as version %d into %s: %zu tasks, baseline finish %s (%d working days)\n",
              VisibleText(out.project).c_str(), out.version, VisibleText(r.location).c_str(), out.tasks,
              out.baseline.finish.c_str(), out.baseline.duration);
  // One line on what levelling did: who works, and the finish it costs.
  if (r.levelled)
    std::printf("levelled: %zu %s, nobody on two tasks a day; finish %s (%d working days), "
                "%s (%d) without levelling\n",
                r.people, r.people == 1 ? "person" : "people", r.finish.c_str(), r.finish_days,
                r.unlevelled_finish_date.c_str(), r.unlevelled_days);
  for (const auto& [from, to] : out.renamed)
    std::printf("renamed %s to %s: its progress and baseline stay\n", VisibleText(from).c_str(),
                VisibleText(to).c_str());
  if (out.kept > 0) std::printf("kept the progress of %zu tasks\n", out.kept);
  if (out.kept_baseline > 0)
    std::printf("kept the baseline of %zu tasks (--rebaseline takes this version's schedule)\n",
                out.kept_baseline);
  for (const std::string& d : out.dropped)
    std::printf("dropped the progress of %s\n", VisibleText(d).c_str());
}

// The plan is read and checked here first (the same errors, with their
// lines, as a local load), then sent; the server reads it again.
int RunLoadRemote(const LoadArgs& args, const GlobalOptions& global, const std::string& text,
                  std::optional<Plan> plan) {
  nlohmann::json body;
  body["source"] = text;
  body["path"] = args.plan;
  if (args.force) body["force"] = true;
  if (args.level) body["level"] = true;
  if (args.rebaseline) body["rebaseline"] = true;
  RemoteReply reply;
  RemoteRequest request{"POST", "/plans", {}, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                        kLoadHints};
  request.raw_errors = true;
  request.timeout_seconds = 300;
  const int code = CallServer(global, request, &reply);
  if (code == kExitErrorsReturned) {
    if (reply.errors.front().loc.line > 0) {
      std::fputs(RenderErrors(args.plan, text, reply.errors).c_str(), stderr);
      return kExitUsage;
    }
    return ReportErrors(reply.errors, kLoadHints);
  }
  if (code != kExitOk) return code;
  Result<LoadReply> r = LoadFromJson(reply.body);
  if (!r.ok()) return ReportErrors(r.errors());
  r.value().location = ServerUrl(global);  // where it went, as the user named it
  PrintLoaded(r.value());
  WarnMissedDeadlines(SchedulePlan(std::move(*plan)));
  return kExitOk;
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
  if (!ServerUrl(global).empty())
    return RunLoadRemote(args, global, text, std::move(read.value()));
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
  if (!loaded.ok()) return ReportErrors(loaded.errors(), kLoadHints);
  LoadReply reply;
  reply.outcome = loaded.value();
  reply.location = store.value()->location();  // a URI without its password
  reply.levelled = s.levelled;
  if (s.levelled) {
    std::set<std::string> people;
    for (const auto& names : s.assigned) people.insert(names.begin(), names.end());
    const auto finish = [&](int f) { return FormatDate(s.cal->DateOf(std::max(0, f - 1))); };
    reply.people = people.size();
    reply.finish = finish(s.schedule.finish);
    reply.finish_days = s.schedule.finish;
    reply.unlevelled_finish_date = finish(unlevelled_finish);
    reply.unlevelled_days = unlevelled_finish;
  }
  PrintLoaded(reply);
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
