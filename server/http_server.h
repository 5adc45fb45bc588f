// The HTTP/1.1 side of `rollout serve` (docs/server.md): Boost.Beast over
// one io_context (the engine's), plain TCP or TLS (boost::asio::ssl over
// OpenSSL), keep-alive, and the limits every connection lives under:
// headers within 10 s, a body within 30 s, at most 1 MiB of body (413).
// It knows nothing of rollout: each request goes to a Handler, which
// answers now or later (a held GET /alerts?wait=).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace rollout::server {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

struct HttpLimits {
  std::chrono::milliseconds header_deadline{10000};
  std::chrono::milliseconds body_deadline{30000};
  size_t body_limit = 1 << 20;
  size_t header_limit = 16 << 10;
};

/// What a handler gets besides the request: the peer's address, and the
/// function to answer with (exactly once, on the io_context's thread).
struct Exchange {
  std::string peer;  // the client's IP address
  std::function<void(Response)> reply;
};

using Handler = std::function<void(Request&, Exchange)>;

/// A response for a request the server refuses itself (413, 408, 400):
/// {"error":{"code","message"}}; set by the owner of the server.
using ErrorResponder = std::function<Response(unsigned status, const std::string& code,
                                              const std::string& message)>;

class HttpServer {
 public:
  /// Borrows |io| and |tls| (nullptr: plain HTTP).
  HttpServer(boost::asio::io_context& io, boost::asio::ssl::context* tls, Handler handler,
             ErrorResponder errors, HttpLimits limits = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and listens on |host|:|port| (port 0: any free port); returns
  /// the bound endpoint, or the error's text in |*error|.
  std::optional<boost::asio::ip::tcp::endpoint> Listen(const std::string& host,
                                                       const std::string& port,
                                                       std::string* error);

  /// Stops accepting; every connection closes after the response it owes
  /// (idle ones at once). |drained| runs once none is left.
  void Shutdown(std::function<void()> drained);

  /// Connections open now.
  size_t connections() const;

  class Connection;

 private:
  void Accept();
  void Forget(Connection* c);

  boost::asio::io_context& io_;
  boost::asio::ssl::context* tls_;
  Handler handler_;
  ErrorResponder errors_;
  HttpLimits limits_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::set<std::shared_ptr<Connection>> live_;
  bool stopping_ = false;
  std::function<void()> drained_;
};

}  // namespace rollout::server
