// rollout metric set METRIC VALUE: record a KPI value used by gate criteria
// (leads).
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/spellcheck.h"
#include "storage/progress_store.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/lead_check.h"

namespace rollout {
namespace {

struct MetricArgs {
  std::string metric;
  std::string value;
};

bool ParseValue(const std::string& text, double* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(*out);  // not nan, inf
}

int RunMetricSet(const MetricArgs& args, const GlobalOptions& global) {
  double value = 0;
  if (!ParseValue(args.value, &value)) {
    PrintError("bad value '" + args.value + "' for metric '" + args.metric + "': expected a number");
    return kExitUsage;
  }
  DbContext ctx;
  if (int code = OpenDbContext(global, &ctx); code != kExitOk) return code;
  std::optional<ScheduledPlan> s = ParseStoredPlan(*ctx.stored);
  if (!s) return kExitFailure;
  std::vector<std::string_view> ids;
  bool known = false;
  for (const Metric& m : s->plan.metrics) {
    ids.push_back(m.id);
    known = known || m.id == args.metric;
  }
  if (!known) {
    PrintError("unknown metric '" + args.metric + "'");
    std::string mean = DidYouMean(args.metric, ids);
    std::fprintf(stderr, "hint: %s\n",
                 mean.empty() ? "metrics are declared under `metrics:` in the plan" : mean.c_str());
    return kExitUsage;
  }
  int code = kExitOk;
  std::string refusal;
  Status st = ctx.db->Write([&](SQLite::Database& sql) {
    RuleCheck may = CanLead(StoredActor(sql, ctx.stored->version, ctx.actor), "set a metric");
    if (!may.allowed()) {
      code = kExitRefused;
      refusal = may.reason;
      return Database::Outcome::kRollback;
    }
    SetMetric(sql, args.metric, value, ctx.actor, ctx.now);
    AppendLog(sql, {ctx.now, ctx.Format(ctx.now), ctx.actor, "metric", std::nullopt,
                    args.metric + " = " + args.value, ctx.stored->version});
    return Database::Outcome::kCommit;
  });
  if (int outcome = LeadCommandOutcome(st.ok() ? Errors{} : st.errors(), code, refusal);
      outcome != kExitOk)
    return outcome;
  std::printf("%s = %s\n", args.metric.c_str(), args.value.c_str());
  FinishTimings(ctx);
  return kExitOk;
}

}  // namespace

void RegisterMetric(CLI::App& app, Cli* cli) {
  CLI::App* cmd = app.add_subcommand("metric", "record a KPI value used by gates (leads)");
  cmd->require_subcommand(1);
  auto args = std::make_shared<MetricArgs>();
  CLI::App* set = cmd->add_subcommand("set", "set METRIC to VALUE");
  set->add_option("METRIC", args->metric, "metric id")->required();
  set->add_option("VALUE", args->value, "a number")->required();
  set->callback([cli, args] {
    cli->action = [cli, args] { return RunMetricSet(*args, cli->global); };
  });
}

}  // namespace rollout
