#include "workflows/text_width.h"

#include <clocale>
#include <cwchar>
#include <locale.h>

namespace rollout {
namespace {

// Decodes one UTF-8 sequence at |s[*i]|, advancing |*i|; invalid bytes map to U+FFFD.
char32_t Next(std::string_view s, size_t* i) {
  const unsigned char c = static_cast<unsigned char>(s[*i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || *i + len > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += len;
  return cp;
}

bool Between(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

int CharWidth(char32_t cp) {
  if (cp < 0x80) return cp >= 0x20 ? 1 : 0;
  static locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (utf8 == static_cast<locale_t>(nullptr)) return 1;
  locale_t old = uselocale(utf8);
  int w = wcwidth(static_cast<wchar_t>(cp));
  uselocale(old);
  return w < 0 ? 1 : w;
}

}  // namespace

size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = p[0];
  auto cont = [&](size_t i, unsigned char lo, unsigned char hi) {
    return p + i < end && Between(p[i], lo, hi);
  };
  if (Between(c, 0xC2, 0xDF)) return cont(1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if (Between(c, 0xE1, 0xEC) || Between(c, 0xEE, 0xEF))
    return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  if (Between(c, 0xF1, 0xF3))
    return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

int DisplayWidth(std::string_view text) {
  int w = 0;
  for (size_t i = 0; i < text.size();) w += CharWidth(Next(text, &i));
  return w;
}

std::string PadRight(std::string_view text, int width) {
  std::string out(text);
  for (int w = DisplayWidth(text); w < width; ++w) out += ' ';
  return out;
}

std::string PadLeft(std::string_view text, int width) {
  std::string out;
  for (int w = DisplayWidth(text); w < width; ++w) out += ' ';
  return out + std::string(text);
}

std::string Truncate(std::string_view text, int width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  std::string out;
  int w = 0;
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    int cw = CharWidth(Next(text, &i));
    if (w + cw > width - 1) break;
    w += cw;
    out.append(text.substr(start, i - start));
  }
  return out + "…";
}

std::string LineOf(const std::string& text, int line) {
  size_t pos = 0;
  for (int l = 1; l < line; ++l) {
    pos = text.find('\n', pos);
    if (pos == std::string::npos) return "";
    ++pos;
  }
  size_t end = text.find('\n', pos);
  std::string out = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

std::string CaretPadding(const std::string& line, int col) {
  std::string out;
  size_t i = 0;
  for (int c = 1; c < col && i < line.size(); ++c) {
    if (line[i] == '\t') {
      out += '\t';
      ++i;
      continue;
    }
    for (int w = CharWidth(Next(line, &i)); w > 0; --w) out += ' ';
  }
  return out;
}

}  // namespace rollout
