#include "tests/testing/smtp_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium/utils.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "tests/testing/loopback.h"

namespace rollout::testing {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Unbase64(const std::string& text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), " \r\n\t", &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return "<bad base64>";
  out.resize(len);
  return out;
}

// The address between < and > of "MAIL FROM:<a@b> SIZE=10".
std::string Angle(const std::string& line) {
  const size_t lt = line.find('<'), gt = line.find('>');
  if (lt == std::string::npos || gt == std::string::npos || gt < lt) return "";
  return line.substr(lt + 1, gt - lt - 1);
}

// Reads one CRLF line from |fd| through |buffer|; false on EOF, error or
// 2 s of silence.
bool ReadLine(int fd, std::string* buffer, std::string* line) {
  while (true) {
    const size_t eol = buffer->find("\r\n");
    if (eol != std::string::npos) {
      *line = buffer->substr(0, eol);
      buffer->erase(0, eol + 2);
      return true;
    }
    if (buffer->size() > (1 << 20)) return false;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 2000) <= 0) return false;
    char buf[4096];
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    buffer->append(buf, static_cast<size_t>(n));
  }
}

void Reply(int fd, const std::string& text) {
  const std::string line = text + "\r\n";
  ssize_t ignored = write(fd, line.data(), line.size());
  (void)ignored;
}

}  // namespace

std::multimap<std::string, std::string> SmtpMessage::Headers() const {
  std::multimap<std::string, std::string> out;
  const size_t end = data.find("\r\n\r\n");
  const std::string head = data.substr(0, end == std::string::npos ? data.size() : end);
  std::vector<std::string> lines;
  size_t at = 0;
  while (at <= head.size()) {
    size_t next = head.find("\r\n", at);
    if (next == std::string::npos) next = head.size();
    std::string line = head.substr(at, next - at);
    if (!lines.empty() && !line.empty() && (line[0] == ' ' || line[0] == '\t'))
      lines.back() += line;  // unfold
    else
      lines.push_back(line);
    at = next + 2;
  }
  for (const std::string& line : lines) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(value.begin());
    out.emplace(Lower(line.substr(0, colon)), value);
  }
  return out;
}

std::string SmtpMessage::Header(const std::string& name) const {
  auto h = Headers();
  auto it = h.find(Lower(name));
  return it == h.end() ? "" : it->second;
}

int SmtpMessage::Count(const std::string& name) const {
  return static_cast<int>(Headers().count(Lower(name)));
}

std::string SmtpMessage::Body() const {
  const size_t end = data.find("\r\n\r\n");
  if (end == std::string::npos) return "";
  const std::string body = data.substr(end + 4);
  if (Lower(Header("Content-Transfer-Encoding")) == "base64") return Unbase64(body);
  return body;
}

std::string DecodeHeader(const std::string& value) {
  std::string out;
  size_t at = 0;
  while (at < value.size()) {
    const size_t start = value.find("=?", at);
    if (start == std::string::npos) {
      out += value.substr(at);
      break;
    }
    std::string between = value.substr(at, start - at);
    // Whitespace between two encoded words is not part of the text.
    if (at == 0 || between.find_first_not_of(" \t") != std::string::npos) out += between;
    const std::string prefix = "=?UTF-8?B?";
    const size_t end = value.find("?=", start + prefix.size());
    if (value.compare(start, prefix.size(), prefix) != 0 || end == std::string::npos) {
      out += value.substr(start);
      break;
    }
    out += Unbase64(value.substr(start + prefix.size(), end - start - prefix.size()));
    at = end + 2;
  }
  return out;
}

SmtpReceiver::SmtpReceiver(int fail_first, int fail_code, int port)
    : fail_first_(fail_first), fail_code_(fail_code) {
  if (port == 0) {
    listen_fd_ = ListenOnLoopback(&port_);
  } else {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(listen_fd_, 16) != 0)
      throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(port));
    port_ = port;
  }
  thread_ = std::thread([this] { Serve(); });
}

SmtpReceiver::~SmtpReceiver() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

std::vector<SmtpMessage> SmtpReceiver::messages() const {
  std::lock_guard<std::mutex> lock(mu_);
  return messages_;
}

std::vector<SmtpMessage> SmtpReceiver::accepted() const {
  std::vector<SmtpMessage> out;
  for (SmtpMessage& m : messages())
    if (m.reply == 250) out.push_back(std::move(m));
  return out;
}

int SmtpReceiver::connections() const {
  std::lock_guard<std::mutex> lock(mu_);
  return connections_;
}

void SmtpReceiver::Serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    Handle(fd);
    close(fd);
    std::lock_guard<std::mutex> lock(mu_);
    ++connections_;
  }
}

void SmtpReceiver::Handle(int fd) {
  std::string buffer, line;
  SmtpMessage m;
  Reply(fd, "220 127.0.0.1 ESMTP rollout-test");
  while (!stop_ && ReadLine(fd, &buffer, &line)) {
    const std::string verb = Lower(line.substr(0, line.find(' ')));
    if (verb == "ehlo" || verb == "helo") {
      m.helo = line.size() > 5 ? line.substr(5) : "";
      Reply(fd, verb == "helo" ? "250 127.0.0.1" : "250-127.0.0.1\r\n250 AUTH PLAIN");
    } else if (verb == "auth") {
      // AUTH PLAIN <base64 of "\0user\0password">, or the credentials on the next line.
      std::string payload = line.size() > 11 ? line.substr(11) : "";
      if (payload.empty()) {
        Reply(fd, "334 ");
        if (!ReadLine(fd, &buffer, &payload)) return;
      }
      const std::string plain = Unbase64(payload);
      const size_t a = plain.find('\0'), b = plain.find('\0', a + 1);
      if (a != std::string::npos && b != std::string::npos) {
        m.user = plain.substr(a + 1, b - a - 1);
        m.password = plain.substr(b + 1);
      }
      Reply(fd, "235 2.7.0 accepted");
    } else if (verb == "mail") {
      m.mail_from = Angle(line);
      m.rcpt_to.clear();
      Reply(fd, "250 2.1.0 ok");
    } else if (verb == "rcpt") {
      m.rcpt_to.push_back(Angle(line));
      Reply(fd, "250 2.1.5 ok");
    } else if (verb == "data") {
      Reply(fd, "354 end with <CRLF>.<CRLF>");
      m.data.clear();
      while (true) {
        if (!ReadLine(fd, &buffer, &line)) return;
        if (line == ".") break;
        if (!line.empty() && line[0] == '.') line.erase(0, 1);  // dot-stuffing
        m.data += line + "\r\n";
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        const bool refuse = static_cast<int>(messages_.size()) < fail_first_;
        m.reply = refuse ? fail_code_ : 250;
        messages_.push_back(m);
      }
      Reply(fd,
            m.reply == 250 ? "250 2.0.0 queued" : std::to_string(m.reply) + " refused by the test");
    } else if (verb == "rset") {
      m.mail_from.clear();
      m.rcpt_to.clear();
      Reply(fd, "250 ok");
    } else if (verb == "noop") {
      Reply(fd, "250 ok");
    } else if (verb == "quit") {
      Reply(fd, "221 bye");
      return;
    } else {
      Reply(fd, "500 5.5.2 unknown command");
    }
  }
}

}  // namespace rollout::testing
