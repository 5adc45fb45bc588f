#include "engine/runtime/webhook_sink.h"
#include "po/messages.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
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

// CR and LF end a header line (and two of them the header block); NUL cuts
// it short in some parsers. None may be in a value we send, whatever made
// it: the second line of defence after IdempotencyKey's own alphabet.
bool HasLineBreakOrNul(const std::string& s) {
  return s.find_first_of(std::string("\r\n\0", 3)) != std::string::npos;
}

// One POST: resolve, connect, write, read, each under the same deadline.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(boost::asio::io_context& io, const HttpUrl& url, std::chrono::milliseconds timeout,
           AlertSink::Done done)
      : resolver_(io), stream_(io), url_(url), timeout_(timeout), done_(std::move(done)) {}

  void Start(const AlertDelivery& d) {
    if (const char* bad = UnsafeField(d)) {
      // Refused, never sent; reported on the next turn of the loop like any
      // other failure (the engine retries it, it fails again, and the
      // outbox's last_error says why).
      boost::asio::post(stream_.get_executor(), [self = shared_from_this(), bad] {
        AlertSink::Done done = std::move(self->done_);
        done(Tr("refused to send: the {0} would contain CR, LF or NUL", Tr(bad)));
      });
      return;
    }
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
  const char* UnsafeField(const AlertDelivery& d) const {
    if (HasLineBreakOrNul(d.idempotency_key)) return N_("Idempotency-Key header");
    if (HasLineBreakOrNul(url_.host) || HasLineBreakOrNul(url_.port)) return N_("Host header");
    if (HasLineBreakOrNul(url_.target)) return N_("request target");
    return nullptr;
  }

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
                 Tr("webhook URL '{0}' is not http://HOST[:PORT][/PATH]", url),
                 url.rfind("https://", 0) == 0 ? Tr("https is not supported; use a local http relay")
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
      return Error{{}, Tr("webhook URL '{0}' has a bad port", url), ""};
  }
  if (rest.empty()) return Error{{}, Tr("webhook URL '{0}' has no host", url), ""};
  for (unsigned char c : url)
    if (c <= ' ' || c == 0x7f)
      return Error{{}, Tr("webhook URL has a space or a control character"), Tr("percent-encode it")};
  out.host = rest;
  return out;
}

void WebhookSink::Deliver(const AlertDelivery& delivery, Done done) {
  std::make_shared<Exchange>(io_, url_, timeout_, std::move(done))->Start(delivery);
}

}  // namespace rollout
