#include "tests/testing/raw_http_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace rollout::testing {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// One request at the start of |data| (a complete header block); its
// length in bytes, or 0 when the header block is not complete.
size_t ParseOne(const std::string& data, RawRequest* out) {
  const size_t end = data.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  const std::string head = data.substr(0, end);
  size_t line_end = head.find("\r\n");
  out->request_line = head.substr(0, line_end);
  size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
  size_t length = 0;
  while (at < head.size()) {
    size_t next = head.find("\r\n", at);
    if (next == std::string::npos) next = head.size();
    const std::string line = head.substr(at, next - at);
    const size_t colon = line.find(':');
    std::string name = colon == std::string::npos ? line : line.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : Trim(line.substr(colon + 1));
    if (Lower(name) == "content-length") length = std::strtoul(value.c_str(), nullptr, 10);
    out->headers.emplace_back(std::move(name), std::move(value));
    at = next + 2;
  }
  const size_t body_at = end + 4;
  out->body = data.substr(body_at, std::min(length, data.size() - body_at));
  return std::min(data.size(), body_at + length);
}

}  // namespace

std::string RawRequest::Header(const std::string& name) const {
  for (const auto& [n, v] : headers)
    if (Lower(n) == Lower(name)) return v;
  return "";
}

int RawRequest::Count(const std::string& name) const {
  return static_cast<int>(std::count_if(headers.begin(), headers.end(), [&](const auto& h) {
    return Lower(h.first) == Lower(name);
  }));
}

RawHttpReceiver::RawHttpReceiver(int fail_first) : fail_first_(fail_first) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd_, 16) != 0)
    throw std::runtime_error("cannot listen on 127.0.0.1");
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

RawHttpReceiver::~RawHttpReceiver() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

std::vector<RawRequest> RawHttpReceiver::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

int RawHttpReceiver::connections() const {
  std::lock_guard<std::mutex> lock(mu_);
  return connections_;
}

void RawHttpReceiver::Serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    Handle(fd);
    close(fd);
  }
}

// Reads the first request, answers it, then reads on until the client
// closes (at most 2 s of silence): anything after the first request is
// recorded as further requests, unanswered.
void RawHttpReceiver::Handle(int fd) {
  std::string data;
  char buf[4096];
  int status_sent = 0;
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 2000) <= 0) break;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (status_sent != 0) continue;
    RawRequest first;
    if (ParseOne(data, &first) == 0 ||
        first.body.size() < std::strtoul(first.Header("Content-Length").c_str(), nullptr, 10))
      continue;
    {
      std::lock_guard<std::mutex> lock(mu_);
      status_sent = answered_++ < fail_first_ ? 503 : 200;
    }
    std::string reply = status_sent == 200 ? "HTTP/1.1 200 OK\r\n" : "HTTP/1.1 503 Busy\r\n";
    reply += "Content-Length: 0\r\nConnection: close\r\n\r\n";
    ssize_t ignored = write(fd, reply.data(), reply.size());
    (void)ignored;
  }
  std::vector<RawRequest> parsed;
  size_t at = 0;
  while (at < data.size()) {
    RawRequest r;
    const size_t used = ParseOne(data.substr(at), &r);
    if (used == 0) {  // bytes that are not a complete header block: keep them as a request line
      r.request_line = data.substr(at);
      parsed.push_back(std::move(r));
      break;
    }
    parsed.push_back(std::move(r));
    at += used;
  }
  std::lock_guard<std::mutex> lock(mu_);
  ++connections_;
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (i == 0) parsed[i].status = status_sent;
    requests_.push_back(std::move(parsed[i]));
  }
}

}  // namespace rollout::testing
