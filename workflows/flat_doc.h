// A plan file's document in flat arrays, for plans of a million tasks: three
// arrays (values, container members, one string pool) instead of a DOM of
// one heap node per value. Two builders fill it:
//  - ParseJson (flat_json.cc): RapidJSON's SAX reader, or nlohmann-json's
//    SAX parser for the texts RapidJSON refuses; the values nlohmann's DOM
//    gives (its UTF-8 and number rules), object keys in nlohmann's (sorted)
//    order, no positions. Strings that need no unescaping stay in the text.
//  - ParseYaml (flat_yaml.cc): libyaml's event parser; the values yaml-cpp's
//    tree gives (every scalar a string, yaml-cpp's nulls), keys in file
//    order, each value's line and column (columns in characters).
// Either refuses what its fast path does not take (failure() says why); the
// plan reader then reads the text the old way, which reports the problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"

namespace rollout {

class FlatDoc {
 public:
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  static constexpr uint32_t kNone = UINT32_MAX;
  /// JSON containers nested deeper than this are refused (the plan reader
  /// recurses once per level of groups).
  static constexpr size_t kMaxDepth = 1000;
  /// YAML nested deeper than this is left to yaml-cpp, whose own limit
  /// (about 500 nodes) decides.
  static constexpr size_t kMaxYamlDepth = 250;

  /// Why Parse refused a text.
  struct Failure {
    enum class Kind : uint8_t {
      kNone,
      kSyntax,        // JSON: nlohmann's syntax error; YAML: libyaml's
      kOutOfRange,    // JSON: a number that does not fit a double
      kDuplicateKey,  // a key repeated in one map
      kTooDeep,       // nesting past kMaxDepth / kMaxYamlDepth
      kTooLarge,      // the string pool would pass 4 GiB
      kAlias,         // YAML: an alias to an unknown or unfinished anchor,
                      // or aliases expanding past the budget
      kUnsupported,   // YAML: what yaml-cpp reads differently (several
                      // documents, a key that is not a plain string, line
                      // breaks other than LF and CR LF, a byte-order mark)
    };
    Kind kind = Kind::kNone;
    size_t offset = 0;    // JSON kSyntax, kOutOfRange, kTooDeep: nlohmann's byte count
    std::string message;  // kSyntax: the parser's message
    std::string token;    // kOutOfRange: the number as written; kDuplicateKey: the key
  };

  /// Parses JSON |text|, which must outlive the document (its strings are
  /// read in place). False when the fast path does not take the text; the
  /// document is then empty.
  bool ParseJson(const std::string& text);
  bool ParseJson(std::string&& text) = delete;
  /// How ParseJson may read a large text on two threads (flat_json.cc): the
  /// text is cut between two objects of an array (`}` `,` `{`) near its
  /// middle; a second thread finds the containers open there (a scan of the
  /// text before the cut) and parses the rest with RapidJSON from that
  /// state, while this thread parses up to the cut; the second half is then
  /// joined into the document one thread would have made (the same arrays).
  /// Anything doubtful, and every text RapidJSON refuses, is read again on
  /// one thread, so failures are one thread's.
  struct JsonThreads {
    unsigned parts;    // 1: one thread; 2 or more: two parts
    size_t min_bytes;  // texts smaller than this are read on one thread
    double cut = 0.5;  // where the search for a cut starts, as a share of the text
  };
  /// Two parts when the machine has two cores or more, for texts of
  /// kJsonSplitBytes and more.
  static JsonThreads DefaultJsonThreads();
  static constexpr size_t kJsonSplitBytes = size_t{1} << 20;
  bool ParseJson(const std::string& text, JsonThreads threads);
  /// In how many parts the last ParseJson read its text (1: one thread).
  unsigned json_parts() const { return json_parts_; }
  /// Whether the last ParseJson was done by RapidJSON (false: by nlohmann's
  /// SAX parser, after RapidJSON refused the text).
  bool rapidjson() const { return rapidjson_; }
  /// Parses the first document of YAML |text|. False when the fast path does
  /// not take it (see Failure), or when expanding its aliases (as a walk of
  /// the tree counts: every value, and every key once more) gives more than
  /// |expansion_budget| values.
  bool ParseYaml(const std::string& text, size_t expansion_budget);
  /// How ParseYaml may spread a large plan over threads (flat_yaml.cc): the
  /// items of a top-level block list `tasks:` are split at their item lines
  /// into parts, each read by its own libyaml parser on its own thread, and
  /// joined into the document one thread would have made (the same arrays).
  /// Anything unusual is read on one thread.
  struct YamlThreads {
    unsigned parts;    // at most this many parts (the caller picks from the cores)
    size_t min_bytes;  // texts smaller than this are read on one thread
  };
  /// Parts by default: the machine's cores, for texts of kYamlSplitBytes and more.
  static YamlThreads DefaultYamlThreads();
  static constexpr size_t kYamlSplitBytes = size_t{64} << 10;
  bool ParseYaml(const std::string& text, size_t expansion_budget, YamlThreads threads);
  /// In how many parts the last ParseYaml read its text (1: one thread).
  unsigned yaml_parts() const { return yaml_parts_; }
  const Failure& failure() const { return failure_; }

