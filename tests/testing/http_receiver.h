// A tiny HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for webhook
// tests: it answers 503 to the first |fail_first| requests and 200 after,
// and records every request it saw. Plain sockets, one thread.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rollout::testing {

struct ReceivedRequest {
  std::string idempotency_key;
  std::string body;
  int status = 0;  // what the receiver answered
};

class HttpReceiver {
 public:
  explicit HttpReceiver(int fail_first);
  ~HttpReceiver();
  HttpReceiver(const HttpReceiver&) = delete;
  HttpReceiver& operator=(const HttpReceiver&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::vector<ReceivedRequest> requests() const;

 private:
  void Serve();
  void Handle(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  int fail_first_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<ReceivedRequest> requests_;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace rollout::testing
