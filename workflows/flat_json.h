// A JSON document in flat arrays, for plan files of a million tasks: one
// pass over the text, no allocation per value (strings are views of the text
// unless they hold escapes). It accepts a subset of what nlohmann-json
// accepts and gives the same values, with object keys in nlohmann's (sorted)
// order: anything else (a syntax error, invalid UTF-8, a repeated key, a
// BOM, deep nesting) makes Parse return false, and the caller reads the text
// again through nlohmann-json, whose messages the users see.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rollout {

/// Length of the valid UTF-8 sequence starting at |p| (whose lead byte is
/// 0x80 or more), or 0 when it is not valid: the table of Unicode 3-7 that
/// nlohmann-json checks too (no overlong forms, no surrogates, <= U+10FFFF).
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end);

class FlatJson {
 public:
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  static constexpr uint32_t kNone = UINT32_MAX;

  /// Parses |text|, which must outlive this object. False when the fast
  /// path does not take the text (see above); the document is then empty.
  bool Parse(const std::string& text);

  uint32_t root() const { return root_; }
  Kind kind(uint32_t v) const { return values_[v].kind; }
  /// A scalar as nlohmann's Scalar view gives it: the string itself, or the
  /// number or boolean as nlohmann dumps it.
  std::string_view Scalar(uint32_t v) const;
  /// Number of elements of an array or members of an object.
  uint32_t size(uint32_t v) const { return values_[v].b; }
  /// Element |i| of array |v|.
  uint32_t At(uint32_t v, uint32_t i) const { return members_[values_[v].a + i]; }
  /// Key and value of member |i| of object |v|, in sorted key order.
  uint32_t KeyAt(uint32_t v, uint32_t i) const { return members_[values_[v].a + 2 * i]; }
  uint32_t ValueAt(uint32_t v, uint32_t i) const { return members_[values_[v].a + 2 * i + 1]; }

 private:
  struct Value {
    uint32_t a = 0;  // scalars: offset of the text; containers: first entry in members_
    uint32_t b = 0;  // scalars: length; containers: count
    Kind kind = Kind::kNull;
    bool in_pool = false;  // a scalar's text is in pool_ rather than in the source
  };

  bool ParseValue(int depth, uint32_t* out);
  bool ParseString(uint32_t* out);
  bool ParseNumber(uint32_t* out);
  bool ParseLiteral(std::string_view word, Kind kind, uint32_t* out);
  bool ParseArray(int depth, uint32_t* out);
  bool ParseObject(int depth, uint32_t* out);
  bool SortMembers(uint32_t first, uint32_t count);
  bool Unescape(size_t begin, size_t end, uint32_t* out);
  void SkipSpace();
  uint32_t Add(Value v);

  const char* text_ = nullptr;
  size_t size_ = 0;
  size_t pos_ = 0;
  std::vector<Value> values_;
  std::vector<uint32_t> members_;
  std::vector<uint32_t> scratch_;  // children of the containers being parsed
  std::vector<std::pair<uint32_t, uint32_t>> sort_buf_;  // members of one object
  std::string pool_;               // unescaped strings, dumped floats
  uint32_t root_ = kNone;
};

}  // namespace rollout
