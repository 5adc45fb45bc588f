#include "engine/email_address.h"

#include "po/messages.h"

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
  if (address.empty()) return Tr("it is empty");
  for (unsigned char c : address) {
    if (c == '\r' || c == '\n') return Tr("it contains a line break");
    if (c < 0x20 || c == 0x7f) return Tr("it contains a control character");
  }
  for (unsigned char c : address)
    if (c >= 0x80)
      return Tr(
          "it contains a non-ASCII character (internationalised addresses are not supported)");
  for (unsigned char c : address) {
    if (c == ' ' || c == '\t') return Tr("it contains a space");
    if (c == ',' || c == ';') return Tr("it contains a list separator: give one address");
    if (c == '<' || c == '>' || c == '"' || c == '(' || c == ')')
      return Tr("it is not a bare address (no display name, quotes or comments)");
  }
  if (address.size() > kMaxAddress) return Tr("it is longer than 254 characters");
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos) return Tr("it has no '@'");
  if (address.find('@') != at) return Tr("it has more than one '@'");
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (local.empty()) return Tr("nothing comes before the '@'");
  if (local.size() > kMaxLocal) return Tr("the part before the '@' is longer than 64 characters");
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return Tr("the part before the '@' has a leading, trailing or double dot");
  for (unsigned char c : local)
    if (c != '.' && !IsAtext(c))
      return Tr("the part before the '@' has a character not allowed there");
  if (domain.empty()) return Tr("no domain comes after the '@'");
  if (domain.find('.') == std::string_view::npos)
    return Tr("the domain '{0}' has no dot (such as example.com)", domain);
  size_t start = 0;
  while (start <= domain.size()) {
    size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty()) return Tr("the domain has an empty label (two dots, or a dot at an end)");
    if (label.size() > kMaxLabel) return Tr("a label of the domain is longer than 63 characters");
    if (label.front() == '-' || label.back() == '-')
      return Tr("a label of the domain starts or ends with '-'");
    for (unsigned char c : label)
      if (!IsAlnum(c) && c != '-')
        return Tr("the domain has a character other than letters, digits, '-' and '.'");
    start = end + 1;
  }
  return "";
}

}  // namespace rollout
