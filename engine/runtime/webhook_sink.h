// The webhook sink: an HTTP/1.1 POST of the alert's JSON to a plain http://
// URL with Boost.Beast, asynchronously on the engine's io_context, with an
// Idempotency-Key header that is the same on every retry and a timeout on
// the whole exchange. Any 2xx answer counts as delivered.
#pragma once

#include <chrono>
#include <string>

#include "engine/result.h"
#include "engine/runtime/alert_sink.h"

namespace boost::asio {
class io_context;
}

namespace rollout {

struct HttpUrl {
  std::string host;
  std::string port = "80";
  std::string target = "/";
};

/// Parses http://HOST[:PORT][/PATH]; https is refused (no TLS in this build).
Result<HttpUrl> ParseHttpUrl(const std::string& url);

class WebhookSink : public AlertSink {
 public:
  WebhookSink(boost::asio::io_context& io, HttpUrl url, std::chrono::milliseconds timeout)
      : io_(io), url_(std::move(url)), timeout_(timeout) {}
  std::string name() const override { return "webhook"; }
  void Deliver(const AlertDelivery& delivery, Done done) override;

 private:
  boost::asio::io_context& io_;
  HttpUrl url_;
  std::chrono::milliseconds timeout_;
};

}  // namespace rollout
