#include <sodium/crypto_hash_sha256.h>

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

namespace {

// |s| with every character outside [A-Za-z0-9] as '-': "due_soon" -> "due-soon".
std::string HeaderSafe(const std::string& s) {
  std::string out;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    out += ok ? c : '-';
  }
  return out;
}

// Each field as its length in decimal, ':', the bytes: no two different
// field lists give the same input ("a","b-c" vs "a-b","c").
void AppendField(std::string* out, const std::string& field) {
  *out += std::to_string(field.size());
  *out += ':';
  *out += field;
}

}  // namespace

std::string IdempotencyKey(const StoredAlert& a) {
  std::string identity = "rollout-alert-v1;";
  AppendField(&identity, a.kind);
  AppendField(&identity, a.task);
  AppendField(&identity, a.about);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(identity.data()),
                     identity.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (size_t i = 0; i < 16; ++i) {  // 128 of the 256 bits: 32 hex digits
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return "rollout-" + std::to_string(a.id) + "-" + HeaderSafe(a.kind).substr(0, 32) + "-" + hex;
}

}  // namespace rollout
