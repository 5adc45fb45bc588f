#include "engine/runtime/webhook_sink.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <memory>

namespace rollout {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

// One POST: resolve, connect, write, read, each under the same deadline.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(boost::asio::io_context& io, const HttpUrl& url, std::chrono::milliseconds timeout,
           AlertSink::Done done)
      : resolver_(io), stream_(io), url_(url), timeout_(timeout), done_(std::move(done)) {}

  void Start(const AlertDelivery& d) {
    req_ = {http::verb::post, url_.target, 11};
    req_.set(http::field::host, url_.host + ":" + url_.port);
    req_.set(http::field::user_agent, "rollout-engine");
    req_.set(http::field::content_type, "application/json");
    req_.set("Idempotency-Key", d.idempotency_key);
    req_.body() = d.json;
    req_.prepare_payload();
    stream_.expires_after(timeout_);
    resolver_.async_resolve(
        url_.host, url_.port,
        [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
          self->OnResolve(ec, r);
        });
  }

 private:
  void OnResolve(beast::error_code ec, const tcp::resolver::results_type& results) {
    if (ec) return Finish("resolve " + url_.host + ": " + ec.message());
    stream_.async_connect(
        results, [self = shared_from_this()](beast::error_code e, const tcp::endpoint&) {
          if (e) return self->Finish("connect: " + e.message());
          http::async_write(self->stream_, self->req_,
                            [self](beast::error_code we, std::size_t) { self->OnWrite(we); });
        });
  }

  void OnWrite(beast::error_code ec) {
    if (ec) return Finish("send: " + ec.message());
    http::async_read(
        stream_, buffer_, res_,
        [self = shared_from_this()](beast::error_code e, std::size_t) { self->OnRead(e); });
  }

  void OnRead(beast::error_code ec) {
    if (ec) return Finish("receive: " + ec.message());
    const unsigned status = res_.result_int();
    if (status < 200 || status >= 300) return Finish("HTTP " + std::to_string(status));
    Finish("");
  }

  void Finish(const std::string& error) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    AlertSink::Done done = std::move(done_);
    done(error);
  }

  tcp::resolver resolver_;
  beast::tcp_stream stream_;
  HttpUrl url_;
  std::chrono::milliseconds timeout_;
  AlertSink::Done done_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
};

}  // namespace

Result<HttpUrl> ParseHttpUrl(const std::string& url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0)
    return Error{{},
                 "webhook URL '" + url + "' is not http://HOST[:PORT][/PATH]",
                 url.rfind("https://", 0) == 0 ? "https is not supported; use a local "
                                                 "http relay"
                                               : ""};
  std::string rest = url.substr(scheme.size());
  HttpUrl out;
  const size_t slash = rest.find('/');
  if (slash != std::string::npos) {
    out.target = rest.substr(slash);
    rest = rest.substr(0, slash);
  }
  const size_t colon = rest.rfind(':');
  if (colon != std::string::npos) {
    out.port = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
    if (out.port.empty() || out.port.find_first_not_of("0123456789") != std::string::npos)
      return Error{{}, "webhook URL '" + url + "' has a bad port", ""};
  }
  if (rest.empty()) return Error{{}, "webhook URL '" + url + "' has no host", ""};
  out.host = rest;
  return out;
}

void WebhookSink::Deliver(const AlertDelivery& delivery, Done done) {
  std::make_shared<Exchange>(io_, url_, timeout_, std::move(done))->Start(delivery);
}

}  // namespace rollout
