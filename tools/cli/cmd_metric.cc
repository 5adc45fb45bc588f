// rollout metric set METRIC VALUE: record a KPI value used by gate criteria
// (leads).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/lead_acts.h"
#include "app/wire.h"
#include "tools/cli/remote.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct MetricArgs {
  std::string metric;
  std::string value;
};

void PrintMetric(const MetricReply& r) {
  std::printf("%s = %s\n", VisibleText(r.metric).c_str(), VisibleText(r.value).c_str());
}

int RunMetricSet(const MetricArgs& args, const GlobalOptions& global) {
  double value = 0;
  if (!ParseMetricValue(args.value, &value)) {
    PrintError(Tr("bad value '{0}' for metric '{1}': expected a number", args.value, args.metric));
    return kExitUsage;
  }
  const HintOverrides hints = {{ErrorCode::kUnknownPerson, Tr("ask a lead, or pass --as LEAD")}};
  if (!ServerUrl(global).empty()) {
    nlohmann::json body;
    body["value"] = args.value;
    RemoteReply reply;
    if (int code = CallServer(global, {"PUT", "/metrics/" + UrlSegment(args.metric), {}, body.dump(), hints},
                              &reply);
        code != kExitOk)
      return code;
    Result<MetricReply> r = MetricFromJson(reply.body);
    if (!r.ok()) return ReportErrors(r.errors());
    PrintMetric(r.value());
    return kExitOk;
  }
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd); code != kExitOk) return code;
  Status st = SetMetricValue(cmd.session, args.metric, args.value);
  if (!st.ok()) return ReportErrors(st.errors(), hints);
  PrintMetric({args.metric, args.value});
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace

void RegisterMetric(CLI::App& app, Cli* cli) {
  CLI::App* cmd = app.add_subcommand("metric", Tr("record a KPI value used by gates (leads)"));
  cmd->require_subcommand(1);
  auto args = std::make_shared<MetricArgs>();
  CLI::App* set = cmd->add_subcommand("set", Tr("set METRIC to VALUE"));
  set->add_option("METRIC", args->metric, Tr("metric id"))->required();
  set->add_option("VALUE", args->value, Tr("a number"))->required();
  set->callback([cli, args] {
    cli->action = [cli, args] { return RunMetricSet(*args, cli->global); };
  });
}

}  // namespace rollout
