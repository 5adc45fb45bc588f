// `rollout serve`: the API (server/api.h) on the HTTP server
// (server/http_server.h), and unless told otherwise the alert engine
// (engine/runtime/async_engine.h), all on one io_context in one thread
// (docs/server.md "Threads"). SIGINT/SIGTERM: stop accepting, finish the
// requests in flight, stop the engine, return 0.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "engine/result.h"
#include "engine/runtime/async_engine.h"
#include "engine/runtime/alert_source.h"
#include "engine/runtime/clock.h"
#include "storage/records.h"
#include "storage/store.h"


namespace spdlog {
class logger;
}

namespace rollout::server {

struct ServeOptions {
  std::string host = "127.0.0.1";
  std::string port = "8080";
  std::string tls_cert, tls_key;  // both or neither (PEM files)
  bool engine = true;
  EngineOptions engine_options;  // poll, retry back-off (once is ignored)
  double rate_per_second = 200;
  std::function<std::string(const StoredAlert&)> render_alert;
  /// The access log and the engine's log.
  std::shared_ptr<spdlog::logger> logger;
  /// Adds the alert sinks besides the log (webhook, exec, e-mail) to the
  /// engine, on the server's io_context; unset: the log alone.
  std::function<void(AsyncEngine&, boost::asio::io_context&)> add_sinks;
  /// Called once listening, with "http://HOST:PORT" (or https).
  std::function<void(const std::string&)> on_listening;
};

/// The connections `rollout serve` works on, all to the same store and all
/// borrowed: reads on the io_context, the group commit's writer on its own
/// thread (server/write_queue.h), the engine's (unused without the engine).
struct ServeStores {
  Store* reads = nullptr;
  Store* writes = nullptr;
  Store* engine = nullptr;
  AlertSource* source = nullptr;  // the engine's alert source, over |engine|
};

/// Serves |stores| until a signal. Errors: kInvalid for a bad address or
/// TLS files, kFailure when it cannot listen.
Status Serve(const ServeStores& stores, const Clock* clock, const ServeOptions& options);

/// Splits HOST:PORT ([v6]:PORT too); false when it is not one.
bool SplitListen(const std::string& text, std::string* host, std::string* port);

}  // namespace rollout::server
