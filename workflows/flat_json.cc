#include "workflows/flat_json.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include <nlohmann/json.hpp>

namespace rollout {
namespace {

constexpr int kMaxDepth = 256;

bool Between(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Hex4(const char* p, const char* end, uint32_t* out) {
  if (end - p < 4) return false;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const int h = HexValue(p[i]);
    if (h < 0) return false;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  *out = v;
  return true;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
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

bool FlatJson::Parse(const std::string& text) {
  text_ = text.data();
  size_ = text.size();
  pos_ = 0;
  values_.clear();
  members_.clear();
  pool_.clear();
  values_.reserve(size_ / 8 + 16);
  members_.reserve(size_ / 8 + 16);
  bool ok = size_ < UINT32_MAX && !(size_ >= 3 && std::memcmp(text_, "\xEF\xBB\xBF", 3) == 0);
  if (ok) {
    SkipSpace();
    ok = ParseValue(0, &root_);
    SkipSpace();
    ok = ok && pos_ == size_;
  }
  scratch_ = {};
  if (!ok) {
    values_ = {};
    members_ = {};
    pool_ = {};
    root_ = kNone;
  }
  return ok;
}

std::string_view FlatJson::Scalar(uint32_t v) const {
  const Value& x = values_[v];
  return x.in_pool ? std::string_view(pool_.data() + x.a, x.b) : std::string_view(text_ + x.a, x.b);
}

uint32_t FlatJson::Add(Value v) {
  values_.push_back(v);
  return static_cast<uint32_t>(values_.size() - 1);
}

void FlatJson::SkipSpace() {
  while (pos_ < size_) {
    const char c = text_[pos_];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
    ++pos_;
  }
}

bool FlatJson::ParseValue(int depth, uint32_t* out) {
  if (pos_ >= size_ || depth > kMaxDepth) return false;
  switch (text_[pos_]) {
    case '"': return ParseString(out);
    case '{': return ParseObject(depth, out);
    case '[': return ParseArray(depth, out);
    case 't': return ParseLiteral("true", Kind::kBool, out);
    case 'f': return ParseLiteral("false", Kind::kBool, out);
    case 'n': return ParseLiteral("null", Kind::kNull, out);
    default: return ParseNumber(out);
  }
}

bool FlatJson::ParseLiteral(std::string_view word, Kind kind, uint32_t* out) {
  if (size_ - pos_ < word.size() || std::memcmp(text_ + pos_, word.data(), word.size()) != 0)
    return false;
  *out = Add({static_cast<uint32_t>(pos_), static_cast<uint32_t>(word.size()), kind, false});
  pos_ += word.size();
  return true;
}

bool FlatJson::ParseString(uint32_t* out) {
  const size_t begin = ++pos_;  // after the quote
  bool escaped = false;
  const auto* p = reinterpret_cast<const unsigned char*>(text_);
  while (true) {
    if (pos_ >= size_) return false;
    const unsigned char c = p[pos_];
    if (c == '"') break;
    if (c < 0x20) return false;
    if (c == '\\') {
      escaped = true;
      pos_ += 2;  // the escape is checked by Unescape
      continue;
    }
    if (c < 0x80) {
      ++pos_;
      continue;
    }
    const size_t n = Utf8SequenceLength(p + pos_, p + size_);
    if (n == 0) return false;
    pos_ += n;
  }
  const size_t end = pos_++;
  if (escaped) return Unescape(begin, end, out);
  *out = Add({static_cast<uint32_t>(begin), static_cast<uint32_t>(end - begin), Kind::kString,
              false});
  return true;
}

bool FlatJson::Unescape(size_t begin, size_t end, uint32_t* out) {
  const size_t start = pool_.size();
  const char* p = text_ + begin;
  const char* e = text_ + end;
  while (p < e) {
    if (*p != '\\') {
      pool_.push_back(*p++);
      continue;
    }
    if (e - p < 2) return false;
    const char c = p[1];
    p += 2;
    switch (c) {
      case '"': pool_.push_back('"'); break;
      case '\\': pool_.push_back('\\'); break;
      case '/': pool_.push_back('/'); break;
      case 'b': pool_.push_back('\b'); break;
      case 'f': pool_.push_back('\f'); break;
      case 'n': pool_.push_back('\n'); break;
      case 'r': pool_.push_back('\r'); break;
      case 't': pool_.push_back('\t'); break;
      case 'u': {
        uint32_t cp = 0;
        if (!Hex4(p, e, &cp)) return false;
        p += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t low = 0;
          if (e - p < 6 || p[0] != '\\' || p[1] != 'u' || !Hex4(p + 2, e, &low) || low < 0xDC00 ||
              low > 0xDFFF)
            return false;
          p += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        AppendUtf8(cp, &pool_);
        break;
      }
      default: return false;
    }
  }
  if (pool_.size() >= UINT32_MAX) return false;
  *out = Add({static_cast<uint32_t>(start), static_cast<uint32_t>(pool_.size() - start),
              Kind::kString, true});
  return true;
}

// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?  An integer of up to 18 digits
// is its own text (nlohmann dumps it the same); anything else is dumped by
// nlohmann itself so that the text is exactly what its DOM would give.
bool FlatJson::ParseNumber(uint32_t* out) {
  const size_t begin = pos_;
  auto digit = [&] { return pos_ < size_ && text_[pos_] >= '0' && text_[pos_] <= '9'; };
  if (pos_ < size_ && text_[pos_] == '-') ++pos_;
  if (!digit()) return false;
  if (text_[pos_] == '0') {
    ++pos_;
  } else {
    while (digit()) ++pos_;
  }
  bool integer = true;
  if (pos_ < size_ && text_[pos_] == '.') {
    integer = false;
    ++pos_;
    if (!digit()) return false;
    while (digit()) ++pos_;
  }
  if (pos_ < size_ && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    integer = false;
    ++pos_;
    if (pos_ < size_ && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (!digit()) return false;
    while (digit()) ++pos_;
  }
  const std::string_view token(text_ + begin, pos_ - begin);
  const size_t digits = token.size() - (token[0] == '-' ? 1 : 0);
  if (integer && digits <= 18 && token != "-0") {
    *out = Add({static_cast<uint32_t>(begin), static_cast<uint32_t>(token.size()), Kind::kNumber,
                false});
    return true;
  }
  std::string dumped;
  try {
    dumped = nlohmann::json::parse(token).dump();
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  const size_t start = pool_.size();
  pool_ += dumped;
  *out = Add({static_cast<uint32_t>(start), static_cast<uint32_t>(dumped.size()), Kind::kNumber,
              true});
  return true;
}

bool FlatJson::ParseArray(int depth, uint32_t* out) {
  ++pos_;
  const uint32_t self = Add({0, 0, Kind::kArray, false});
  const size_t mark = scratch_.size();
  SkipSpace();
  if (pos_ < size_ && text_[pos_] == ']') {
    ++pos_;
  } else {
    while (true) {
      uint32_t v = kNone;
      if (!ParseValue(depth + 1, &v)) return false;
      scratch_.push_back(v);
      SkipSpace();
      if (pos_ >= size_) return false;
      const char c = text_[pos_++];
      if (c == ']') break;
      if (c != ',') return false;
      SkipSpace();
    }
  }
  values_[self].a = static_cast<uint32_t>(members_.size());
  values_[self].b = static_cast<uint32_t>(scratch_.size() - mark);
  members_.insert(members_.end(), scratch_.begin() + static_cast<std::ptrdiff_t>(mark),
                  scratch_.end());
  scratch_.resize(mark);
  *out = self;
  return true;
}

bool FlatJson::ParseObject(int depth, uint32_t* out) {
  ++pos_;
  const uint32_t self = Add({0, 0, Kind::kObject, false});
  const size_t mark = scratch_.size();
  SkipSpace();
  if (pos_ < size_ && text_[pos_] == '}') {
    ++pos_;
  } else {
    while (true) {
      uint32_t key = kNone, v = kNone;
      if (pos_ >= size_ || text_[pos_] != '"' || !ParseString(&key)) return false;
      SkipSpace();
      if (pos_ >= size_ || text_[pos_++] != ':') return false;
      SkipSpace();
      if (!ParseValue(depth + 1, &v)) return false;
      scratch_.push_back(key);
      scratch_.push_back(v);
      SkipSpace();
      if (pos_ >= size_) return false;
      const char c = text_[pos_++];
      if (c == '}') break;
      if (c != ',') return false;
      SkipSpace();
    }
  }
  const uint32_t first = static_cast<uint32_t>(members_.size());
  const uint32_t count = static_cast<uint32_t>((scratch_.size() - mark) / 2);
  values_[self].a = first;
  values_[self].b = count;
  members_.insert(members_.end(), scratch_.begin() + static_cast<std::ptrdiff_t>(mark),
                  scratch_.end());
  scratch_.resize(mark);
  *out = self;
  return SortMembers(first, count);
}

// nlohmann keeps members in a std::map: sorted by key bytes. A repeated key
// (nlohmann keeps the last) is left to the slow path.
bool FlatJson::SortMembers(uint32_t first, uint32_t count) {
  auto key_less = [&](const std::pair<uint32_t, uint32_t>& x,
                      const std::pair<uint32_t, uint32_t>& y) {
    return Scalar(x.first) < Scalar(y.first);
  };
  std::vector<std::pair<uint32_t, uint32_t>>& sorted = sort_buf_;
  sorted.clear();
  for (uint32_t i = 0; i < count; ++i)
    sorted.emplace_back(members_[first + 2 * i], members_[first + 2 * i + 1]);
  if (!std::is_sorted(sorted.begin(), sorted.end(), key_less))
    std::sort(sorted.begin(), sorted.end(), key_less);
  for (uint32_t i = 0; i < count; ++i) {
    if (i > 0 && Scalar(sorted[i - 1].first) == Scalar(sorted[i].first)) return false;
    members_[first + 2 * i] = sorted[i].first;
    members_[first + 2 * i + 1] = sorted[i].second;
  }
  return true;
}

}  // namespace rollout
