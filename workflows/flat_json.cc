// FlatDoc::ParseJson: RapidJSON's SAX reader into the flat document, and
// nlohmann-json's SAX parser for every text RapidJSON refuses.
//
// The document must hold what nlohmann's DOM holds, and the fast path must
// take only texts nlohmann takes. RapidJSON's grammar is JSON's (no comments,
// no trailing commas, no NaN: those are flags left off); what it would take
// and nlohmann would not is refused here, so that nlohmann decides:
//  - a text with a NUL byte (nlohmann decides what it means: it reads it as
//    the end of the input);
//  - a string that is not valid UTF-8 after unescaping (RapidJSON lets a
//    lone low surrogate \udc00 through; nlohmann's table is checked on every
//    string: Utf8SequenceLength);
//  - a number nlohmann reads as infinite (1e999).
// Numbers arrive as written (kParseNumbersAsStringsFlag) and are given as
// nlohmann gives them: an integer that fits int64 / uint64 as its digits
// ("-0" as "0"), anything else through strtod and nlohmann's dump.
#include "workflows/flat_doc.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>
#include <rapidjson/reader.h>

#include "workflows/text_width.h"

namespace rollout {

namespace {

// RapidJSON's input: the text, with its position visible to the handler
// while a string is reported (RapidJSON's own StringStream is copied into
// the parse functions, so its position lags), so that a string that needed
// no unescaping is kept as a view of the text.
class TextStream {
 public:
  using Ch = char;
  explicit TextStream(const char* text) : head_(text), at_(text) {}
  Ch Peek() const { return *at_; }
  Ch Take() { return *at_++; }
  size_t Tell() const { return static_cast<size_t>(at_ - head_); }
  // Writing is for in-situ parsing only, which is not used.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }

 private:
  const char* head_;
  const char* at_;
};

bool ValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const size_t n = Utf8SequenceLength(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

// The hash of a key for the table of shared keys (short strings).
size_t KeyHash(std::string_view k) {
  size_t h = k.size();
  for (const char c : k) h = h * 131 + static_cast<unsigned char>(c);
  return h ^ (h >> 7);
}

}  // namespace

// Receives either parser's events and appends each value to the flat arrays.
// The children of the containers still open wait in scratch_; a container,
// when it closes, moves them to members_ in one block (objects sorted by key,
// as nlohmann's std::map keeps them). Keys and small integers are stored
// once and shared: a million-task plan repeats a dozen keys ten million times.
class FlatDoc::JsonBuilder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  JsonBuilder(FlatDoc* doc, const TextStream* stream) : doc_(doc), stream_(stream) {}

  // ---- nlohmann's SAX interface (the slow path)
  bool null() override { return AddScalar(Kind::kNull, "null"); }
  bool boolean(bool b) override { return AddScalar(Kind::kBool, b ? "true" : "false"); }
  bool number_integer(number_integer_t n) override { return AddInteger(n); }
  bool number_unsigned(number_unsigned_t n) override { return AddInteger(n); }
  bool number_float(number_float_t x, const string_t& /*text*/) override {
    return AddScalar(Kind::kNumber, nlohmann::json(x).dump());  // as the DOM would dump it
  }
  bool string(string_t& s) override { return AddScalar(Kind::kString, s); }
  bool binary(binary_t& /*b*/) override { return false; }  // not in JSON text
  bool key(string_t& k) override { return AddKey(k); }
  bool start_object(std::size_t /*n*/) override { return Open(Kind::kObject); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t /*n*/) override { return Open(Kind::kArray); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t pos, const std::string& token,
                   const nlohmann::detail::exception& e) override {
    Failure& f = doc_->failure_;
    f.kind = e.id == 406 ? Failure::Kind::kOutOfRange : Failure::Kind::kSyntax;
    f.offset = pos;
    f.message = e.what();
    f.token = token;
    return false;
  }

  // ---- RapidJSON's handler (the fast path): false refuses the text.
  bool Null() { return AddScalar(Kind::kNull, "null"); }
  bool Bool(bool b) { return AddScalar(Kind::kBool, b ? "true" : "false"); }
  // Never called with kParseNumbersAsStringsFlag; refuse should they be.
  bool Int(int) { return false; }
  bool Uint(unsigned) { return false; }
  bool Int64(int64_t) { return false; }
  bool Uint64(uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool /*copy*/) {
    return AddNumberText(std::string_view(s, n));
  }
  bool String(const char* s, rapidjson::SizeType n, bool /*copy*/) {
    const std::string_view text(s, n);
    if (!ValidUtf8(text)) return false;
    return AddString(text);
  }
  bool Key(const char* s, rapidjson::SizeType n, bool /*copy*/) {
    const std::string_view text(s, n);
    if (!ValidUtf8(text)) return false;
    return AddKey(text);
  }
  bool StartObject() { return Open(Kind::kObject); }
  bool EndObject(rapidjson::SizeType /*n*/) { return Close(); }
  bool StartArray() { return Open(Kind::kArray); }
  bool EndArray(rapidjson::SizeType /*n*/) { return Close(); }

