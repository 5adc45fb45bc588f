#include "engine/email_address.h"

namespace rollout {
namespace {

constexpr size_t kMaxAddress = 254;  // RFC 5321 4.5.3.1.3 (path 256 minus "<>")
constexpr size_t kMaxLocal = 64;
constexpr size_t kMaxLabel = 63;

bool IsAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 5322 atext.
bool IsAtext(unsigned char c) {
  if (IsAlnum(c)) return true;
  for (char a : std::string_view("!#$%&'*+-/=?^_`{|}~"))
    if (c == static_cast<unsigned char>(a)) return true;
  return false;
}

}  // namespace

std::string EmailAddressProblem(std::string_view address) {
  if (address.empty()) return "it is empty";
  for (unsigned char c : address) {
    if (c == '\r' || c == '\n') return "it contains a line break";
    if (c < 0x20 || c == 0x7f) return "it contains a control character";
  }
  for (unsigned char c : address)
    if (c >= 0x80)
      return "it contains a non-ASCII character (internationalised addresses are not supported)";
  for (unsigned char c : address) {
    if (c == ' ' || c == '\t') return "it contains a space";
    if (c == ',' || c == ';') return "it contains a list separator: give one address";
    if (c == '<' || c == '>' || c == '"' || c == '(' || c == ')')
      return "it is not a bare address (no display name, quotes or comments)";
  }
  if (address.size() > kMaxAddress) return "it is longer than 254 characters";
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos) return "it has no '@'";
  if (address.find('@') != at) return "it has more than one '@'";
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (local.empty()) return "nothing comes before the '@'";
  if (local.size() > kMaxLocal) return "the part before the '@' is longer than 64 characters";
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return "the part before the '@' has a leading, trailing or double dot";
  for (unsigned char c : local)
    if (c != '.' && !IsAtext(c)) return "the part before the '@' has a character not allowed there";
  if (domain.empty()) return "no domain comes after the '@'";
  if (domain.find('.') == std::string_view::npos)
    return "the domain '" + std::string(domain) + "' has no dot (such as example.com)";
  size_t start = 0;
  while (start <= domain.size()) {
    size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty()) return "the domain has an empty label (two dots, or a dot at an end)";
    if (label.size() > kMaxLabel) return "a label of the domain is longer than 63 characters";
    if (label.front() == '-' || label.back() == '-')
      return "a label of the domain starts or ends with '-'";
    for (unsigned char c : label)
      if (!IsAlnum(c) && c != '-')
        return "the domain has a character other than letters, digits, '-' and '.'";
    start = end + 1;
  }
  return "";
}

}  // namespace rollout
