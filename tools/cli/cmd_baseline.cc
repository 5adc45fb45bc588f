// rollout baseline: take a new baseline (leads): the forecast at now becomes
// the plan that lateness and slips are measured against, as MS Project's
// "Set Baseline" copies the current schedule.
#include <cstdio>

#include "engine/runtime/stored_forecast.h"
#include "storage/progress_store.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/lead_check.h"
#include "tools/cli/plan_facts.h"

namespace rollout {
namespace {

int RunBaseline(const GlobalOptions& global) {
  DbContext ctx;
  if (int code = OpenDbContext(global, &ctx); code != kExitOk) return code;
  std::optional<ScheduledPlan> s = ParseStoredPlan(*ctx.stored);
  if (!s) return kExitFailure;
  int code = kExitOk;
  std::string refusal;
  Baseline b;
  Status st = ctx.db->Write([&](SQLite::Database& sql) {
    RuleCheck may = CanLead(StoredActor(sql, ctx.stored->version, ctx.actor), "take a baseline");
    if (!may.allowed()) {
      code = kExitRefused;
      refusal = may.reason;
      return Database::Outcome::kRollback;
    }
    const std::optional<Baseline> last = CurrentBaseline(sql);
    const StoredForecast f = ForecastStored(
        s->plan, s->net, *s->cal, LoadProgress(sql), ctx.today,
        StoredPlanIsLevelled(s->plan, IsLevelled(sql, ctx.stored->version)), last ? &*last : nullptr);
    b = BaselineOf(*s, f.schedule, f.levelled ? &f.assigned : nullptr);
    b.plan_version = ctx.stored->version;
    b.taken_at = ctx.now;
    b.taken_by = ctx.actor;
    int id = InsertBaseline(sql, b);
    AppendLog(sql, {ctx.now, ctx.Format(ctx.now), ctx.actor, "baseline", std::nullopt,
                    "baseline " + std::to_string(id) + ": finish " + b.finish,
                    ctx.stored->version});
    return Database::Outcome::kCommit;
  });
  if (int outcome = LeadCommandOutcome(st.ok() ? Errors{} : st.errors(), code, refusal);
      outcome != kExitOk)
    return outcome;
  std::printf("new baseline: finish %s (%d working days)\n", b.finish.c_str(), b.duration);
  FinishTimings(ctx);
  return kExitOk;
}

}  // namespace

void RegisterBaseline(CLI::App& app, Cli* cli) {
  CLI::App* cmd = app.add_subcommand(
      "baseline", "take a new baseline from the forecast at --now (leads)");
  cmd->callback([cli] { cli->action = [cli] { return RunBaseline(cli->global); }; });
}

}  // namespace rollout