  /// The same arrays and root (the tests compare a split parse with one thread's).
  bool SameArrays(const FlatDoc& o) const;

  uint32_t root() const { return root_; }
  Kind kind(uint32_t v) const { return values_[v].kind; }
  /// A scalar as the plan reader sees it: the string itself, or (JSON) the
  /// number or boolean as nlohmann dumps it.
  std::string_view Scalar(uint32_t v) const {
    const Value& x = values_[v];
    return std::string_view((x.in_text ? text_ : pool_.data()) + x.a, x.b);
  }
  /// Where value |v| starts (YAML; JSON values have no position).
  Loc loc(uint32_t v) const { return locs_.empty() ? Loc{} : locs_[v]; }
  /// Number of elements of an array or members of an object.
  uint32_t size(uint32_t v) const { return values_[v].b; }
  /// Element |i| of array |v|.
  uint32_t At(uint32_t v, uint32_t i) const { return members_[values_[v].a + i]; }
  /// Key and value of member |i| of object |v| (JSON: in sorted key order,
  /// YAML: in file order).
  uint32_t KeyAt(uint32_t v, uint32_t i) const { return members_[values_[v].a + 2 * i]; }
  uint32_t ValueAt(uint32_t v, uint32_t i) const { return members_[values_[v].a + 2 * i + 1]; }

  /// Bytes held by the arrays (for the memory figures of docs/performance.md).
  size_t capacity_bytes() const {
    return values_.capacity() * sizeof(Value) + members_.capacity() * sizeof(uint32_t) +
           pool_.capacity() + locs_.capacity() * sizeof(Loc);
  }

 private:
  class JsonBuilder;  // flat_json.cc
  class YamlBuilder;  // flat_yaml.cc

  struct Value {
    uint32_t a = 0;  // scalars: offset of the text in pool_; containers: first entry in members_
    uint32_t b = 0;  // scalars: length; containers: count
    Kind kind = Kind::kNull;
    bool in_text = false;  // JSON scalars: the text is text_[a, a + b), not in pool_
  };

  void Clear();
  void ReserveYaml(size_t bytes);
  bool ParseYamlSplit(const std::string& text, size_t budget, unsigned parts);
  bool ParseJsonOneThread(const std::string& text, bool has_nul);
  bool ParseJsonSplit(const std::string& text, double cut);

  std::vector<Value> values_;
  std::vector<uint32_t> members_;  // array elements; object keys and values, alternating
  std::string pool_;               // the text of every scalar, one after another
  std::vector<Loc> locs_;          // YAML: one per value; JSON: empty
  const char* text_ = nullptr;     // JSON: the parsed text, for Value::in_text
  uint32_t root_ = kNone;
  bool rapidjson_ = false;
  Failure failure_;
  unsigned yaml_parts_ = 0;
  unsigned json_parts_ = 0;
};

}  // namespace rollout
