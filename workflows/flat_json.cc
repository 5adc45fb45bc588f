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
#include <memory>
#include <string_view>
#include <thread>
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
  /// The second part of a split parse: |prefix| (the containers open at the
  /// cut, FlatDoc::ParseJsonSplit), then the text from |resume| on.
  TextStream(const char* text, const std::string& prefix, size_t resume)
      : head_(text),
        at_(prefix.data()),
        switch_(prefix.data() + prefix.size()),
        resume_(text + resume),
        in_prefix_(true) {}
  Ch Peek() const { return *at_; }
  Ch Take() {
    const Ch c = *at_++;
    if (at_ == switch_) {
      at_ = resume_;
      in_prefix_ = false;
    }
    return c;
  }
  // In the prefix, a place where its empty keys are "in the text".
  size_t Tell() const { return in_prefix_ ? 1 : static_cast<size_t>(at_ - head_); }
  // Writing is for in-situ parsing only, which is not used.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }

 private:
  const char* head_;
  const char* at_;
  const char* switch_ = nullptr;
  const char* resume_ = nullptr;
  bool in_prefix_ = false;
};

// Reserves |n| elements of |v|, and at least glibc's largest dynamic mmap
// threshold (32 MiB): freeing a mapped block up to that size raises malloc's
// threshold for the rest of the process, after which the validator's
// arrays of a million-task plan come from the heap and stay resident when
// freed (+5 MB at the peak, measured). Capacity never touched costs nothing.
template <typename T>
void ReservePastThreshold(std::vector<T>* v, size_t n) {
  constexpr size_t kMaxThreshold = size_t{32} << 20;
  v->reserve(std::max(n, kMaxThreshold / sizeof(T) + 1));
}

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
      uint32_t* id = KeySlot(k);
      if (id != nullptr && *id != 0) return Share(*id - 1);
      if (id != nullptr && interned_ * 2 < kKeySlots) {
        if (!AddString(k)) return false;
        *id = static_cast<uint32_t>(doc_->values_.size());  // the value's id + 1
        ++interned_;
        return true;
      }  // else full enough: stored plainly
    }
    return AddString(k);
  }

  // The table's slot of key |k|: its value's id + 1, or 0 where it would go;
  // null when the table has no room.
  uint32_t* KeySlot(std::string_view k) {
    const size_t h = KeyHash(k);
    for (size_t slot = h & (kKeySlots - 1), probes = 0; probes < kKeySlots;
         slot = (slot + 1) & (kKeySlots - 1), ++probes) {
      uint32_t& id = keys_[slot];
      if (id == 0 || doc_->Scalar(id - 1) == k) return &id;
    }
    return nullptr;
  }

 public:
  // ---- a split parse (FlatDoc::ParseJsonSplit)

  /// The first part: stop after the object whose '}' is at |cut|.
  void StopAtObjectClosedAt(size_t cut) { cut_ = cut; }
  bool at_cut() const { return at_cut_; }
  /// The second part: record the containers in the order they close.
  void RecordCloses(std::vector<uint32_t>* closed) { closed_ = closed; }

  /// Joins the second part |part| (parsed by |b2| from the containers open
  /// at the cut, their values |synthetic|, outermost first, made by the
  /// first |prefix_values| values of |part|, with |key| the empty key of
  /// their objects) to this first part, stopped at the cut: the arrays one
  /// parser would have made of the whole text. False where that cannot be
  /// sure (the caller then parses the text again on one thread).
  bool Splice(const FlatDoc& part, const JsonBuilder& b2, const std::vector<uint32_t>& closed,
              const std::vector<uint32_t>& synthetic, uint32_t key, uint32_t prefix_values) {
    FlatDoc& d = *doc_;
    const size_t depth = open_.size();
    if (!at_cut_ || depth == 0 || depth != synthetic.size()) return false;
    for (size_t l = 0; l < depth; ++l)
      if (d.values_[open_[l].first].kind != part.values_[synthetic[l]].kind) return false;
    // Neither table was ever full, nor would one parser's be (this part's
    // keys and the second part's new ones): one parser shares every key.
    size_t union_keys = interned_;
    for (const uint32_t id : b2.keys_) {
      if (id == 0 || id - 1 < prefix_values) continue;
      const uint32_t* slot = KeySlot(part.Scalar(id - 1));
      if (slot == nullptr) return false;
      if (*slot == 0) ++union_keys;
    }
    if (union_keys * 2 >= kKeySlots || b2.interned_ * 2 >= kKeySlots) return false;
    const size_t n2 = part.values_.size();
    std::vector<uint32_t> map;
    ReservePastThreshold(&map, n2);
    map.assign(n2, kNone);
    for (size_t l = 0; l < depth; ++l) map[synthetic[l]] = open_[l].first;
    // The second part's shared keys (1) and integers (2): shared with this
    // part's where it has them, else new here (at their first use, as one
    // parser makes them) and shared from now on.
    std::vector<uint8_t> shared;
    ReservePastThreshold(&shared, n2);
    shared.assign(n2, 0);
    for (const uint32_t id : b2.keys_)
      if (id != 0) shared[id - 1] = 1;
    std::vector<std::pair<uint32_t, uint32_t>> small_of;  // value, table index
    for (size_t k = 0; k < b2.small_ints_.size(); ++k)
      if (b2.small_ints_[k] != 0) {
        shared[b2.small_ints_[k] - 1] = 2;
        small_of.emplace_back(b2.small_ints_[k] - 1, static_cast<uint32_t>(k));
      }
    std::sort(small_of.begin(), small_of.end());
    const auto copy = [&](uint32_t v) {
      Value y = part.values_[v];
      if (y.kind != Kind::kArray && y.kind != Kind::kObject && !y.in_text) {
        if (d.pool_.size() + y.b >= UINT32_MAX) return false;
        const uint32_t at = static_cast<uint32_t>(d.pool_.size());
        d.pool_.append(part.pool_, y.a, y.b);
        y.a = at;
      }
      map[v] = static_cast<uint32_t>(d.values_.size());
      d.values_.push_back(y);
      return true;
    };
    for (uint32_t v = prefix_values; v < n2; ++v) {
      if (shared[v] == 1) {
        uint32_t* slot = KeySlot(part.Scalar(v));
        if (slot == nullptr) return false;
        if (*slot != 0) {
          map[v] = *slot - 1;
          continue;
        }
        if (!copy(v)) return false;
        *slot = map[v] + 1;
        ++interned_;
      } else if (shared[v] == 2) {
        const auto it = std::lower_bound(small_of.begin(), small_of.end(),
                                         std::make_pair(v, uint32_t{0}));
        uint32_t& id = small_ints_[it->second];
        if (id != 0) {
          map[v] = id - 1;
          continue;
        }
        if (!copy(v)) return false;
        id = map[v] + 1;
      } else if (!copy(v)) {
        return false;
      }
    }
    // The blocks of members in the order their containers closed; an open
    // container's block is this part's children of it, then the second
    // part's (less the synthetic first member: the empty key and the next
    // open container, or that container alone in an array).
    for (const uint32_t c2 : closed) {
      const Value& x = part.values_[c2];
      const size_t entries = x.kind == Kind::kObject ? size_t{2} * x.b : x.b;
      const size_t start = d.members_.size();
      size_t skip = 0;
      size_t level = depth;
      if (c2 < prefix_values) {
        level = static_cast<size_t>(
            std::find(synthetic.begin(), synthetic.end(), c2) - synthetic.begin());
        if (level == depth) return false;
        if (level + 1 < depth) {
          skip = x.kind == Kind::kObject ? 2 : 1;
          if (entries < skip || part.members_[x.a + skip - 1] != synthetic[level + 1] ||
              (skip == 2 && part.members_[x.a] != key))
            return false;
        }
        const size_t from = open_[level].second;
        const size_t to = level + 1 < depth ? open_[level + 1].second : scratch_.size();
        d.members_.insert(d.members_.end(), scratch_.begin() + static_cast<std::ptrdiff_t>(from),
                          scratch_.begin() + static_cast<std::ptrdiff_t>(to));
      }
      for (size_t e = x.a + skip; e < x.a + entries; ++e) {
        const uint32_t m = map[part.members_[e]];
        if (m == kNone) return false;  // the empty key used as a key after the cut
        d.members_.push_back(m);
      }
      if (level == depth) {
        d.values_[map[c2]].a = static_cast<uint32_t>(start);
        continue;
      }
      Value& o = d.values_[open_[level].first];
      const size_t n = d.members_.size() - start;
      o.a = static_cast<uint32_t>(start);
      o.b = static_cast<uint32_t>(o.kind == Kind::kObject ? n / 2 : n);
      if (o.kind == Kind::kObject && !SortMembers(o.a, o.b)) return false;
    }
    open_.clear();
    scratch_.clear();
    return true;
  }

 private:

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
    if (closed_ != nullptr) closed_->push_back(self);
    if (v.kind != Kind::kObject) return true;
    if (!SortMembers(v.a, v.b)) return false;
    // A split parse's first part ends with the object closed at the cut
    // (RapidJSON reports the '}' before taking it: its position is Tell()).
    if (stream_ != nullptr && stream_->Tell() == cut_) {
      at_cut_ = true;
      return false;
    }
    return true;
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
  size_t cut_ = SIZE_MAX;                     // a split's first part: see StopAtObjectClosedAt
  bool at_cut_ = false;
  std::vector<uint32_t>* closed_ = nullptr;   // a split's second part: see RecordCloses
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
size_t ValueBound(std::string_view text) {
  // One pass over the text, without a branch per byte (the compiler
  // vectorises it): four passes of std::count took 0.3 s of a 100 MB text.
  // '[' and '{' differ only in bit 0x20.
  size_t n = 1;
  for (const char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    n += static_cast<size_t>((u == ',') | (u == ':') | ((u | 0x20) == '{'));
  }
  return n;
}

