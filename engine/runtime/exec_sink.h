// The command sink: runs CMD with /bin/sh -c, the alert's JSON on stdin and
// ROLLOUT_ALERT_ID / ROLLOUT_IDEMPOTENCY_KEY in the environment. Exit 0 is
// delivered; anything else (or running past the timeout, which kills it)
// is a failure that the engine retries.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>

#include "engine/runtime/alert_sink.h"

namespace boost::asio {
class io_context;
}

namespace rollout {

class ExecSink : public AlertSink {
 public:
  ExecSink(boost::asio::io_context& io, std::string command, std::chrono::milliseconds timeout)
      : io_(io), command_(std::move(command)), timeout_(timeout) {}
  std::string name() const override { return "exec"; }
  void Deliver(const AlertDelivery& delivery, Done done) override;

 private:
  boost::asio::io_context& io_;
  std::string command_;
  std::chrono::milliseconds timeout_;
};

}  // namespace rollout