 private:
  template <typename Int>
  bool AddInteger(Int n) {
    if constexpr (std::is_signed_v<Int>) {
      if (n >= kSmallMin && n <= kSmallMax) return AddSmallInteger(static_cast<int>(n));
    } else if (n <= static_cast<Int>(kSmallMax)) {
      return AddSmallInteger(static_cast<int>(n));
    }
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    return AddScalar(Kind::kNumber, std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
  }

  // A number as RapidJSON read it, given as nlohmann would (see the top).
  bool AddNumberText(std::string_view s) {
    const bool integer = s.find_first_of(".eE") == std::string_view::npos;
    if (integer && s[0] == '-') {
      int64_t n = 0;
      const auto r = std::from_chars(s.data(), s.data() + s.size(), n);
      if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return AddInteger(n);
    } else if (integer) {
      uint64_t n = 0;
      const auto r = std::from_chars(s.data(), s.data() + s.size(), n);
      if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return AddInteger(n);
    }
    const std::string copy(s);  // strtod wants the end marked
    const double x = std::strtod(copy.c_str(), nullptr);
    if (!std::isfinite(x)) return false;  // nlohmann: out of range (406)
    return AddScalar(Kind::kNumber, nlohmann::json(x).dump());
  }

  bool AddSmallInteger(int n) {
    uint32_t& id = small_ints_[static_cast<size_t>(n - kSmallMin)];
    if (id == 0) {
      char buf[16];
      const auto r = std::to_chars(buf, buf + sizeof buf, n);
      if (!AddScalar(Kind::kNumber, std::string_view(buf, static_cast<size_t>(r.ptr - buf))))
        return false;
      id = static_cast<uint32_t>(doc_->values_.size());  // the value's id + 1
      return true;
    }
    return Share(id - 1);
  }

  // A key: each distinct key is one value, shared by every object using it.
  bool AddKey(std::string_view k) {
    if (k.size() <= kMaxInternedKey) {
      const size_t h = KeyHash(k);
      for (size_t slot = h & (kKeySlots - 1), probes = 0; probes < kKeySlots;
           slot = (slot + 1) & (kKeySlots - 1), ++probes) {
        uint32_t& id = keys_[slot];
        if (id == 0) {
          if (interned_ * 2 >= kKeySlots) break;  // full enough: store it plainly
          if (!AddString(k)) return false;
          id = static_cast<uint32_t>(doc_->values_.size());  // the value's id + 1
          ++interned_;
          return true;
        }
        if (doc_->Scalar(id - 1) == k) return Share(id - 1);
      }
    }
    return AddString(k);
  }

  // A string value: a view of the text when it is there as is (no escapes).
  bool AddString(std::string_view s) {
    if (stream_ != nullptr) {
      const size_t end = stream_->Tell() - 1;  // just past the string: its closing quote
      if (end >= s.size() && std::memcmp(doc_->text_ + end - s.size(), s.data(), s.size()) == 0) {
        Value v{static_cast<uint32_t>(end - s.size()), static_cast<uint32_t>(s.size()),
                Kind::kString};
        v.in_text = true;
        return Add(v);
      }
    }
    return AddScalar(Kind::kString, s);
  }

  bool AddScalar(Kind kind, std::string_view text) {
    if (doc_->pool_.size() + text.size() >= UINT32_MAX) {
      doc_->failure_.kind = Failure::Kind::kTooLarge;
      return false;
    }
    const Value v{static_cast<uint32_t>(doc_->pool_.size()), static_cast<uint32_t>(text.size()),
                  kind};
    doc_->pool_.append(text);
    return Add(v);
  }

  bool Add(Value v) {
    doc_->values_.push_back(v);
    return Share(static_cast<uint32_t>(doc_->values_.size() - 1));
  }

  // Puts value |id| (new or shared) where the parser is.
  bool Share(uint32_t id) {
    if (open_.empty()) {
      doc_->root_ = id;
    } else {
      scratch_.push_back(id);
    }
    return true;
  }

  bool Open(Kind kind) {
    if (open_.size() >= kMaxDepth) {
      doc_->failure_.kind = Failure::Kind::kTooDeep;
      return false;
    }
    Add(Value{0, 0, kind});
    open_.push_back({static_cast<uint32_t>(doc_->values_.size() - 1), scratch_.size()});
    return true;
  }

  bool Close() {
    const auto [self, mark] = open_.back();
    open_.pop_back();
    Value& v = doc_->values_[self];
    const size_t n = scratch_.size() - mark;
    v.a = static_cast<uint32_t>(doc_->members_.size());
    v.b = static_cast<uint32_t>(v.kind == Kind::kObject ? n / 2 : n);
    doc_->members_.insert(doc_->members_.end(),
                          scratch_.begin() + static_cast<std::ptrdiff_t>(mark), scratch_.end());
    scratch_.resize(mark);
    return v.kind != Kind::kObject || SortMembers(v.a, v.b);
  }

  // nlohmann keeps members sorted by key bytes. A repeated key (nlohmann
  // keeps the last one) is refused: the caller locates it.
  bool SortMembers(uint32_t first, uint32_t count) {
    std::vector<uint32_t>& m = doc_->members_;
    auto key_less = [&](const std::pair<uint32_t, uint32_t>& x,
                        const std::pair<uint32_t, uint32_t>& y) {
      return doc_->Scalar(x.first) < doc_->Scalar(y.first);
    };
    sort_buf_.clear();
    for (uint32_t i = 0; i < count; ++i) sort_buf_.emplace_back(m[first + 2 * i], m[first + 2 * i + 1]);
    if (!std::is_sorted(sort_buf_.begin(), sort_buf_.end(), key_less))
      std::sort(sort_buf_.begin(), sort_buf_.end(), key_less);
    for (uint32_t i = 0; i < count; ++i) {
      if (i > 0 && doc_->Scalar(sort_buf_[i - 1].first) == doc_->Scalar(sort_buf_[i].first)) {
        doc_->failure_.kind = Failure::Kind::kDuplicateKey;
        doc_->failure_.token = std::string(doc_->Scalar(sort_buf_[i].first));
        return false;
      }
      m[first + 2 * i] = sort_buf_[i].first;
      m[first + 2 * i + 1] = sort_buf_[i].second;
    }
    return true;
  }

  static constexpr int kSmallMin = -1024;
  static constexpr int kSmallMax = 4095;
  static constexpr size_t kKeySlots = 256;
  static constexpr size_t kMaxInternedKey = 32;

  FlatDoc* doc_;
  const TextStream* stream_;  // RapidJSON's position; null for nlohmann's parser
  std::vector<std::pair<uint32_t, size_t>> open_;  // container, its first child in scratch_
  std::vector<uint32_t> scratch_;
  std::vector<std::pair<uint32_t, uint32_t>> sort_buf_;
  std::vector<uint32_t> small_ints_ = std::vector<uint32_t>(kSmallMax - kSmallMin + 1, 0);
  std::vector<uint32_t> keys_ = std::vector<uint32_t>(kKeySlots, 0);  // value id + 1, 0 = free
  size_t interned_ = 0;
};

void FlatDoc::Clear() {
  values_ = {};
  members_ = {};
  pool_ = {};
  locs_ = {};
  text_ = nullptr;
  root_ = kNone;
  failure_ = {};
  rapidjson_ = false;
}

namespace {

// Values in |text| at most: each but the first follows one of , : [ {
// (counting those inside strings too). Reserving it spares the arrays their
// doubling copies (untouched capacity costs no memory).
size_t ValueBound(const std::string& text) {
  size_t n = 1;
  for (const char c : {',', ':', '[', '{'})
    n += static_cast<size_t>(std::count(text.begin(), text.end(), c));
  return n;
}


}  // namespace

bool FlatDoc::ParseJson(const std::string& text) {
  Clear();
  const size_t bound = ValueBound(text);
  values_.reserve(bound);
  members_.reserve(bound);
  if (text.find('\0') == std::string::npos) {
    text_ = text.c_str();
    TextStream stream(text.c_str());
    JsonBuilder builder(this, &stream);
    rapidjson::Reader reader;
    constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
    if (!reader.Parse<kFlags>(stream, builder).IsError() && root_ != kNone) {
      rapidjson_ = true;
      return true;
    }
    Clear();
    values_.reserve(bound);
    members_.reserve(bound);
  }
  pool_.reserve(text.size() / 2 + 16);
  JsonBuilder builder(this, nullptr);
  const bool ok = nlohmann::json::sax_parse(text, &builder, nlohmann::json::input_format_t::json,
                                            /*strict=*/true) &&
                  root_ != kNone;
  if (!ok && failure_.kind == Failure::Kind::kNone) failure_.kind = Failure::Kind::kSyntax;
  if (!ok) {
    const Failure failure = std::move(failure_);
    Clear();
    failure_ = failure;
  }
  return ok;
}

}  // namespace rollout
