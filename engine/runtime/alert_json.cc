#include <nlohmann/json.hpp>

#include "engine/runtime/alert_sink.h"

namespace rollout {

std::string AlertJson(const StoredAlert& a) {
  nlohmann::ordered_json j;
  j["id"] = a.id;
  j["project"] = a.project;
  j["kind"] = a.kind;
  j["task"] = a.task.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(a.task);
  j["about"] = a.about;
  j["recipients"] = a.recipients;
  j["created_at"] = a.created_at;
  j["message"] = a.message;
  j["plan_version"] = a.plan_version;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string IdempotencyKey(const StoredAlert& a) {
  return "rollout-" + std::to_string(a.id) + "-" + a.kind + "-" +
         (a.task.empty() ? "project" : a.task) + "-" + a.about;
}

}  // namespace rollout
