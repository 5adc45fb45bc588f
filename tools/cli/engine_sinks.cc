#include "tools/cli/engine_sinks.h"

#include <cstdlib>

#include "engine/email_address.h"
#include "engine/runtime/exec_sink.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "workflows/plan_reader.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

void Refuse(const std::string& message, const std::string& hint) {
  PrintErrors({Error{{}, message, hint}});
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// The e-mail sink's settings, or nullopt (the error printed) when --smtp or
// --mail-from is wrong; |*bad| tells which. Credentials: the URL's
// userinfo, else $ROLLOUT_SMTP_USER and $ROLLOUT_SMTP_PASSWORD. None of it
// is printed.
std::optional<EmailOptions> EmailOptionsOf(const EngineConfig& config, bool* bad) {
  *bad = true;
  if (config.smtp.empty()) {
    if (!config.mail_from.empty()) {
      Refuse(Tr("--mail-from needs --smtp"),
             Tr("add --smtp smtp://HOST:PORT (or smtp = in --config)"));
      return std::nullopt;
    }
    *bad = false;
    return std::nullopt;
  }
  Result<SmtpServer> server = ParseSmtpUrl(config.smtp);
  if (!server.ok()) {
    Refuse("--smtp: " + server.errors()[0].message, server.errors()[0].hint);
    return std::nullopt;
  }
  if (config.mail_from.empty()) {
    Refuse(Tr("--smtp needs a sender"), Tr("add --mail-from ADDR (or mail_from = in --config)"));
    return std::nullopt;
  }
  if (std::string problem = EmailAddressProblem(config.mail_from); !problem.empty()) {
    Refuse(Tr("--mail-from '{0}' is not an e-mail address: {1}", VisibleText(config.mail_from),
              problem),
           Tr("give one address such as rollout@example.com"));
    return std::nullopt;
  }
  *bad = false;
  EmailOptions out;
  out.server = server.value();
  out.from = config.mail_from;
  out.user = Env("ROLLOUT_SMTP_USER");
  out.password = Env("ROLLOUT_SMTP_PASSWORD");
  return out;
}

}  // namespace

void AddSinkOptions(CLI::App* cmd, SinkArgs* args) {
  cmd->add_option("--webhook", args->webhook, Tr("POST each alert's JSON to this http:// URL"));
  cmd->add_option("--exec", args->exec,
                  Tr("run this shell command with each alert's JSON on stdin"));
  cmd->add_option("--smtp", args->smtp,
                  Tr("mail each alert to its recipients' plan e-mail through this smtp:// or "
                     "smtps:// server"));
  cmd->add_option("--mail-from", args->mail_from, Tr("the sender address of alert e-mail"));
  cmd->add_option("--config", args->config, Tr("a configuration file (key = value lines)"));
}

std::optional<EngineConfig> ResolveEngineConfig(const SinkArgs& args) {
  EngineConfig config;
  if (!args.config.empty()) {
    std::string text;
    if (!ReadFileText(args.config, &text)) {
      PrintError(Tr("cannot read the engine configuration '{0}'", args.config));
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
  return config;
}

std::optional<SinkPlan> CheckSinks(const EngineConfig& config) {
  SinkPlan plan;
  if (!config.webhook.empty()) {
    Result<HttpUrl> parsed = ParseHttpUrl(config.webhook);
    if (!parsed.ok()) {
      PrintErrors(parsed.errors());
      return std::nullopt;
    }
    plan.webhook = parsed.value();
  }
  bool bad = false;
  plan.email = EmailOptionsOf(config, &bad);
  if (bad) return std::nullopt;
  plan.exec = config.exec;
  plan.timeout = std::chrono::milliseconds(config.timeout_ms);
  if (plan.email) plan.email->timeout = plan.timeout;
  return plan;
}

EngineOptions EngineOptionsOf(const EngineConfig& config) {
  EngineOptions options;
  options.log_json = config.log_json;
  options.poll_interval = std::chrono::milliseconds(config.poll_ms);
  options.retry_base = std::chrono::milliseconds(config.retry_ms);
  options.retry_cap = std::chrono::milliseconds(config.retry_max_ms);
  return options;
}

void AddSinks(AsyncEngine& engine, boost::asio::io_context& io, Store* store,
              const std::shared_ptr<spdlog::logger>& logger, bool log_json, SinkPlan plan) {
  if (plan.webhook) engine.AddSink(std::make_unique<WebhookSink>(io, *plan.webhook, plan.timeout));
  if (!plan.exec.empty()) engine.AddSink(std::make_unique<ExecSink>(io, plan.exec, plan.timeout));
  if (plan.email)
    engine.AddSink(std::make_unique<EmailSink>(io, store, logger, log_json, std::move(*plan.email)));
}

}  // namespace rollout
