// What a request is while the API works on it (server/api.cc routes it,
// server/pages.cc serves the report's pages): private to server/.
#pragma once

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "app/session.h"
#include "po/messages.h"
#include "server/api.h"
#include "storage/records.h"

namespace rollout::server {

/// Percent-decoding of a path segment, a query part or a form value
/// (|plus_is_space|: `+` is a space); false on a bad escape.
bool Decode(std::string_view in, bool plus_is_space, std::string* out);

/// The token of an `Authorization: Bearer TOKEN` header, or "".
std::string BearerToken(const Request& request);

// What a route's function gets.
struct Api::Call {
  std::string method, path;  // path without the query
  std::string target;        // with it
  std::vector<std::string> params;  // the {id} parts, decoded
  std::map<std::string, std::string> query;
  nlohmann::json body = nlohmann::json::object();
  std::string person = "-";  // for the log
  Lang lang = Lang::kEn;     // what the client asked for (Accept-Language), else the server's
  TokenRow token;
  Session session;
  Store* store = nullptr;  // where the route runs: the server's, or a batch's (TxStore)
  std::chrono::steady_clock::time_point began;
  Exchange exchange;
};

}  // namespace rollout::server
