// rollout engine [--once] [--webhook URL] [--exec CMD] [--smtp URL]
// [--mail-from ADDR] [--speed F] [--log-json] [--config FILE]: the async
// engine (engine/runtime/).
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <memory>

#include "app/alert_evaluator.h"
#include "app/inbox.h"
#include "engine/runtime/async_engine.h"
#include "engine/runtime/log_sink.h"
#include "tools/cli/alert_text.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/engine_config.h"
#include "tools/cli/engine_sinks.h"
#include "workflows/plan_reader.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct EngineArgs {
  bool once = false;
  SinkArgs sinks;
  double speed = 0;
  bool log_json = false;
};

std::unique_ptr<Clock> MakeClock(const EngineConfig& config, const DbCommand& cmd) {
  if (config.speed > 0 || !NowText(cmd.global).empty())
    return std::make_unique<SimulatedClock>(cmd.session.now, config.speed > 0 ? config.speed : 1.0);
  return std::make_unique<SystemClock>();
}

// The engine watches every project unless one is named; "now" is read in
// the zone of the named project, else of the first.
int OpenEngineCommand(const GlobalOptions& global, DbCommand* cmd) {
  GlobalOptions g = global;
  if (ResolveProject(g).empty()) {
    cmd->global = global;
    Result<std::unique_ptr<Store>> store = OpenStore(ResolveDbPath(global), OpenMode::kExisting);
    if (!store.ok()) return ReportErrors(store.errors());
    Result<std::vector<ProjectRow>> rows = ListProjects(*store.value());
    if (!rows.ok()) return ReportErrors(rows.errors());
    if (!rows.value().empty()) g.project = rows.value().front().id;
  }
  const int code = OpenDbCommand(g, cmd);
  cmd->global = global;
  return code;
}

int RunEngine(const EngineArgs& args, const GlobalOptions& global) {
  std::optional<EngineConfig> config = ResolveEngineConfig(args.sinks);
  if (!config) return kExitUsage;
  if (args.speed > 0) config->speed = args.speed;
  config->log_json = config->log_json || args.log_json;
  std::optional<SinkPlan> sinks = CheckSinks(*config);
  if (!sinks) return kExitUsage;
  DbCommand cmd;
  if (int code = OpenEngineCommand(global, &cmd); code != kExitOk) return code;
  std::unique_ptr<Clock> clock = MakeClock(*config, cmd);
  boost::asio::io_context io;
  EngineOptions options = EngineOptionsOf(*config);
  options.once = args.once;
  // The plain log shows control characters visibly; JSON lines are JSON.
  auto logger = MakeEngineLogger(config->log_json ? nullptr : &VisibleText);
  StoreAlertSource source(cmd.store.get(), ResolveProject(global), AlertText);
  AsyncEngine engine(io, cmd.store.get(), &source, clock.get(), logger, options);
  engine.AddSink(std::make_unique<LogSink>(logger, config->log_json));
  AddSinks(engine, io, cmd.store.get(), logger, config->log_json, std::move(*sinks));
  engine.Start();
  io.run();
  return engine.exit_code();
}

}  // namespace

void RegisterEngine(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<EngineArgs>();
  CLI::App* cmd = app.add_subcommand(
      "engine",
      Tr("the async engine: alerts to the log, the inbox, a webhook, a command and e-mail"));
  cmd->add_flag("--once", args->once, Tr("evaluate now, deliver, exit (for cron)"));
  AddSinkOptions(cmd, &args->sinks);
  cmd->add_option("--speed", args->speed,
                  Tr("simulated time from --now, this many times faster (86400: a day a second)"))
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--log-json", args->log_json, Tr("log JSON lines instead of text"));
  cmd->callback(
      [cli, args] { cli->action = [cli, args] { return RunEngine(*args, cli->global); }; });
}

}  // namespace rollout
