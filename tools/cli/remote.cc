#include "tools/cli/remote.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/rfc2818_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <openssl/ssl.h>
#include <sstream>

#include "app/wire.h"
#include "po/messages.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

struct Url {
  bool tls = false;
  std::string host, port, base;
};

bool ParseUrl(const std::string& text, Url* url) {
  std::string rest;
  if (text.rfind("http://", 0) == 0) {
    rest = text.substr(7);
  } else if (text.rfind("https://", 0) == 0) {
    url->tls = true;
    rest = text.substr(8);
  } else {
    return false;
  }
  const size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  url->base = slash == std::string::npos ? "" : rest.substr(slash);
  while (!url->base.empty() && url->base.back() == '/') url->base.pop_back();
  if (authority.empty() || authority.find_first_of("@ \r\n") != std::string::npos) return false;
  size_t colon = authority.rfind(':');
  if (authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string::npos) return false;
    url->host = authority.substr(1, close - 1);
    colon = authority.size() > close + 1 && authority[close + 1] == ':' ? close + 1 : std::string::npos;
  } else {
    url->host = authority.substr(0, colon);
  }
  url->port = colon == std::string::npos ? (url->tls ? "443" : "80") : authority.substr(colon + 1);
  return !url->host.empty() && !url->port.empty();
}

struct HttpResult {
  std::string error;  // transport failure
  unsigned status = 0;
  std::string body, warning;
};

template <typename Stream>
void Exchange(Stream& stream, beast::tcp_stream& lowest, http::request<http::string_body>& req,
              double timeout, HttpResult* out, boost::asio::io_context& io) {
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(size_t{512} << 20);
  lowest.expires_after(std::chrono::milliseconds(static_cast<long>(timeout * 1000)));
  http::async_write(stream, req, [&](beast::error_code ec, size_t) {
    if (ec) {
      out->error = ec.message();
      return;
    }
    http::async_read(stream, buffer, parser, [&](beast::error_code e, size_t) {
      if (e) {
        out->error = e.message();
        return;
      }
      out->status = parser.get().result_int();
      out->body = parser.get().body();
      auto w = parser.get().find("Rollout-Warning");
      if (w != parser.get().end()) {
        nlohmann::json j = nlohmann::json::parse(std::string(w->value()), nullptr, false);
        if (j.is_string()) out->warning = j.get<std::string>();
      }
    });
  });
  io.restart();
  io.run();
}

HttpResult Send(const Url& url, const std::string& method, const std::string& target,
                const std::string& token, const std::string& body, double timeout) {
  HttpResult out;
  boost::asio::io_context io;
  beast::error_code ec;
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(url.host, url.port, ec);
  if (ec) {
    out.error = Tr("cannot resolve {0}: {1}", url.host, ec.message());
    return out;
  }
  http::request<http::string_body> req{http::string_to_verb(method), url.base + target, 11};
  req.set(http::field::host, url.host + ":" + url.port);
  req.set(http::field::user_agent, "rollout-cli");
  req.set(http::field::accept, "application/json");
  // A refusal comes back in the words of the person who runs the command.
  req.set(http::field::accept_language, LangCode(CurrentLang()));
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.keep_alive(false);
  req.prepare_payload();
  if (!url.tls) {
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(10));
    stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) {
      if (e) out.error = e.message();
    });
    io.run();
    if (!out.error.empty()) return out;
    Exchange(stream, stream, req, timeout, &out, io);
    return out;
  }
  ssl::context ctx(ssl::context::tls_client);
  const std::string ca = Env("ROLLOUT_CA_FILE");
  if (!ca.empty())
    ctx.load_verify_file(ca, ec);
  else
    ctx.set_default_verify_paths(ec);
  if (ec) {
    out.error = Tr("cannot read the trusted certificates: {0}", ec.message());
    return out;
  }
  ctx.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
  stream.set_verify_callback(ssl::rfc2818_verification(url.host));
  SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str());
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(stream).async_connect(
      endpoints, [&](beast::error_code e, const tcp::endpoint&) {
        if (e) {
          out.error = e.message();
          return;
        }
        stream.async_handshake(ssl::stream_base::client, [&](beast::error_code he) {
          if (he) out.error = Tr("TLS: {0}", he.message());
        });
      });
  io.run();
  if (!out.error.empty()) return out;
  Exchange(stream, beast::get_lowest_layer(stream), req, timeout, &out, io);
  return out;
}

// The credentials file: one "URL TOKEN" a line.
std::map<std::string, std::string> ReadCredentials() {
  std::map<std::string, std::string> out;
  std::ifstream in(CredentialsPath());
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string url, token;
    if (words >> url >> token) out[url] = token;
  }
  return out;
}

