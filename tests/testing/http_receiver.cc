#include "tests/testing/http_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

#include "tests/testing/loopback.h"

namespace rollout::testing {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Header(const std::string& head, const std::string& name) {
  const std::string lower = Lower(head);
  size_t at = lower.find("\r\n" + Lower(name) + ":");
  if (at == std::string::npos) return "";
  at += name.size() + 3;
  size_t end = head.find("\r\n", at);
  std::string v = head.substr(at, end - at);
  while (!v.empty() && v.front() == ' ') v.erase(v.begin());
  return v;
}

}  // namespace

HttpReceiver::HttpReceiver(int fail_first) : fail_first_(fail_first) {
  listen_fd_ = ListenOnLoopback(&port_);
  thread_ = std::thread([this] { Serve(); });
}

HttpReceiver::~HttpReceiver() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

std::vector<ReceivedRequest> HttpReceiver::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

void HttpReceiver::Serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    Handle(fd);
    close(fd);
  }
}

void HttpReceiver::Handle(int fd) {
  std::string data;
  char buf[4096];
  size_t body_at = std::string::npos;
  size_t want = 0;
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 2000) <= 0) return;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return;
    data.append(buf, static_cast<size_t>(n));
    if (body_at == std::string::npos) {
      size_t h = data.find("\r\n\r\n");
      if (h == std::string::npos) continue;
      body_at = h + 4;
      want = static_cast<size_t>(std::atoi(Header(data.substr(0, h), "Content-Length").c_str()));
    }
    if (data.size() >= body_at + want) break;
  }
  ReceivedRequest r;
  r.idempotency_key = Header(data.substr(0, body_at), "Idempotency-Key");
  r.body = data.substr(body_at, want);
  {
    std::lock_guard<std::mutex> lock(mu_);
    r.status = static_cast<int>(requests_.size()) < fail_first_ ? 503 : 200;
    requests_.push_back(r);
  }
  std::string reply = r.status == 200 ? "HTTP/1.1 200 OK\r\n" : "HTTP/1.1 503 Busy\r\n";
  reply += "Content-Length: 0\r\nConnection: close\r\n\r\n";
  ssize_t ignored = write(fd, reply.data(), reply.size());
  (void)ignored;
}

}  // namespace rollout::testing
