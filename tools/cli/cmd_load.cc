// rollout load PLAN [--force]: store PLAN as a new version (leads). Progress
// of tasks whose ids remain is kept; dropping a started or done task needs
// --force. The schedule at load becomes the baseline; with --level or
// `levelled: true` in the plan, the levelled schedule does.
#include <algorithm>
#include <cstdio>
#include <set>

#include "engine/progress_rules.h"
#include "storage/progress_store.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/level_plan.h"
#include "tools/cli/plan_facts.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

struct LoadArgs {
  std::string plan;
  bool force = false;
  bool level = false;
};

Actor ActorFrom(const std::string& id, const std::optional<PlanPersonRow>& person) {
  Actor a;
  a.id = id;
  a.known = person.has_value();
  a.lead = person && std::find(person->roles.begin(), person->roles.end(), "lead") !=
                         person->roles.end();
  return a;
}

Actor ActorInPlan(const std::string& id, const Plan& plan) {
  const Person* p = plan.FindPerson(id);
  if (!p) return ActorFrom(id, std::nullopt);
  return ActorFrom(id, PlanPersonRow{p->id, p->name, p->roles});
}

std::string DescribeDropped(const std::vector<std::pair<std::string, TaskState>>& dropped) {
  std::string out;
  for (const auto& [task, state] : dropped)
    out += (out.empty() ? "" : ", ") + task + " (" + TaskStateName(state) + ")";
  return out;
}

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
  DbContext ctx;
  ctx.global = global;
  std::string text;
  if (!PlanText(args.plan, &text)) {
    std::fprintf(stderr, "%s: error: cannot read the plan file: no such file or not readable\n",
                 args.plan.c_str());
    return kExitUsage;
  }
  Result<Plan> read = ReadPlan(args.plan, text);
  if (!read.ok()) {
    std::fputs(RenderErrors(args.plan, text, read.errors()).c_str(), stderr);
    return kExitUsage;
  }
  ScheduledPlan s = SchedulePlan(std::move(read.value()));
  const int unlevelled_finish = s.schedule.finish;
  if ((args.level || s.plan.levelled) && !LevelScheduledPlan(&s, LevelRequest{}))
    return kExitUsage;
  ctx.timer.Mark("parse");
  if (int code = ResolveTime(s.plan.timezone, &ctx); code != kExitOk) return code;
  ctx.path = ResolveDbPath(global);
  ctx.actor = ResolveActor(global);

  StoredPlan stored;
  stored.plan_id = s.plan.id;
  bool json = text.find_first_not_of(" \t\r\n") != std::string::npos &&
              text[text.find_first_not_of(" \t\r\n")] == '{';
  json = json || (args.plan.size() > 5 && args.plan.substr(args.plan.size() - 5) == ".json");
  stored.format = json ? "json" : "yaml";
  stored.source = text;
  stored.source_path = args.plan;
  stored.timezone = s.plan.timezone;
  stored.loaded_at = ctx.now;
  stored.loaded_by = ctx.actor;
  PlanFacts facts = FactsOf(s);
  std::vector<std::string> ids;
  for (const Task& t : s.plan.tasks) ids.push_back(t.id);
  Baseline baseline = BaselineOf(s, s.schedule, s.levelled ? &s.assigned : nullptr);
  baseline.taken_at = ctx.now;
  baseline.taken_by = ctx.actor;

  Result<std::unique_ptr<Database>> db = Database::Open(ctx.path);
  if (!db.ok()) {
    PrintErrors(db.errors());
    return kExitFailure;
  }
  int code = kExitOk;
  std::string refusal, hint;
  int version = 0;
  size_t kept = 0;
  std::vector<std::string> dropped;
  Status st = db.value()->Write([&](SQLite::Database& sql) {
    std::optional<StoredPlan> current = CurrentPlan(sql);
    Actor actor = current ? ActorFrom(ctx.actor, FindPlanPerson(sql, current->version, ctx.actor))
                          : ActorInPlan(ctx.actor, s.plan);
    RuleCheck may = CanLead(actor, "load a plan");
    if (!may.allowed()) {
      code = kExitRefused;
      refusal = may.reason;
      hint = current ? "ask a lead of the loaded plan, or pass --as LEAD"
                     : "the first load must be made by a person with role 'lead' in the plan";
      return Database::Outcome::kRollback;
    }
    std::vector<std::pair<std::string, TaskState>> lost = ProgressNotIn(sql, ids);
    if (!lost.empty() && !args.force) {
      code = kExitRefused;
      refusal = "the new plan drops tasks that have progress: " + DescribeDropped(lost);
      hint = "keep their ids in the plan, or pass --force to drop their progress";
      return Database::Outcome::kRollback;
    }
    if (!lost.empty()) dropped = DropProgressExcept(sql, ids);
    kept = static_cast<size_t>(sql.execAndGet("SELECT count(*) FROM progress").getInt());
    version = InsertPlanVersion(sql, stored, facts);
    if (s.levelled) MarkLevelled(sql, version);
    baseline.plan_version = version;
    InsertBaseline(sql, baseline);
    std::string note = "version " + std::to_string(version) + " of " + s.plan.id + " from " +
                       args.plan;
    for (const std::string& d : dropped) note += "; dropped progress of " + d;
    AppendLog(sql, {ctx.now, ctx.Format(ctx.now), ctx.actor, "load", std::nullopt, note, version});
    return Database::Outcome::kCommit;
  });
  ctx.timer.Mark("transaction");
  if (!st.ok()) {
    PrintErrors(st.errors());
    return kExitFailure;
  }
  if (code != kExitOk) {
    PrintError(refusal);
    if (!hint.empty()) std::fprintf(stderr, "hint: %s\n", hint.c_str());
    return code;
  }
  std::printf("loaded %s as version %d into %s: %zu tasks, baseline finish %s (%d working days)\n",
              s.plan.id.c_str(), version, ctx.path.c_str(), s.plan.tasks.size(),
              baseline.finish.c_str(), baseline.duration);
  if (s.levelled) PrintLevelling(s, unlevelled_finish);
  if (kept > 0) std::printf("kept the progress of %zu tasks\n", kept);
  for (const std::string& d : dropped) std::printf("dropped the progress of %s\n", d.c_str());
  FinishTimings(ctx);
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
  cmd->callback([cli, args] { cli->action = [cli, args] { return RunLoad(*args, cli->global); }; });
}

}  // namespace rollout
