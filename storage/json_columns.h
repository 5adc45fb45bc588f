// The JSON text both backends store in list and map columns (people of a
// task, roles, recipients, alert arguments): one encoding, so that a row
// copied between SQLite and PostgreSQL (`rollout db copy`) reads the same.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace rollout {

/// ["a","b"]; invalid UTF-8 is replaced, never thrown on.
std::string ToJsonList(const std::vector<std::string>& items);
/// The strings of a JSON list; empty for anything else.
std::vector<std::string> FromJsonList(const std::string& json);
/// {"k":"v",...}
std::string ToJsonObject(const std::map<std::string, std::string>& args);
/// The members of a JSON object (a non-string value as its JSON text).
std::map<std::string, std::string> FromJsonObject(const std::string& text);

}  // namespace rollout
