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

// Built when used: the language is chosen at the start of the run.
HintOverrides LoadHints() {
  const std::string ask = Tr("ask a lead of the loaded plan, or pass --as LEAD");
  return {{ErrorCode::kNotLead, ask}, {ErrorCode::kUnknownPerson, ask}};
}

void PrintLine(const std::string& line) { std::printf("%s\n", line.c_str()); }

void PrintLoaded(const LoadReply& r) {
  const LoadOutcome& out = r.outcome;
  const long tasks = static_cast<long>(out.tasks);
  PrintLine(TrN("loaded {0} as version {1} into {2}: {3} task, baseline finish {4} ({5})",
                "loaded {0} as version {1} into {2}: {3} tasks, baseline finish {4} ({5})", tasks,
                VisibleText(out.project), out.version, VisibleText(r.location), tasks,
                HumanDate(out.baseline.finish), WorkingDays(out.baseline.duration)));
  // One line on what levelling did: who works, and the finish it costs.
  if (r.levelled) {
    const long people = static_cast<long>(r.people);
    PrintLine(
        TrN("levelled: {0} person, nobody on two tasks a day; finish {1} ({2}), {3} ({4}) "
            "without levelling",
            "levelled: {0} people, nobody on two tasks a day; finish {1} ({2}), {3} ({4}) "
            "without levelling",
            people, people, HumanDate(r.finish), WorkingDays(r.finish_days),
            HumanDate(r.unlevelled_finish_date), r.unlevelled_days));
  }
  for (const auto& [from, to] : out.renamed)
    PrintLine(Tr("renamed {0} to {1}: its progress and baseline stay", VisibleText(from),
                 VisibleText(to)));
  if (out.kept > 0) {
    const long kept = static_cast<long>(out.kept);
    PrintLine(TrN("kept the progress of {0} task", "kept the progress of {0} tasks", kept, kept));
  }
  if (out.kept_baseline > 0) {
    const long kept = static_cast<long>(out.kept_baseline);
    PrintLine(TrN("kept the baseline of {0} task (--rebaseline takes this version's schedule)",
                  "kept the baseline of {0} tasks (--rebaseline takes this version's schedule)",
                  kept, kept));
  }
  for (const std::string& d : out.dropped)
    PrintLine(Tr("dropped the progress of {0}", VisibleText(d)));
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
  const HintOverrides hints = LoadHints();
  RemoteRequest request{"POST",
                        "/plans",
                        {},
                        body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                        hints};
  request.raw_errors = true;
  request.timeout_seconds = 300;
  const int code = CallServer(global, request, &reply);
  if (code == kExitErrorsReturned) {
    if (reply.errors.front().loc.line > 0) {
      std::fputs(RenderErrors(args.plan, text, reply.errors).c_str(), stderr);
      return kExitUsage;
    }
    return ReportErrors(reply.errors, hints);
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
  if (!loaded.ok()) return ReportErrors(loaded.errors(), LoadHints());
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
      "load",
      Tr("store PLAN as a new version in the database (leads); its schedule is the baseline"));
  cmd->add_option("PLAN", args->plan,
                  Tr("plan file (YAML or JSON), or builtin:distribution-transition"))
      ->required();
  cmd->add_flag("--force", args->force,
                Tr("drop the progress of started or done tasks the plan removes"));
  cmd->add_flag(
      "--level", args->level,
      Tr("take the levelled schedule as the baseline (also `levelled: true` in the plan)"));
  cmd->add_flag("--rebaseline", args->rebaseline,
                Tr("take this version's schedule as the baseline of every task (else tasks that "
                   "remain keep theirs)"));
  cmd->callback([cli, args] { cli->action = [cli, args] { return RunLoad(*args, cli->global); }; });
}

}  // namespace rollout
