// The alert sinks of `rollout engine` and `rollout serve` (the engine inside
// the server), from the same options: --webhook, --exec, --smtp,
// --mail-from and --config FILE (tools/cli/engine_config.h). One place for
// the flags, their checks and the sinks they make.
#pragma once

#include <CLI/CLI.hpp>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>

#include "engine/runtime/async_engine.h"
#include "engine/runtime/email_sink.h"
#include "engine/runtime/webhook_sink.h"
#include "storage/store.h"
#include "tools/cli/engine_config.h"

namespace spdlog {
class logger;
}

namespace rollout {

/// What the command line says of the sinks.
struct SinkArgs {
  std::string webhook, exec, smtp, mail_from, config;
};

/// Registers --webhook, --exec, --smtp, --mail-from and --config on |cmd|.
void AddSinkOptions(CLI::App* cmd, SinkArgs* args);

/// The configuration file (if any) under the command line's options; nullopt
/// (the error printed) when the file cannot be read or has a bad line.
std::optional<EngineConfig> ResolveEngineConfig(const SinkArgs& args);

/// The sinks |config| names, checked: a bad webhook URL, SMTP URL or sender
/// is printed and gives nullopt (exit 2).
struct SinkPlan {
  std::optional<HttpUrl> webhook;
  std::string exec;
  std::optional<EmailOptions> email;
  std::chrono::milliseconds timeout{5000};
};
std::optional<SinkPlan> CheckSinks(const EngineConfig& config);

/// The engine's options from |config| (poll, retry back-off, JSON log).
EngineOptions EngineOptionsOf(const EngineConfig& config);

/// Adds the sinks of |plan| to |engine| (the log sink is the caller's).
/// |store| is the engine's connection (the e-mail sink keeps per-recipient
/// rows in its outbox).
void AddSinks(AsyncEngine& engine, boost::asio::io_context& io, Store* store,
              const std::shared_ptr<spdlog::logger>& logger, bool log_json, SinkPlan plan);

}  // namespace rollout
