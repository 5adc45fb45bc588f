// A JSON document in flat arrays, for plan files of a million tasks:
// nlohmann-json's SAX parser (its lexer, its UTF-8 and number rules) fills
// three flat arrays instead of a DOM of one heap node per value. It gives the
// values nlohmann's DOM gives, with object keys in nlohmann's (sorted) order.
// A syntax error, a number out of range, a repeated key or nesting deeper
// than kMaxDepth makes Parse return false, and failure() says which.
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
  /// Containers nested deeper than this are refused (yaml-cpp's limit is
  /// 2000; the plan reader recurses once per level of groups).
  static constexpr size_t kMaxDepth = 1000;

  /// Why Parse refused a text.
  struct Failure {
    enum class Kind : uint8_t { kNone, kSyntax, kOutOfRange, kDuplicateKey, kTooDeep, kTooLarge };
    Kind kind = Kind::kNone;
    size_t offset = 0;    // kSyntax, kOutOfRange, kTooDeep: nlohmann's byte count at the error
    std::string message;  // kSyntax, kOutOfRange: nlohmann's what()
    std::string token;    // kOutOfRange: the number as written; kDuplicateKey: the key
  };

  /// Parses |text|. False when the fast path does not take the text (see
  /// above); the document is then empty.
  bool Parse(const std::string& text);
  const Failure& failure() const { return failure_; }

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
  Failure failure_;
};

}  // namespace rollout
