// The log sink: one line per alert through spdlog on stdout, plain text or
// JSON lines (--log-json). Delivery never fails.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/runtime/alert_sink.h"

namespace spdlog {
class logger;
}

namespace rollout {

class LogSink : public AlertSink {
 public:
  /// |logger| is shared with the engine's own messages.
  LogSink(std::shared_ptr<spdlog::logger> logger, bool json)
      : logger_(std::move(logger)), json_(json) {}
  std::string name() const override { return "log"; }
  void Deliver(const AlertDelivery& delivery, Done done) override;

 private:
  std::shared_ptr<spdlog::logger> logger_;
  bool json_;
};

/// How a plain log line shows its text: tools/ passes VisibleText
/// (workflows/text_width.h), so that control characters in task ids, names
/// and messages cannot forge lines or reach the terminal raw.
using ShownText = std::string (*)(std::string_view);

/// The engine's logger: stdout (stderr with |to_stderr|: `serve`, whose
/// stdout is its address), the message only (times are in the lines,
/// from the engine's clock, so that simulated runs are deterministic). With
/// |shown|, every line is written as shown(message): the plain log; without,
/// verbatim: JSON lines, whose strings JSON has escaped already.
std::shared_ptr<spdlog::logger> MakeEngineLogger(ShownText shown = nullptr, bool to_stderr = false);

}  // namespace rollout
