#include "workflows/text_width.h"

#include <clocale>
#include <cwchar>
#include <locale.h>

namespace rollout {
namespace {

bool Between(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

int CharWidth(char32_t cp) {
  if (cp < 0x80) return cp >= 0x20 ? 1 : 0;
  // Cyrillic letters (not the combining marks U+0483-U+0489): one column,
  // without the locale switch that wcwidth needs.
  if ((cp >= 0x0400 && cp <= 0x0482) || (cp >= 0x048A && cp <= 0x052F)) return 1;
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

namespace {

// Characters that VisibleText shows as an escape.
bool ShownEscaped(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C ||
         cp == 0x200E || cp == 0x200F || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// Calls |f(shown, width)| for each character of |text| as VisibleText shows
// it: the character's own bytes, or its escape; a bad byte is one character.
// Without |kWidth| the width of a shown character is 0 (no wcwidth call).
template <bool kWidth = true, typename F>
void ForEachShown(std::string_view text, F&& f) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    char32_t cp = c;
    size_t n = 1;
    if (c >= 0x80) {
      n = Utf8SequenceLength(p, end);
      if (n == 0) {  // not UTF-8: the byte
        const char esc[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
        f(std::string_view(esc, 4), 4);
        ++p;
        continue;
      }
      cp = n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (p[k] & 0x3F);
    }
    if (!ShownEscaped(cp)) {
      f(std::string_view(reinterpret_cast<const char*>(p), n), kWidth ? CharWidth(cp) : 0);
    } else if (cp < 0x80) {
      const char esc[4] = {'\\', 'x', kHex[cp >> 4], kHex[cp & 0xF]};
      f(std::string_view(esc, 4), 4);
    } else {
      const char esc[8] = {'\\', 'u', '{', kHex[(cp >> 12) & 0xF], kHex[(cp >> 8) & 0xF],
                           kHex[(cp >> 4) & 0xF], kHex[cp & 0xF], '}'};
      f(std::string_view(esc, 8), 8);
    }
    p += n;
  }
}

// True when VisibleText(|text|) == |text| and every character is one column:
// printable ASCII, the common case of ids and dates.
bool PlainAscii(std::string_view text) {
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7F) return false;
  }
  return true;
}

// VisibleText(|text|) appended to |*out|; returns its display width.
int AppendShown(std::string_view text, std::string* out) {
  if (PlainAscii(text)) {
    out->append(text);
    return static_cast<int>(text.size());
  }
  int w = 0;
  ForEachShown(text, [&](std::string_view shown, int cw) {
    out->append(shown);
    w += cw;
  });
  return w;
}

}  // namespace

std::string VisibleText(std::string_view text) {
  if (PlainAscii(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  ForEachShown<false>(text, [&](std::string_view shown, int) { out += shown; });
  return out;
}

int DisplayWidth(std::string_view text) {
  if (PlainAscii(text)) return static_cast<int>(text.size());
  int w = 0;
  ForEachShown(text, [&](std::string_view, int cw) { w += cw; });
  return w;
}

std::string PadRight(std::string_view text, int width) {
  std::string out;
  for (int w = AppendShown(text, &out); w < width; ++w) out += ' ';
  return out;
}

std::string PadLeft(std::string_view text, int width) {
  std::string shown;
  const int w = AppendShown(text, &shown);
  return w < width ? std::string(static_cast<size_t>(width - w), ' ') + shown : shown;
}

std::string Truncate(std::string_view text, int width) {
  std::string out;
  if (AppendShown(text, &out) <= width) return out;
  out.clear();
  int w = 0;
  bool full = false;
  ForEachShown(text, [&](std::string_view shown, int cw) {
    if (full || w + cw > width - 1) {
      full = true;
      return;
    }
    w += cw;
    out += shown;
  });
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
  int c = 1;
  ForEachShown(line, [&](std::string_view, int cw) {
    if (c++ < col) out.append(static_cast<size_t>(cw), ' ');
  });
  return out;
}

}  // namespace rollout
