// rollout engine [--once] [--webhook URL] [--exec CMD] [--smtp URL]
// [--mail-from ADDR] [--speed F] [--log-json] [--config FILE]: the async
// engine (engine/runtime/).
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "app/alert_evaluator.h"
#include "app/inbox.h"
#include "engine/email_address.h"
#include "engine/runtime/async_engine.h"
#include "engine/runtime/email_sink.h"
#include "engine/runtime/exec_sink.h"
#include "engine/runtime/log_sink.h"
#include "engine/runtime/webhook_sink.h"
#include "tools/cli/alert_text.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/engine_config.h"
#include "workflows/plan_reader.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct EngineArgs {
  bool once = false;
  std::string webhook, exec, smtp, mail_from, config;
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
  if (!args.smtp.empty()) config.smtp = args.smtp;
  if (!args.mail_from.empty()) config.mail_from = args.mail_from;
  if (args.speed > 0) config.speed = args.speed;
  config.log_json = config.log_json || args.log_json;
  return config;
}

void Refuse(const std::string& message, const std::string& hint) {
  PrintErrors({Error{{}, message, hint}});
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// The e-mail sink's settings, or nullopt (the error printed) when --smtp or
// --mail-from is wrong. Credentials: the URL's userinfo, else
// $ROLLOUT_SMTP_USER and $ROLLOUT_SMTP_PASSWORD. None of it is printed.
std::optional<EmailOptions> EmailOptionsOf(const EngineConfig& config) {
  if (config.smtp.empty()) {
    if (!config.mail_from.empty())
      Refuse("--mail-from needs --smtp", "add --smtp smtp://HOST:PORT (or smtp = in --config)");
    return std::nullopt;
  }
  Result<SmtpServer> server = ParseSmtpUrl(config.smtp);
  if (!server.ok()) {
    Refuse("--smtp: " + server.errors()[0].message, server.errors()[0].hint);
    return std::nullopt;
  }
  if (config.mail_from.empty()) {
    Refuse("--smtp needs a sender", "add --mail-from ADDR (or mail_from = in --config)");
    return std::nullopt;
  }
  if (std::string bad = EmailAddressProblem(config.mail_from); !bad.empty()) {
    Refuse("--mail-from '" + VisibleText(config.mail_from) + "' is not an e-mail address: " + bad,
           "give one address such as rollout@example.com");
    return std::nullopt;
  }
  EmailOptions out;
  out.server = server.value();
  out.from = config.mail_from;
  out.user = Env("ROLLOUT_SMTP_USER");
  out.password = Env("ROLLOUT_SMTP_PASSWORD");
  return out;
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
  std::optional<EmailOptions> email = EmailOptionsOf(*config);
  if ((!config->smtp.empty() || !config->mail_from.empty()) && !email) return kExitUsage;
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
  // The plain log shows control characters visibly; JSON lines are JSON.
  auto logger = MakeEngineLogger(config->log_json ? nullptr : &VisibleText);
  StoreAlertSource source(cmd.store.get(), ResolveProject(global), AlertText);
  AsyncEngine engine(io, cmd.store.get(), &source, clock.get(), logger, options);
  const auto timeout = std::chrono::milliseconds(config->timeout_ms);
  engine.AddSink(std::make_unique<LogSink>(logger, config->log_json));
  if (url) engine.AddSink(std::make_unique<WebhookSink>(io, *url, timeout));
  if (!config->exec.empty()) engine.AddSink(std::make_unique<ExecSink>(io, config->exec, timeout));
  if (email) {
    email->timeout = timeout;
    engine.AddSink(std::make_unique<EmailSink>(io, cmd.store.get(), logger, config->log_json,
                                               std::move(*email)));
  }
  engine.Start();
  io.run();
  return engine.exit_code();
}

}  // namespace

void RegisterEngine(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<EngineArgs>();
  CLI::App* cmd = app.add_subcommand(
      "engine", "the async engine: alerts to the log, the inbox, a webhook, a command and e-mail");
  cmd->add_flag("--once", args->once, "evaluate now, deliver, exit (for cron)");
  cmd->add_option("--webhook", args->webhook, "POST each alert's JSON to this http:// URL");
  cmd->add_option("--exec", args->exec, "run this shell command with each alert's JSON on stdin");
  cmd->add_option("--smtp", args->smtp,
                  "mail each alert to its recipients' plan e-mail through this smtp:// or "
                  "smtps:// server");
  cmd->add_option("--mail-from", args->mail_from, "the sender address of alert e-mail");
  cmd->add_option("--speed", args->speed,
                  "simulated time from --now, this many times faster (86400: a day a second)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--log-json", args->log_json, "log JSON lines instead of text");
  cmd->add_option("--config", args->config, "a configuration file (key = value lines)");
  cmd->callback(
      [cli, args] { cli->action = [cli, args] { return RunEngine(*args, cli->global); }; });
}

}  // namespace rollout
