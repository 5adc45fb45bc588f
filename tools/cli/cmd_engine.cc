// rollout engine [--once] [--webhook URL] [--exec CMD] [--speed F]
// [--log-json] [--config FILE]: the async engine (engine/runtime/).
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <memory>

#include "app/alert_evaluator.h"
#include "app/inbox.h"
#include "engine/runtime/async_engine.h"
#include "engine/runtime/exec_sink.h"
#include "engine/runtime/log_sink.h"
#include "engine/runtime/webhook_sink.h"
#include "tools/cli/alert_text.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/engine_config.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

struct EngineArgs {
  bool once = false;
  std::string webhook, exec, config;
  double speed = 0;
  bool log_json = false;
};

// The configuration file (if any) under the command line's options.
std::optional<EngineConfig> ResolveConfig(const EngineArgs& args) {
  EngineConfig config;
  if (!args.config.empty()) {
    std::string text;
    if (!ReadFileText(args.config, &text)) {
      PrintError("cannot read the engine configuration '" + args.config + "'");
      return std::nullopt;
    }
    Result<EngineConfig> parsed = ParseEngineConfig(args.config, text, config);
    if (!parsed.ok()) {
      for (const Error& e : parsed.errors()) PrintError(e.message);
      return std::nullopt;
    }
    config = parsed.value();
  }
  if (!args.webhook.empty()) config.webhook = args.webhook;
  if (!args.exec.empty()) config.exec = args.exec;
  if (args.speed > 0) config.speed = args.speed;
  config.log_json = config.log_json || args.log_json;
  return config;
}

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
  std::optional<EngineConfig> config = ResolveConfig(args);
  if (!config) return kExitUsage;
  std::optional<HttpUrl> url;
  if (!config->webhook.empty()) {
    Result<HttpUrl> parsed = ParseHttpUrl(config->webhook);
    if (!parsed.ok()) {
      PrintErrors(parsed.errors());
      return kExitUsage;
    }
    url = parsed.value();
  }
  DbCommand cmd;
  if (int code = OpenEngineCommand(global, &cmd); code != kExitOk) return code;
  std::unique_ptr<Clock> clock = MakeClock(*config, cmd);
  boost::asio::io_context io;
  EngineOptions options;
  options.once = args.once;
  options.log_json = config->log_json;
  options.poll_interval = std::chrono::milliseconds(config->poll_ms);
  options.retry_base = std::chrono::milliseconds(config->retry_ms);
  options.retry_cap = std::chrono::milliseconds(config->retry_max_ms);
  auto logger = MakeEngineLogger();
  StoreAlertSource source(cmd.store.get(), ResolveProject(global), AlertText);
  AsyncEngine engine(io, cmd.store.get(), &source, clock.get(), logger, options);
  const auto timeout = std::chrono::milliseconds(config->timeout_ms);
  engine.AddSink(std::make_unique<LogSink>(logger, config->log_json));
  if (url) engine.AddSink(std::make_unique<WebhookSink>(io, *url, timeout));
  if (!config->exec.empty()) engine.AddSink(std::make_unique<ExecSink>(io, config->exec, timeout));
  engine.Start();
  io.run();
  return engine.exit_code();
}

}  // namespace

void RegisterEngine(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<EngineArgs>();
  CLI::App* cmd = app.add_subcommand(
      "engine", "the async engine: alerts to the log, the inbox, a webhook and a command");
  cmd->add_flag("--once", args->once, "evaluate now, deliver, exit (for cron)");
  cmd->add_option("--webhook", args->webhook, "POST each alert's JSON to this http:// URL");
  cmd->add_option("--exec", args->exec, "run this shell command with each alert's JSON on stdin");
  cmd->add_option("--speed", args->speed,
                  "simulated time from --now, this many times faster (86400: a day a second)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--log-json", args->log_json, "log JSON lines instead of text");
  cmd->add_option("--config", args->config, "a configuration file (key = value lines)");
  cmd->callback(
      [cli, args] { cli->action = [cli, args] { return RunEngine(*args, cli->global); }; });
}

}  // namespace rollout
