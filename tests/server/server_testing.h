// What the tests of `rollout serve` share: the server as a real process on
// 127.0.0.1 (port 0; it prints the bound address), tokens issued locally, CLI
// clients, and raw HTTP exchanges over a plain socket.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <vector>

#include "tests/cli/db_fixture.h"
#include "tests/testing/child_process.h"
#include "tests/testing/run_binary.h"

namespace rollout::testing {

using namespace std::chrono_literals;

// `rollout serve` on a free port of 127.0.0.1, the fixture's now.
class Server {
 public:
  Server(const std::string& db, const std::string& now, const std::string& dir,
         std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {ROLLOUT_BINARY, "--db", db, "--now", now, "serve",
                                     "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    child_ = std::make_unique<ChildProcess>(argv, dir, "serve");
    WaitFor([&] { return child_->Out().find("listening on ") != std::string::npos &&
                         child_->Out().find('\n') != std::string::npos; },
            10s);
    const std::string out = child_->Out();
    const size_t at = out.find("listening on ");
    EXPECT_NE(at, std::string::npos) << child_->Err();
    if (at != std::string::npos) url_ = out.substr(at + 13, out.find('\n', at) - at - 13);
    port_ = std::atoi(url_.substr(url_.rfind(':') + 1).c_str());
  }
  const std::string& url() const { return url_; }
  int port() const { return port_; }
  ChildProcess& child() { return *child_; }

 private:
  std::unique_ptr<ChildProcess> child_;
  std::string url_;
  int port_ = 0;
};

// The token printed by `token issue` (its second line).
inline std::string IssueLocally(const DbFixture& f, const std::string& person,
                         const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"token", "issue", person};
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = f.As("boss", args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const size_t nl = r.out.find('\n');
  return r.out.substr(nl + 1, r.out.find('\n', nl + 1) - nl - 1);
}

// A client: `rollout ARGS` against |url| with |token|, no --db, no --now.
inline RunResult Client(const std::string& url, const std::string& token, std::vector<std::string> args,
                 std::vector<std::string> env = {}) {
  env.push_back("ROLLOUT_SERVER=" + url);
  if (!token.empty()) env.push_back("ROLLOUT_TOKEN=" + token);
  env.push_back("ROLLOUT_NOW=");
  env.push_back("XDG_CONFIG_HOME=/nonexistent-rollout-test");
  args.insert(args.begin(), ROLLOUT_BINARY);
  return Run(args, env);
}

// One HTTP exchange over a plain socket: |bytes| sent, everything read
// until the server closes or 15 s pass.
inline std::string Raw(int port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{15, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string out;
  char buf[4096];
  while (true) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

inline std::string Request(const std::string& method, const std::string& target, const std::string& token,
                    const std::string& body) {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
         (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") +
         "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

inline int StatusOf(const std::string& response) {
  return response.size() > 12 ? std::atoi(response.substr(9, 3).c_str()) : 0;
}

inline std::string BodyOf(const std::string& response) {
  const size_t at = response.find("\r\n\r\n");
  return at == std::string::npos ? "" : response.substr(at + 4);
}

}  // namespace rollout::testing
