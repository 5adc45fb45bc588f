// An SMTP server on 127.0.0.1 for the tests of the e-mail sink: it speaks
// EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT (RFC 5321),
// one connection at a time on one thread, and records every message whose
// data it received: the envelope, the data (dot-unstuffed) and the reply it
// gave. The first |fail_first| messages are answered |fail_code| (e.g. 451,
// a temporary refusal; 554, a permanent one), the rest 250. Every read is
// bounded (2 s of silence ends a connection).
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rollout::testing {

struct SmtpMessage {
  std::string helo;
  std::string user, password;  // from AUTH PLAIN, when the client sent it
  std::string mail_from;       // the address inside MAIL FROM:<...>
  std::vector<std::string> rcpt_to;
  std::string data;  // the header block and body, CRLF line ends, unstuffed
  int reply = 0;     // what the receiver answered to the data

  /// The header block, unfolded: name (lower case) -> every value.
  std::multimap<std::string, std::string> Headers() const;
  /// The value of the only header |name| (any case); "" when absent.
  std::string Header(const std::string& name) const;
  /// How many headers are called |name|.
  int Count(const std::string& name) const;
  /// The body after the blank line, base64 decoded when the message says so.
  std::string Body() const;
};

/// An RFC 2047 header value decoded ("=?UTF-8?B?...?=" words joined).
std::string DecodeHeader(const std::string& value);

class SmtpReceiver {
 public:
  /// Listens on |port| (0: one the kernel picks).
  explicit SmtpReceiver(int fail_first = 0, int fail_code = 451, int port = 0);
  ~SmtpReceiver();
  SmtpReceiver(const SmtpReceiver&) = delete;
  SmtpReceiver& operator=(const SmtpReceiver&) = delete;

  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  /// Every message received so far (accepted or refused), in order.
  std::vector<SmtpMessage> messages() const;
  /// Only those answered 250.
  std::vector<SmtpMessage> accepted() const;
  int connections() const;

 private:
  void Serve();
  void Handle(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  int fail_first_;
  int fail_code_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<SmtpMessage> messages_;  // GUARDED_BY(mu_)
  int connections_ = 0;                // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace rollout::testing