// The containers open at |end| of JSON |text| ('{' or '[', outermost
// first), as a JSON parser sees them there: strings skipped (a quote after
// an odd run of backslashes is escaped), every other byte but the brackets
// ignored. False when the text to |end| cannot be the start of a JSON text
// (a bracket closing what is not open, a string open at |end|, nesting past
// the limit). For a text that is not JSON the answer may be wrong; the
// split checks it against the first part's parser.
bool OpenContainers(const std::string& text, size_t end, std::vector<char>* stack) {
  const char* p = text.data();
  const char* const e = p + end;
  while (p < e) {
    const char c = *p++;
    switch (c) {
      case '"':
        for (;;) {
          const void* q = std::memchr(p, '"', static_cast<size_t>(e - p));
          if (q == nullptr) return false;  // open at |end|
          const char* quote = static_cast<const char*>(q);
          size_t slashes = 0;
          while (quote - static_cast<std::ptrdiff_t>(slashes) > p && quote[-1 - static_cast<std::ptrdiff_t>(slashes)] == '\\')
            ++slashes;
          p = quote + 1;
          if (slashes % 2 == 0) break;
        }
        break;
      case '{':
      case '[':
        if (stack->size() >= FlatDoc::kMaxDepth) return false;
        stack->push_back(c);
        break;
      case '}':
      case ']':
        if (stack->empty() || stack->back() != (c == '}' ? '{' : '[')) return false;
        stack->pop_back();
        break;
      default:
        break;
    }
  }
  return true;
}

