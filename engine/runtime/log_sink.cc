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

std::shared_ptr<spdlog::logger> MakeEngineLogger() {
  auto logger = std::make_shared<spdlog::logger>("rollout-engine",
                                                 std::make_shared<spdlog::sinks::stdout_sink_mt>());
  logger->set_pattern("%v");
  logger->flush_on(spdlog::level::info);
  return logger;
}

}  // namespace rollout