std::string Canonical(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

std::string ServerUrl(const GlobalOptions& global) {
  return global.server.empty() ? Env("ROLLOUT_SERVER") : global.server;
}

std::string CredentialsPath() {
  std::string config = Env("XDG_CONFIG_HOME");
  if (config.empty()) {
    std::string home = Env("HOME");
    if (home.empty()) {
      const passwd* pw = getpwuid(getuid());
      home = pw ? pw->pw_dir : ".";
    }
    config = home + "/.config";
  }
  return config + "/rollout/credentials";
}

std::string TokenFor(const std::string& url) {
  const std::string env = Env("ROLLOUT_TOKEN");
  if (!env.empty()) return env;
  auto all = ReadCredentials();
  auto it = all.find(Canonical(url));
  return it == all.end() ? "" : it->second;
}

bool StoreCredentials(const std::string& url, const std::string& token, std::string* error) {
  const std::string path = CredentialsPath();
  const std::string dir = path.substr(0, path.rfind('/'));
  const std::string parent = dir.substr(0, dir.rfind('/'));
  ::mkdir(parent.c_str(), 0700);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    *error = Tr("cannot create {0}", dir);
    return false;
  }
  auto all = ReadCredentials();
  all[Canonical(url)] = token;
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    *error = Tr("cannot write {0}", tmp);
    return false;
  }
  ::fchmod(fd, 0600);
  std::string text;
  for (const auto& [u, t] : all) text += u + " " + t + "\n";
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = Tr("cannot write {0}", path);
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

int CheckClientOptions(const GlobalOptions& global) {
  if (!global.as.empty()) {
    PrintError(Tr("--as cannot be used with --server: the server takes who you are from your token"));
    std::fprintf(stderr, "hint: %s\n", Tr("sign in as that person instead: rollout login URL").c_str());
    return kExitUsage;
  }
  if (!NowText(global).empty()) {
    PrintError(Tr("--now cannot be used with --server: the server's clock decides the time"));
    std::fprintf(stderr, "hint: %s\n",
                 Tr("drop --now (and ROLLOUT_NOW); 'rollout serve --now' fixes a server's clock").c_str());
    return kExitUsage;
  }
  if (!global.db.empty()) {
    PrintError(Tr("--db cannot be used with --server: the server has its own database"));
    return kExitUsage;
  }
  return kExitOk;
}

std::string UrlSegment(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

int CallServer(const GlobalOptions& global, const RemoteRequest& request, RemoteReply* reply) {
  if (int code = CheckClientOptions(global); code != kExitOk) return code;
  const std::string server = Canonical(ServerUrl(global));
  Url url;
  if (!ParseUrl(server, &url)) {
    PrintError(Tr("bad server URL '{0}': expected http://HOST:PORT or https://HOST:PORT", server));
    return kExitUsage;
  }
  const std::string token = TokenFor(server);
  const auto not_signed_in = [&] {
    PrintError(Tr("not signed in to {0}: run 'rollout login {0}'", server));
    return static_cast<int>(kExitRefused);
  };
  if (token.empty()) return not_signed_in();
  std::map<std::string, std::string> query = request.query;
  const std::string project = ResolveProject(global);
  if (!project.empty()) query["project"] = project;
  std::string target = "/api/v1" + request.path;
  char sep = '?';
  for (const auto& [k, v] : query) {
    target += sep + UrlSegment(k) + "=" + UrlSegment(v);
    sep = '&';
  }
  HttpResult r = Send(url, request.method, target, token, request.body, request.timeout_seconds);
  if (!r.error.empty()) {
    PrintError(Tr("cannot reach the server {0}: {1}", server, r.error));
    return kExitFailure;
  }
  if (r.status >= 200 && r.status < 300) {
    reply->body = std::move(r.body);
    reply->warning = std::move(r.warning);
    if (!reply->warning.empty()) std::fprintf(stderr, "warning: %s\n", VisibleText(reply->warning).c_str());
    return kExitOk;
  }
  if (r.status == 401) return not_signed_in();
  std::optional<Errors> errors = ErrorsFromJson(r.body);
  if (r.status == 429 || r.status == 413 || r.status == 408 || !errors) {
    PrintError(errors ? Tr("the server {0} answered {1}: {2}", server, r.status, errors->front().message)
                      : Tr("the server {0} answered {1}", server, r.status));
    return r.status == 400 ? kExitUsage : kExitFailure;
  }
  if (request.raw_errors) {
    reply->errors = std::move(*errors);
    return kExitErrorsReturned;
  }
  return ReportErrors(*errors, request.hints);
}

}  // namespace rollout
