#include "server/serve.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <optional>
#include <spdlog/logger.h>

#include "engine/runtime/async_engine.h"
#include "engine/runtime/log_sink.h"
#include "po/messages.h"
#include "server/api.h"
#include "server/http_server.h"

namespace rollout::server {

bool SplitListen(const std::string& text, std::string* host, std::string* port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  std::string h = text.substr(0, colon);
  const std::string p = text.substr(colon + 1);
  if (h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (p.size() > 5) return false;
  for (char c : p)
    if (c < '0' || c > '9') return false;
  if (std::stoi(p) > 65535) return false;
  *host = h;
  *port = p;
  return true;
}

Status Serve(const ServeStores& stores, const Clock* clock, const ServeOptions& options) {
  boost::asio::io_context io;
  std::optional<boost::asio::ssl::context> tls;
  if (!options.tls_cert.empty() || !options.tls_key.empty()) {
    if (options.tls_cert.empty() || options.tls_key.empty())
      return MakeError(ErrorCode::kInvalid, Tr("TLS needs both a certificate and its key"));
    tls.emplace(boost::asio::ssl::context::tls_server);
    tls->set_options(boost::asio::ssl::context::default_workarounds |
                     boost::asio::ssl::context::no_sslv2 | boost::asio::ssl::context::no_sslv3 |
                     boost::asio::ssl::context::no_tlsv1 | boost::asio::ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    tls->use_certificate_chain_file(options.tls_cert, ec);
    if (ec)
      return MakeError(ErrorCode::kInvalid,
                       Tr("cannot read the TLS certificate '{0}': {1}", options.tls_cert, ec.message()));
    tls->use_private_key_file(options.tls_key, boost::asio::ssl::context::pem, ec);
    if (ec)
      return MakeError(ErrorCode::kInvalid,
                       Tr("cannot read the TLS key '{0}': {1}", options.tls_key, ec.message()));
  }

  ApiOptions api_options;
  api_options.store = stores.reads;
  api_options.writer = stores.writes;
  api_options.tls = tls.has_value();
  api_options.clock = clock;
  api_options.render_alert = options.render_alert;
  api_options.rate_per_second = options.rate_per_second;
  api_options.poll_interval = options.engine_options.poll_interval;
  std::shared_ptr<spdlog::logger> logger = options.logger;
  api_options.access_log = [logger](const std::string& line) {
    if (logger) logger->info("{}", line);
  };
  Api api(io, api_options);
  HttpServer http(io, tls ? &*tls : nullptr,
                  [&api](Request& r, Exchange e) { api.Handle(r, std::move(e)); },
                  &Api::ErrorResponse);
  std::string error;
  auto bound = http.Listen(options.host, options.port, &error);
  if (!bound) return MakeError(ErrorCode::kFailure, error);

  std::unique_ptr<AsyncEngine> engine;
  if (options.engine) {
    EngineOptions eo = options.engine_options;
    eo.once = false;
    engine = std::make_unique<AsyncEngine>(io, stores.engine, stores.source, clock, logger, eo);
    engine->AddSink(std::make_unique<LogSink>(logger, false));
    if (options.add_sinks) options.add_sinks(*engine, io);
    engine->Start();
  }

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    if (logger) logger->info("{}", Tr("stopping: finishing the requests in flight"));
    api.ReleaseHeld();
    if (engine) engine->Stop();
    http.Shutdown([] {});
  });

  const std::string host = bound->address().is_v6() ? "[" + bound->address().to_string() + "]"
                                                     : bound->address().to_string();
  if (options.on_listening)
    options.on_listening(std::string(tls ? "https" : "http") + "://" + host + ":" +
                         std::to_string(bound->port()));
  io.run();
  return OkStatus();
}

}  // namespace rollout::server
