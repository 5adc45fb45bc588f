#include "server/accept_language.h"

#include <cctype>
#include <optional>

namespace rollout::server {
namespace {

constexpr size_t kMaxHeader = 1024;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// RFC 9110 §12.4.2 qvalue: "0" ["." 0*3DIGIT] / "1" ["." 0*3("0")], as
// thousandths; nullopt when it is not one.
std::optional<int> QValue(std::string_view v) {
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return std::nullopt;
  int q = (v[0] - '0') * 1000;
  if (v.size() == 1) return q;
  if (v[1] != '.' || v.size() > 5) return std::nullopt;
  int scale = 100;
  for (size_t i = 2; i < v.size(); ++i, scale /= 10) {
    if (v[i] < '0' || v[i] > '9') return std::nullopt;
    q += (v[i] - '0') * scale;
  }
  return q > 1000 ? std::nullopt : std::optional<int>(q);
}

}  // namespace

Lang LangOfAcceptLanguage(std::string_view header, Lang fallback) {
  if (header.size() > kMaxHeader) return fallback;
  std::optional<Lang> best;
  int best_q = 0;
  while (!header.empty()) {
    const size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const size_t semi = item.find(';');
    const std::string_view range = Trim(item.substr(0, semi));
    int q = 1000;
    if (semi != std::string_view::npos) {
      // Parameters: only q= is defined for Accept-Language.
      std::string_view params = item.substr(semi + 1);
      while (!params.empty()) {
        const size_t next = params.find(';');
        const std::string_view p = Trim(params.substr(0, next));
        params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
        if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
          std::optional<int> v = QValue(Trim(p.substr(2)));
          q = v ? *v : 0;  // a malformed q-value counts as "not acceptable"
        }
      }
    }
    if (range.empty() || q <= 0) continue;
    const std::string_view primary = range.substr(0, range.find('-'));
    std::optional<Lang> lang;
    if (EqualsNoCase(primary, "ru"))
      lang = Lang::kRu;
    else if (EqualsNoCase(primary, "en"))
      lang = Lang::kEn;
    else if (range == "*")
      lang = fallback;
    if (lang && q > best_q) {
      best = lang;
      best_q = q;
    }
  }
  return best.value_or(fallback);
}

}  // namespace rollout::server
