#include "storage/json_columns.h"

#include <nlohmann/json.hpp>

namespace rollout {

std::string ToJsonList(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> FromJsonList(const std::string& json) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& item : j)
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

std::string ToJsonObject(const std::map<std::string, std::string>& args) {
  return nlohmann::json(args).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::map<std::string, std::string> FromJsonObject(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  std::map<std::string, std::string> out;
  if (!j.is_object()) return out;
  for (const auto& [key, value] : j.items())
    out[key] = value.is_string() ? value.get<std::string>() : value.dump();
  return out;
}

}  // namespace rollout