bool JsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A cut for a split parse at or after |from|: '}' at *b, ',' at *c, '{' at
// *d with only JSON whitespace between (two objects of one array, if the
// comma is outside strings). The first such place with a line break in its
// whitespace is taken (a JSON string holds no raw line break, so that one
// is outside strings in any valid text), else the first of all; false when
// none comes in the next 8 MiB.
bool FindCut(const std::string& text, size_t from, size_t* b, size_t* c, size_t* d) {
  const size_t limit = std::min(text.size(), from + (size_t{8} << 20));
  bool found = false;
  for (size_t i = from; i < limit; ++i) {
    const void* q = std::memchr(text.data() + i, ',', limit - i);
    if (q == nullptr) break;
    i = static_cast<size_t>(static_cast<const char*>(q) - text.data());
    size_t before = i, after = i + 1;
    while (before > 0 && JsonSpace(text[before - 1])) --before;
    while (after < text.size() && JsonSpace(text[after])) ++after;
    if (before == 0 || text[before - 1] != '}' || after >= text.size() || text[after] != '{')
      continue;
    const bool line_break = std::memchr(text.data() + before, '\n', after - before) != nullptr;
    if (!found || line_break) {
      *b = before - 1;
      *c = i;
      *d = after;
      found = true;
    }
    if (line_break) return true;
  }
  return found;
}

}  // namespace

FlatDoc::JsonThreads FlatDoc::DefaultJsonThreads() {
  return {std::thread::hardware_concurrency() >= 2 ? 2u : 1u, kJsonSplitBytes};
}

bool FlatDoc::ParseJson(const std::string& text) { return ParseJson(text, DefaultJsonThreads()); }

