// Three views of one document tree, so that the plan reader is written once:
// FlatNode (FlatDoc: the fast path of YAML and JSON plans, libyaml's or
// nlohmann's events into flat arrays), YamlNode (yaml-cpp, with line and
// column: the path that reports a YAML plan's errors, and locates a JSON
// plan's) and JsonNode (nlohmann's DOM, without positions).
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "engine/result.h"
#include "workflows/flat_doc.h"

namespace rollout {

class YamlNode {
 public:
  YamlNode() = default;
  explicit YamlNode(YAML::Node n) : n_(std::move(n)) {}

  bool IsMap() const { return n_.IsMap(); }
  bool IsSeq() const { return n_.IsSequence(); }
  bool IsScalar() const { return n_.IsScalar(); }
  bool IsNull() const { return !n_.IsDefined() || n_.IsNull(); }
  std::string Scalar() const { return n_.Scalar(); }
  Loc loc() const {
    YAML::Mark m = n_.Mark();
    return m.line < 0 ? Loc{} : Loc{m.line + 1, m.column + 1};
  }
  size_t size() const { return n_.size(); }
  YamlNode At(size_t i) const { return YamlNode(n_[i]); }
  /// Calls |fn(key, key_loc, value)| for each entry of a map, in file order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (const auto& kv : n_) {
      YAML::Mark m = kv.first.Mark();
      fn(kv.first.Scalar(), Loc{m.line + 1, m.column + 1}, YamlNode(kv.second));
    }
  }

 private:
  YAML::Node n_;
};

class JsonNode {
 public:
  JsonNode() = default;
  explicit JsonNode(const nlohmann::json* j) : j_(j) {}

  bool IsMap() const { return j_ != nullptr && j_->is_object(); }
  bool IsSeq() const { return j_ != nullptr && j_->is_array(); }
  bool IsScalar() const { return j_ != nullptr && j_->is_primitive() && !j_->is_null(); }
  bool IsNull() const { return j_ == nullptr || j_->is_null(); }
  std::string Scalar() const {
    if (j_->is_string()) return j_->get_ref<const std::string&>();
    return j_->dump();
  }
  Loc loc() const { return {}; }
  size_t size() const { return j_->size(); }
  JsonNode At(size_t i) const { return JsonNode(&(*j_)[i]); }
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (auto it = j_->begin(); it != j_->end(); ++it) fn(it.key(), Loc{}, JsonNode(&it.value()));
  }

 private:
  const nlohmann::json* j_ = nullptr;
};

// A value of a FlatDoc: JSON (no positions) or YAML (the fast path of both).
class FlatNode {
 public:
  FlatNode() = default;
  FlatNode(const FlatDoc* doc, uint32_t v) : doc_(doc), v_(v) {}

  bool IsMap() const { return Is(FlatDoc::Kind::kObject); }
  bool IsSeq() const { return Is(FlatDoc::Kind::kArray); }
  bool IsScalar() const {
    return Is(FlatDoc::Kind::kString) || Is(FlatDoc::Kind::kNumber) || Is(FlatDoc::Kind::kBool);
  }
  bool IsNull() const { return doc_ == nullptr || Is(FlatDoc::Kind::kNull); }
  std::string Scalar() const { return std::string(doc_->Scalar(v_)); }
  Loc loc() const { return doc_ == nullptr ? Loc{} : doc_->loc(v_); }
  size_t size() const { return IsMap() || IsSeq() ? doc_->size(v_) : (IsNull() ? 0 : 1); }
  FlatNode At(size_t i) const { return {doc_, doc_->At(v_, static_cast<uint32_t>(i))}; }
  /// Calls |fn(key, key_loc, value)| for each entry of a map; the key is a
  /// view of the document when |fn| takes a std::string_view (the task keys
  /// of a million-task plan: no copy each), else a std::string.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    const uint32_t n = doc_->size(v_);
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t key = doc_->KeyAt(v_, i);
      if constexpr (std::is_invocable_v<Fn&, std::string_view, Loc, FlatNode>)
        fn(doc_->Scalar(key), doc_->loc(key), FlatNode(doc_, doc_->ValueAt(v_, i)));
      else
        fn(std::string(doc_->Scalar(key)), doc_->loc(key), FlatNode(doc_, doc_->ValueAt(v_, i)));
    }
  }

 private:
  bool Is(FlatDoc::Kind k) const { return doc_ != nullptr && doc_->kind(v_) == k; }
  const FlatDoc* doc_ = nullptr;
  uint32_t v_ = FlatDoc::kNone;
};

struct Plan;

/// The plan reader over a document's root (plan_tree_reader.cc): shapes,
/// keys and scalars; the validator checks the rest. A FlatNode plan's tasks
/// are read on the machine's cores when it has thousands of them (the same
/// plan and errors as one thread).
template <typename Node>
Errors ReadPlanTree(const Node& root, Plan* plan);
/// The same with at most |threads| threads for the tasks (1: one thread);
/// |*parts| tells how many read them (1 when they were read on one thread).
Errors ReadPlanTree(const FlatNode& root, Plan* plan, unsigned threads,
                    unsigned* parts = nullptr);

}  // namespace rollout
