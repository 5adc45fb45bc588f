// FlatDoc::ParseJson: nlohmann-json's SAX parser into the flat document.
#include "workflows/flat_doc.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include <nlohmann/json.hpp>

namespace rollout {

// Receives nlohmann's SAX events and appends each value to the flat arrays.
// The children of the containers still open wait in scratch_; a container,
// when it closes, moves them to members_ in one block (objects sorted by key,
// as nlohmann's std::map keeps them).
class FlatDoc::JsonBuilder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit JsonBuilder(FlatDoc* doc) : doc_(doc) {}

  bool null() override { return AddScalar(Kind::kNull, "null"); }
  bool boolean(bool b) override { return AddScalar(Kind::kBool, b ? "true" : "false"); }
  bool number_integer(number_integer_t n) override { return AddInteger(n); }
  bool number_unsigned(number_unsigned_t n) override { return AddInteger(n); }
  bool number_float(number_float_t x, const string_t& /*text*/) override {
    return AddScalar(Kind::kNumber, nlohmann::json(x).dump());  // as the DOM would dump it
  }
  bool string(string_t& s) override { return AddScalar(Kind::kString, s); }
  bool binary(binary_t& /*b*/) override { return false; }  // not in JSON text
  bool key(string_t& k) override { return AddScalar(Kind::kString, k); }
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

 private:
  template <typename Int>
  bool AddInteger(Int n) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    return AddScalar(Kind::kNumber, std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
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
    const auto id = static_cast<uint32_t>(doc_->values_.size() - 1);
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

  FlatDoc* doc_;
  std::vector<std::pair<uint32_t, size_t>> open_;  // container, its first child in scratch_
  std::vector<uint32_t> scratch_;
  std::vector<std::pair<uint32_t, uint32_t>> sort_buf_;
};

void FlatDoc::Clear() {
  values_ = {};
  members_ = {};
  pool_ = {};
  locs_ = {};
  root_ = kNone;
  failure_ = {};
}

bool FlatDoc::ParseJson(const std::string& text) {
  Clear();
  values_.reserve(text.size() / 16 + 16);
  members_.reserve(text.size() / 16 + 16);
  pool_.reserve(text.size() / 2 + 16);
  JsonBuilder builder(this);
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
