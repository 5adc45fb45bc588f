#include "engine/runtime/log_sink.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace rollout {

void LogSink::Deliver(const AlertDelivery& d, Done done) {
  if (json_) {
    logger_->info("{}", d.json);
  } else {
    std::string to;
    for (const std::string& r : d.alert.recipients) to += (to.empty() ? "" : ",") + r;
    logger_->info("{} alert #{} {}{}{} about {} -> {}: {}", d.alert.created_at, d.alert.id,
                  d.alert.kind, d.alert.task.empty() ? "" : " ", d.alert.task, d.alert.about,
                  to.empty() ? "nobody" : to, d.alert.message);
  }
  logger_->flush();
  done("");
}

namespace {

// "%v" with the message passed through |shown_|: one line per message.
class ShownFormatter : public spdlog::formatter {
 public:
  explicit ShownFormatter(ShownText shown) : shown_(shown) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string line = shown_(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(line.data(), line.data() + line.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<ShownFormatter>(shown_);
  }

 private:
  ShownText shown_;
};

}  // namespace

std::shared_ptr<spdlog::logger> MakeEngineLogger(ShownText shown, bool to_stderr) {
  spdlog::sink_ptr sink;
  if (to_stderr)
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  else
    sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("rollout-engine", sink);
  if (shown != nullptr)
    logger->set_formatter(std::make_unique<ShownFormatter>(shown));
  else
    logger->set_pattern("%v");
  logger->flush_on(spdlog::level::info);
  return logger;
}

}  // namespace rollout
