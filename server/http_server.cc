#include "server/http_server.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <variant>

#include "po/messages.h"
#include "server/accept_language.h"

namespace rollout::server {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

// One client connection: requests one after another (keep-alive), each read
// under the deadlines, answered by the handler, then the next.
class HttpServer::Connection : public std::enable_shared_from_this<HttpServer::Connection> {
 public:
  Connection(HttpServer* owner, tcp::socket socket)
      : owner_(owner), peer_(PeerOf(socket)) {
    if (owner->tls_)
      stream_.emplace<Tls>(beast::tcp_stream(std::move(socket)), *owner->tls_);
    else
      stream_.emplace<Plain>(std::move(socket));
  }

  void Start() {
    if (auto* tls = std::get_if<Tls>(&stream_)) {
      beast::get_lowest_layer(*tls).expires_after(owner_->limits_.header_deadline);
      tls->async_handshake(ssl::stream_base::server,
                           [self = shared_from_this()](beast::error_code ec) {
                             if (ec) return self->Close();
                             self->ReadHeader();
                           });
      return;
    }
    ReadHeader();
  }

  // Called at shutdown: an idle connection closes now, a busy one after
  // its response.
  void Drain() {
    draining_ = true;
    if (!busy_) Close();
  }

 private:
  using Plain = beast::tcp_stream;
  using Tls = beast::ssl_stream<beast::tcp_stream>;

  static std::string PeerOf(const tcp::socket& s) {
    beast::error_code ec;
    const tcp::endpoint e = s.remote_endpoint(ec);
    return ec ? "?" : e.address().to_string();
  }

  beast::tcp_stream& Lowest() {
    if (auto* tls = std::get_if<Tls>(&stream_)) return beast::get_lowest_layer(*tls);
    return std::get<Plain>(stream_);
  }

  template <typename F>
  void WithStream(F f) {
    if (auto* tls = std::get_if<Tls>(&stream_))
      f(*tls);
    else
      f(std::get<Plain>(stream_));
  }

  void ReadHeader() {
    if (draining_ || closed_) return Close();
    parser_.emplace();
    answered_ = false;
    parser_->header_limit(static_cast<std::uint32_t>(owner_->limits_.header_limit));
    parser_->body_limit(owner_->limits_.body_limit);
    Lowest().expires_after(owner_->limits_.header_deadline);
    WithStream([&](auto& s) {
      http::async_read_header(s, buffer_, *parser_,
                              [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                self->OnHeader(ec);
                              });
    });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == boost::asio::error::operation_aborted || ec == boost::asio::error::eof ||
        ec == boost::asio::error::connection_reset)
      return Close();
    busy_ = true;
    LangScope lang(RequestLang());
    if (ec == http::error::header_limit)
      return Refuse(431, "header_too_large",
                    Tr("the request's header is over {0} bytes", owner_->limits_.header_limit));
    if (ec == http::error::body_limit)
      return Refuse(413, "body_too_large", Tr("the request body is over 1 MiB"));
    if (ec) return Refuse(400, "bad_request", Tr("malformed HTTP request: {0}", ec.message()));
    if (parser_->content_length() && *parser_->content_length() > owner_->limits_.body_limit)
      return Refuse(413, "body_too_large", Tr("the request body is over 1 MiB"));
    Lowest().expires_after(owner_->limits_.body_deadline);
    WithStream([&](auto& s) {
      http::async_read(s, buffer_, *parser_,
                       [self = shared_from_this()](beast::error_code e, std::size_t) {
                         self->OnBody(e);
                       });
    });
  }

  void OnBody(beast::error_code ec) {
    LangScope lang(RequestLang());
    if (ec == http::error::body_limit)
      return Refuse(413, "body_too_large", Tr("the request body is over 1 MiB"));
    if (ec == beast::error::timeout)
      return Refuse(408, "timeout", Tr("the request body did not arrive within {0} s",
                     std::chrono::duration_cast<std::chrono::seconds>(owner_->limits_.body_deadline).count()));
    if (ec) return Close();
    Lowest().expires_never();
    request_ = parser_->release();
    keep_alive_ = request_.keep_alive();
    std::weak_ptr<Connection> weak = shared_from_this();
    owner_->handler_(request_, Exchange{peer_, [weak](Response r) {
                                          if (auto self = weak.lock()) self->Write(std::move(r));
                                        }});
  }

