#include "engine/runtime/token_secret.h"

#include <sodium/core.h>
#include <sodium/crypto_hash_sha256.h>
#include <sodium/randombytes.h>
#include <sodium/utils.h>

#include <stdexcept>

namespace rollout {
namespace {

constexpr char kPrefix[] = "rlt_";
constexpr size_t kSecretBytes = 32;

std::string Hex(const unsigned char* p, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out += kHex[p[i] >> 4];
    out += kHex[p[i] & 0xf];
  }
  return out;
}

}  // namespace

std::string NewTokenSecret() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot initialise its generator");
  unsigned char bytes[kSecretBytes];
  randombytes_buf(bytes, sizeof bytes);
  std::string secret = kPrefix + Hex(bytes, sizeof bytes);
  sodium_memzero(bytes, sizeof bytes);
  return secret;
}

std::string TokenHash(const std::string& secret) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  return Hex(digest, sizeof digest);
}

bool SameTokenHash(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool LooksLikeToken(const std::string& text) {
  const size_t prefix = sizeof kPrefix - 1;
  if (text.size() != prefix + 2 * kSecretBytes || text.compare(0, prefix, kPrefix) != 0)
    return false;
  for (size_t i = prefix; i < text.size(); ++i) {
    const char c = text[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace rollout
