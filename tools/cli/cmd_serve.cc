// rollout serve [--listen HOST:PORT] [--tls-cert F --tls-key F] [--no-engine]
// [--speed F] [--rate-limit N] [--webhook URL] [--exec CMD] [--smtp URL
// --mail-from ADDR] [--config FILE]: the team server (server/,
// docs/server.md), with the engine's sinks of `rollout engine`.
// The bound address is printed on stdout ("listening on URL") so that a
// script (or a test) that asked for port 0 can read it.
#include <cstdio>
#include <memory>
#include <spdlog/logger.h>

#include "app/alert_evaluator.h"
#include "app/inbox.h"
#include "engine/runtime/log_sink.h"
#include "server/serve.h"
#include "tools/cli/alert_text.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/engine_sinks.h"
#include "tools/cli/remote.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert, tls_key;
  bool no_engine = false;
  double speed = 0;
  double rate = 200;
  SinkArgs sinks;  // the engine's: --webhook, --exec, --smtp, --mail-from, --config
};

// `serve --now T` holds the clock at T (tests, demos); with --speed it runs
// from T that many times faster.
class FixedClock : public Clock {
 public:
  explicit FixedClock(Instant now) : now_(now) {}
  Instant Now() const override { return now_; }
  std::chrono::steady_clock::duration RealDelayUntil(Instant t) const override {
    return t <= now_ ? std::chrono::steady_clock::duration::zero()
                     : std::chrono::steady_clock::duration(std::chrono::hours(24 * 365));
  }

 private:
  Instant now_;
};

int RunServe(const ServeArgs& args, const GlobalOptions& global) {
  if (!ServerUrlEmpty(global)) return kExitUsage;
  server::ServeOptions options;
  if (!server::SplitListen(args.listen, &options.host, &options.port)) {
    PrintError(Tr("bad --listen '{0}': expected HOST:PORT, e.g. 127.0.0.1:8080", args.listen));
    return kExitUsage;
  }
  if (args.tls_cert.empty() != args.tls_key.empty()) {
    PrintError(Tr("TLS needs both --tls-cert FILE and --tls-key FILE"));
    return kExitUsage;
  }
  std::optional<EngineConfig> config = ResolveEngineConfig(args.sinks);
  if (!config) return kExitUsage;
  std::optional<SinkPlan> sinks = CheckSinks(*config);
  if (!sinks) return kExitUsage;
  if (args.no_engine && (sinks->webhook || !sinks->exec.empty() || sinks->email)) {
    PrintError(Tr("--no-engine runs no engine, so no alert goes to --webhook, --exec or --smtp"));
    return kExitUsage;
  }
  options.engine_options = EngineOptionsOf(*config);
  options.tls_cert = args.tls_cert;
  options.tls_key = args.tls_key;
  options.engine = !args.no_engine;
  options.rate_per_second = args.rate;
  options.render_alert = AlertText;
  options.logger = MakeEngineLogger(&VisibleText, /*to_stderr=*/true);  // stdout: the address only
  options.on_listening = [](const std::string& url) {
    std::printf("listening on %s\n", url.c_str());
    std::fflush(stdout);
  };
  // The server's connection, and the engine's own (it watches the store's
  // change counter, which moves on other connections' commits).
  DbCommand cmd;
  GlobalOptions g = global;
  if (ResolveProject(g).empty()) {  // any project's zone reads --now
    Result<std::unique_ptr<Store>> store = OpenStore(ResolveDbPath(global), OpenMode::kExisting);
    if (!store.ok()) return ReportErrors(store.errors());
    Result<std::vector<ProjectRow>> rows = ListProjects(*store.value());
    if (!rows.ok()) return ReportErrors(rows.errors());
    if (!rows.value().empty()) g.project = rows.value().front().id;
  }
  if (int code = OpenDbCommand(g, &cmd, false); code != kExitOk) return code;
  Result<std::unique_ptr<Store>> writer_store = OpenStore(ResolveDbPath(global), OpenMode::kExisting);
  if (!writer_store.ok()) return ReportErrors(writer_store.errors());
  Result<std::unique_ptr<Store>> engine_store = OpenStore(ResolveDbPath(global), OpenMode::kExisting);
  if (!engine_store.ok()) return ReportErrors(engine_store.errors());
  std::unique_ptr<Clock> clock;
  if (args.speed > 0)
    clock = std::make_unique<SimulatedClock>(cmd.session.now, args.speed);
  else if (!NowText(global).empty())
    clock = std::make_unique<FixedClock>(cmd.session.now);
  else
    clock = std::make_unique<SystemClock>();
  StoreAlertSource source(engine_store.value().get(), "", AlertText);
  Store* engine = engine_store.value().get();
  options.add_sinks = [&](AsyncEngine& e, boost::asio::io_context& io) {
    AddSinks(e, io, engine, options.logger, false, std::move(*sinks));
  };
  server::ServeStores stores{cmd.store.get(), writer_store.value().get(), engine, &source};
  Status st = server::Serve(stores, clock.get(), options);
  if (!st.ok()) return ReportErrors(st.errors());
  return kExitOk;
}

}  // namespace

bool ServerUrlEmpty(const GlobalOptions& global) {
  if (global.server.empty()) return true;
  PrintError(Tr("--server names a server to talk to; 'rollout serve' serves --db itself"));
  return false;
}

void RegisterServe(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      Tr("the team server: the database of --db on HTTP, tokens for identity, the engine"));
  cmd->add_option("--listen", args->listen,
                  Tr("HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any)"));
  cmd->add_option("--tls-cert", args->tls_cert, Tr("TLS certificate chain (PEM); needs --tls-key"));
  cmd->add_option("--tls-key", args->tls_key, Tr("TLS private key (PEM)"));
  cmd->add_flag("--no-engine", args->no_engine, Tr("do not run the alert engine in this process"));
  cmd->add_option("--speed", args->speed, Tr("simulated time from --now, this many times faster"))
      ->check(CLI::PositiveNumber);
  cmd->add_option(
         "--rate-limit", args->rate,
         Tr("requests a second per token (bursts of twice that); 0: no limit (default 200)"))
      ->check(CLI::Range(0.0, 1e9));
  AddSinkOptions(cmd, &args->sinks);
  cmd->callback([cli, args] { cli->action = [cli, args] { return RunServe(*args, cli->global); }; });
}

}  // namespace rollout
