// The secrets of the team server's access tokens (docs/server.md "Tokens"):
// 256 random bits from the operating system (libsodium randombytes_buf),
// kept by the store only as their SHA-256, compared in constant time.
#pragma once

#include <string>

namespace rollout {

/// A new token: "rlt_" and 64 hex digits (32 random bytes).
std::string NewTokenSecret();

/// Hex SHA-256 of |secret|: what the store keeps.
std::string TokenHash(const std::string& secret);

/// Whether two hashes are equal, in time independent of where they differ.
bool SameTokenHash(const std::string& a, const std::string& b);

/// Whether |text| looks like a token (prefix, length, hex digits): anything
/// else is refused without a database read.
bool LooksLikeToken(const std::string& text);

}  // namespace rollout
