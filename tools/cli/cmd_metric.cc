// rollout metric set METRIC VALUE: record a KPI value used by gate criteria
// (leads).
#include <cstdio>

#include "app/lead_acts.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"

namespace rollout {
namespace {

struct MetricArgs {
  std::string metric;
  std::string value;
};

int RunMetricSet(const MetricArgs& args, const GlobalOptions& global) {
  double value = 0;
  if (!ParseMetricValue(args.value, &value)) {
    PrintError("bad value '" + args.value + "' for metric '" + args.metric + "': expected a number");
    return kExitUsage;
  }
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd); code != kExitOk) return code;
  Status st = SetMetricValue(cmd.session, args.metric, args.value);
  if (!st.ok())
    return ReportErrors(st.errors(), {{ErrorCode::kUnknownPerson, "ask a lead, or pass --as LEAD"}});
  std::printf("%s = %s\n", args.metric.c_str(), args.value.c_str());
  FinishTimings(cmd);
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
