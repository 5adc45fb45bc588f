// An HTTP/1.1 server on 127.0.0.1 (an ephemeral port) that keeps every byte
// it was sent, for tests of what is on the wire (header injection, request
// smuggling): each connection's bytes are split into requests with the
// HTTP/1.1 framing a real server would use (header block up to CRLF CRLF,
// then Content-Length bytes of body), so a second request hidden in a first
// one shows up as a second request. It answers 503 to the first
// |fail_first| requests and 200 after. Plain sockets, one thread.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace rollout::testing {

struct RawRequest {
  std::string request_line;                                  // "POST /hook HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;  // name (as sent), value (trimmed)
  std::string body;
  int status = 0;  // what the receiver answered (0: not answered, a request after the first)

  /// The value of the only header |name| (case-insensitive); "" when absent.
  std::string Header(const std::string& name) const;
  /// How many headers are called |name| (case-insensitive).
  int Count(const std::string& name) const;
};

class RawHttpReceiver {
 public:
  explicit RawHttpReceiver(int fail_first);
  ~RawHttpReceiver();
  RawHttpReceiver(const RawHttpReceiver&) = delete;
  RawHttpReceiver& operator=(const RawHttpReceiver&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  /// Every request of every connection closed so far, in order.
  std::vector<RawRequest> requests() const;
  /// Connections accepted (and fully read) so far.
  int connections() const;

 private:
  void Serve();
  void Handle(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  int fail_first_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<RawRequest> requests_;  // GUARDED_BY(mu_)
  int answered_ = 0;                  // GUARDED_BY(mu_)
  int connections_ = 0;               // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace rollout::testing
