// A JSON document in flat arrays, for plan files of a million tasks:
// nlohmann-json's SAX parser (its lexer, its UTF-8 and number rules) fills
// three flat arrays instead of a DOM of one heap node per value. It gives the
// values nlohmann's DOM gives, with object keys in nlohmann's (sorted) order;
// a syntax error or a repeated key makes Parse return false, and the caller
// reads the text again through nlohmann's DOM, whose messages users see.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rollout {

class FlatJson {
 public:
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  static constexpr uint32_t kNone = UINT32_MAX;

  /// Parses |text|. False when the fast path does not take the text (see
  /// above); the document is then empty.
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
  class Builder;  // the SAX handler, in flat_json.cc

  struct Value {
    uint32_t a = 0;  // scalars: offset of the text in pool_; containers: first entry in members_
    uint32_t b = 0;  // scalars: length; containers: count
    Kind kind = Kind::kNull;
  };

  std::vector<Value> values_;
  std::vector<uint32_t> members_;  // array elements; object keys and values, alternating
  std::string pool_;               // the text of every scalar, one after another
  uint32_t root_ = kNone;
};

}  // namespace rollout