bool FlatDoc::ParseJson(const std::string& text, JsonThreads threads) {
  const bool has_nul = text.find('\0') != std::string::npos;
  if (threads.parts >= 2 && text.size() >= threads.min_bytes && !has_nul &&
      ParseJsonSplit(text, threads.cut))
    return true;  // json_parts_ says whether the second part was used
  json_parts_ = 1;
  return ParseJsonOneThread(text, has_nul);
}

bool FlatDoc::ParseJsonOneThread(const std::string& text, bool has_nul) {
  Clear();
  const size_t bound = ValueBound(text);
  values_.reserve(bound);
  members_.reserve(bound);
  if (!has_nul) {
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

// Two parts: this thread parses the text up to the object closed just
// before the cut (and stops there); a second thread finds the containers
// open at the cut (OpenContainers over the text before it), writes them as
// a prefix ("[" for an array, {"": for an object), and parses the prefix and
// then the text from the cut's '{' to the end. The second part is spliced
// in only when this thread's parser stopped exactly there with the same
// containers open; else (and for any failure of either part) false, and the
// text is parsed again on one thread.
bool FlatDoc::ParseJsonSplit(const std::string& text, double cut) {
  size_t b = 0, c = 0, d = 0;
  const size_t from = static_cast<size_t>(static_cast<double>(text.size()) * std::clamp(cut, 0.0, 1.0));
  if (!FindCut(text, from, &b, &c, &d)) return false;
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;

  struct Second {
    FlatDoc doc;
    std::vector<uint32_t> closed;     // containers in the order they closed
    std::vector<uint32_t> synthetic;  // the prefix's containers, outermost first
    uint32_t key = kNone;             // the prefix's empty key
    uint32_t prefix_values = 0;
    std::unique_ptr<TextStream> stream;
    std::unique_ptr<JsonBuilder> builder;
    bool ok = false;
  } second;
  std::thread helper([&] {
    std::vector<char> open;
    if (!OpenContainers(text, c, &open) || open.empty() || open.back() != '[') return;
    std::string prefix;
    for (const char kind : open) {
      second.synthetic.push_back(second.prefix_values++);
      if (kind == '[') {
        prefix += '[';
      } else {
        prefix += "{\"\":";
        if (second.key == kNone) second.key = second.prefix_values++;
      }
    }
    FlatDoc& doc = second.doc;
    const size_t bound = ValueBound(std::string_view(text).substr(d)) + 2 * open.size();
    ReservePastThreshold(&doc.values_, bound);
    ReservePastThreshold(&doc.members_, bound);
    ReservePastThreshold(&second.closed, bound);
    doc.text_ = text.c_str();
    second.stream = std::make_unique<TextStream>(text.c_str(), prefix, d);
    second.builder = std::make_unique<JsonBuilder>(&doc, second.stream.get());
    second.builder->RecordCloses(&second.closed);
    rapidjson::Reader reader;
    if (reader.Parse<kFlags>(*second.stream, *second.builder).IsError()) return;
    if (doc.root_ != 0 || doc.values_.size() < second.prefix_values) return;
    for (size_t l = 0; l < open.size(); ++l)
      if (doc.values_[second.synthetic[l]].kind != (open[l] == '[' ? Kind::kArray : Kind::kObject))
        return;
    if (second.key != kNone && doc.Scalar(second.key) != "") return;
    second.ok = true;
  });

  Clear();
  // Room for both parts without counting the second (the helper does):
  // every value of the text after the cut takes at least one of its bytes.
  // Only what is filled is touched.
  const size_t bound = ValueBound(std::string_view(text).substr(0, c)) + (text.size() - c);
  values_.reserve(bound);
  members_.reserve(bound);
  text_ = text.c_str();
  TextStream stream(text.c_str());
  JsonBuilder builder(this, &stream);
  builder.StopAtObjectClosedAt(b);
  rapidjson::Reader reader;
  const bool whole = !reader.Parse<kFlags>(stream, builder).IsError() && root_ != kNone;
  helper.join();
  if (whole) {  // the cut was not where a parser closes an object: one thread's parse
    rapidjson_ = true;
    json_parts_ = 1;
    return true;
  }
  if (!builder.at_cut() || !second.ok ||
      !builder.Splice(second.doc, *second.builder, second.closed, second.synthetic, second.key,
                      second.prefix_values) ||
      root_ == kNone) {
    Clear();
    return false;
  }
  rapidjson_ = true;
  json_parts_ = 2;
  return true;
}

}  // namespace rollout