  // The server's own refusal; its words, where the header was read, in
  // the language it asks for (else the server's).
  void Refuse(unsigned status, const std::string& code, const std::string& message) {
    keep_alive_ = false;
    Write(owner_->errors_(status, code, message));
  }

  // The language of the request being read: its Accept-Language as far as
  // the header was read (a body over the limit stops the parser inside the
  // header, after the fields), else the server's.
  Lang RequestLang() const {
    if (!parser_) return DefaultLang();
    const auto& header = parser_->get();
    const auto it = header.find(http::field::accept_language);
    if (it == header.end()) return DefaultLang();
    return LangOfAcceptLanguage(std::string_view(it->value().data(), it->value().size()), DefaultLang());
  }

  void Write(Response r) {
    if (answered_ || closed_) return;
    answered_ = true;
    response_ = std::move(r);
    response_.version(11);
    response_.keep_alive(keep_alive_ && !draining_);
    response_.prepare_payload();
    Lowest().expires_after(owner_->limits_.body_deadline);
    WithStream([&](auto& s) {
      http::async_write(s, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->busy_ = false;
        if (ec || !self->response_.keep_alive()) return self->Close();
        self->ReadHeader();
      });
    });
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    Lowest().close();
    // Forget after the current handler has returned (it holds a copy).
    boost::asio::post(owner_->io_, [self = shared_from_this()] { self->owner_->Forget(self.get()); });
  }

  HttpServer* owner_;
  std::string peer_;
  std::variant<std::monostate, Plain, Tls> stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;
  Response response_;
  bool keep_alive_ = true;
  bool busy_ = false;
  bool answered_ = true;  // the current request has its response (none yet: false)
  bool draining_ = false;
  bool closed_ = false;
};

HttpServer::HttpServer(boost::asio::io_context& io, ssl::context* tls, Handler handler,
                       ErrorResponder errors, HttpLimits limits)
    : io_(io),
      tls_(tls),
      handler_(std::move(handler)),
      errors_(std::move(errors)),
      limits_(limits),
      acceptor_(io) {}

HttpServer::~HttpServer() = default;

std::optional<tcp::endpoint> HttpServer::Listen(const std::string& host, const std::string& port,
                                                std::string* error) {
  beast::error_code ec;
  tcp::resolver resolver(io_);
  auto results = resolver.resolve(host, port, tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    *error = Tr("cannot resolve {0}:{1}: {2}", host, port, ec.message());
    return std::nullopt;
  }
  const tcp::endpoint at = results.begin()->endpoint();
  acceptor_.open(at.protocol(), ec);
  if (!ec) acceptor_.set_option(boost::asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(at, ec);
  if (!ec) acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) {
    *error = Tr("cannot listen on {0}:{1}: {2}", host, port, ec.message());
    return std::nullopt;
  }
  Accept();
  return acceptor_.local_endpoint();
}

void HttpServer::Accept() {
  acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (stopping_ || !acceptor_.is_open()) return;
    if (!ec) {
      auto c = std::make_shared<Connection>(this, std::move(socket));
      live_.insert(c);
      c->Start();
    }
    Accept();
  });
}

void HttpServer::Shutdown(std::function<void()> drained) {
  stopping_ = true;
  drained_ = std::move(drained);
  beast::error_code ec;
  acceptor_.close(ec);
  for (const auto& c : std::set<std::shared_ptr<Connection>>(live_)) c->Drain();
  if (live_.empty() && drained_) std::exchange(drained_, nullptr)();
}

void HttpServer::Forget(Connection* c) {
  for (auto it = live_.begin(); it != live_.end(); ++it) {
    if (it->get() == c) {
      live_.erase(it);
      break;
    }
  }
  if (stopping_ && live_.empty() && drained_) std::exchange(drained_, nullptr)();
}

size_t HttpServer::connections() const { return live_.size(); }

}  // namespace rollout::server
