// FlatDoc::ParseYaml: libyaml's event parser into the flat document. The
// tree it gives is the one yaml-cpp's YAML::Load gives the plan reader:
// every scalar a string, yaml-cpp's nulls (a plain "", "~",
// "null", "Null" or "NULL"), aliases as their anchored value again, each
// value's position. What the two libraries could read differently is
// refused, and the reader then takes the yaml-cpp path.
#include <yaml.h>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "workflows/flat_doc.h"

namespace rollout {
namespace {

bool IsNullText(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// What the two libraries read differently, found in the text and left to
// yaml-cpp: yaml-cpp breaks lines at LF and CR LF only, libyaml also at a
// lone CR, NEL (U+0085), LS (U+2028) and PS (U+2029); libyaml skips a
// byte-order mark without counting it; an explicit key ("? key") gives its
// empty value a different position. Plans use none of them.
bool ReadsLikeYamlCpp(const std::string& text) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) return false;
  const char* p = text.data();
  const char* const end = p + text.size();
  for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, '\r', end - q))); ++q)
    if (q + 1 == end || q[1] != '\n') return false;
  for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, '\xC2', end - q))); ++q)
    if (q + 1 < end && q[1] == '\x85') return false;
  for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, '\xE2', end - q))); ++q)
    if (q + 2 < end && q[1] == '\x80' && (q[2] == '\xA8' || q[2] == '\xA9')) return false;
  for (const char* q = p; (q = static_cast<const char*>(std::memchr(q, '?', end - q))); ++q) {
    const bool token_start =
        q == p || IsBlank(q[-1]) || q[-1] == '[' || q[-1] == '{' || q[-1] == ',';
    if (token_start && (q + 1 == end || IsBlank(q[1]))) return false;
  }
  return true;
}

Loc LocOf(const yaml_mark_t& m) {
  return Loc{static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1};
}

// The parser and its current event, released however the walk ends.
class Events {
 public:
  explicit Events(const std::string& text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~Events() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  Events(const Events&) = delete;
  Events& operator=(const Events&) = delete;

  /// The next event; nullptr on a syntax error (then problem() says what).
  const yaml_event_t* Next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = yaml_parser_parse(&parser_, &event_) != 0;
    return has_event_ ? &event_ : nullptr;
  }
  std::string problem() const { return parser_.problem != nullptr ? parser_.problem : ""; }

 private:
  yaml_parser_t parser_;
  yaml_event_t event_;
  bool has_event_ = false;
};

}  // namespace

// Appends each event's value to the flat arrays. The children of the
// containers still open wait in scratch_ and move to members_ in one block
// when their container closes, as in the JSON builder. Alongside, each
// value's size when its aliases are expanded (saturated at the budget + 1).
class FlatDoc::YamlBuilder {
 public:
  YamlBuilder(FlatDoc* doc, size_t budget) : doc_(doc), budget_(budget) {}

  bool Build(const std::string& text) {
    text_ = &text;
    if (!ReadsLikeYamlCpp(text)) return Fail(Failure::Kind::kUnsupported);
    Events events(text);
    int documents = 0;
    for (;;) {
      const yaml_event_t* e = events.Next();
      if (e == nullptr) {
        doc_->failure_.message = events.problem();
        return Fail(Failure::Kind::kSyntax);
      }
      switch (e->type) {
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
        case YAML_NO_EVENT:
          break;
        case YAML_DOCUMENT_START_EVENT:
          if (++documents > 1) return Fail(Failure::Kind::kUnsupported);
          break;
        case YAML_STREAM_END_EVENT:
          // A plan is a map; a scalar at the top (where the two libraries
          // end a plain scalar differently) is left to yaml-cpp.
          if (doc_->root_ == kNone || doc_->kind(doc_->root_) == Kind::kNull ||
              doc_->kind(doc_->root_) == Kind::kString)
            return Fail(Failure::Kind::kUnsupported);
          if (counts_[doc_->root_] > budget_) return Fail(Failure::Kind::kAlias);
          return true;
        case YAML_ALIAS_EVENT:
          if (!AddAlias(reinterpret_cast<const char*>(e->data.alias.anchor))) return false;
          break;
        case YAML_SCALAR_EVENT:
          if (!AddScalar(*e)) return false;
          break;
        case YAML_SEQUENCE_START_EVENT:
          if (e->data.sequence_start.tag != nullptr) return Fail(Failure::Kind::kUnsupported);
          if (!Open(Kind::kArray, *e, e->data.sequence_start.anchor,
                    e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE))
            return false;
          break;
        case YAML_MAPPING_START_EVENT:
          if (e->data.mapping_start.tag != nullptr) return Fail(Failure::Kind::kUnsupported);
          if (!Open(Kind::kObject, *e, e->data.mapping_start.anchor,
                    e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE))
            return false;
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          if (!Close()) return false;
          break;
      }
    }
  }

 private:
  bool Fail(Failure::Kind kind) {
    doc_->failure_.kind = kind;
    return false;
  }

  bool AddScalar(const yaml_event_t& e) {
    const auto& s = e.data.scalar;
    const std::string_view text(reinterpret_cast<const char*>(s.value), s.length);
    const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;
    const bool block = !open_.empty() && !open_.back().flow;
    // yaml-cpp refuses a '?' in a plain scalar inside [..] or {..} where the
    // YAML spec and libyaml take it ("{a? b: c}").
    if (plain && !block && text.find('?') != std::string_view::npos)
      return Fail(Failure::Kind::kUnsupported);
    // Tags ("!!str", "!x") are left to yaml-cpp, which takes fewer forms
    // of them than libyaml; plans have none.
    if (s.tag != nullptr) return Fail(Failure::Kind::kUnsupported);
    const bool null = plain && IsNullText(text);
    if (doc_->pool_.size() + text.size() >= UINT32_MAX) return Fail(Failure::Kind::kTooLarge);
    const Value v{static_cast<uint32_t>(doc_->pool_.size()), static_cast<uint32_t>(text.size()),
                  null ? Kind::kNull : Kind::kString};
    doc_->pool_.append(text);
    const bool empty = null && text.empty() && e.start_mark.index == e.end_mark.index;
    const uint32_t id = Add(v, empty && block ? NextToken(e.start_mark) : LocOf(e.start_mark), 1);
    return Anchor(s.anchor, id);
  }

  // Where the token after |m| starts: in block context yaml-cpp places an
  // empty value there (the next key or '-', or where the collection ends),
  // libyaml just after the ':' or '-'. libyaml counts characters; the byte
  // offset follows from a cursor that only moves forward.
  Loc NextToken(const yaml_mark_t& m) {
    const std::string& t = *text_;
    for (; cursor_chars_ < m.index && cursor_bytes_ < t.size(); ++cursor_chars_) {
      do {
        ++cursor_bytes_;
      } while (cursor_bytes_ < t.size() &&
               (static_cast<unsigned char>(t[cursor_bytes_]) & 0xC0) == 0x80);
    }
    Loc at = LocOf(m);
    for (size_t i = cursor_bytes_; i < t.size(); ++i) {
      const char c = t[i];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++at.col;
      } else if (c == '\n') {
        ++at.line;
        at.col = 1;
      } else if (c == '#') {
        while (i + 1 < t.size() && t[i + 1] != '\n') ++i;
      } else {
        break;
      }
    }
    return at;
  }

  bool AddAlias(const char* name) {
    const auto it = anchors_.find(name);
    // An alias to a container still open would make the tree a cycle.
    if (it == anchors_.end() || counts_[it->second] == kOpen) return Fail(Failure::Kind::kAlias);
    Place(it->second);
    return true;
  }

  uint32_t Add(const Value& v, Loc loc, uint64_t count) {
    doc_->values_.push_back(v);
    doc_->locs_.push_back(loc);
    counts_.push_back(count);
    const auto id = static_cast<uint32_t>(doc_->values_.size() - 1);
    Place(id);
    return id;
  }

  // Puts value |id| in the container open last, or makes it the root.
  void Place(uint32_t id) {
    if (open_.empty()) {
      if (doc_->root_ == kNone) doc_->root_ = id;
    } else {
      scratch_.push_back(id);
    }
  }

  bool Anchor(const yaml_char_t* name, uint32_t id) {
    if (name != nullptr) anchors_[reinterpret_cast<const char*>(name)] = id;
    return true;
  }

  bool Open(Kind kind, const yaml_event_t& e, const yaml_char_t* anchor, bool flow) {
    if (open_.size() >= kMaxYamlDepth) return Fail(Failure::Kind::kTooDeep);
    const uint32_t id = Add(Value{0, 0, kind}, LocOf(e.start_mark), kOpen);
    open_.push_back({id, scratch_.size(), flow});
    return Anchor(anchor, id);
  }

  bool Close() {
    const auto [self, mark, flow] = open_.back();
    open_.pop_back();
    const size_t n = scratch_.size() - mark;
    const uint32_t* children = scratch_.data() + mark;
    Value& v = doc_->values_[self];
    v.a = static_cast<uint32_t>(doc_->members_.size());
    v.b = static_cast<uint32_t>(v.kind == Kind::kObject ? n / 2 : n);
    // As the duplicate-key walk counts a yaml-cpp tree: the value, each
    // element, each key once and each member's value with what it expands to.
    uint64_t count = 1;
    for (size_t i = v.kind == Kind::kObject ? 1 : 0; i < n; i += v.kind == Kind::kObject ? 2 : 1)
      count = std::min(count + counts_[children[i]] + (v.kind == Kind::kObject ? 1 : 0),
                       uint64_t{budget_} + 1);
    counts_[self] = count;
    if (v.kind == Kind::kObject && !CheckKeys(children, n / 2)) return false;
    doc_->members_.insert(doc_->members_.end(), children, children + n);
    scratch_.resize(mark);
    return true;
  }

  // Keys are plain strings, each once (yaml-cpp keeps a repeated key
  // silently; the plan reader reports it on the yaml-cpp path).
  bool CheckKeys(const uint32_t* children, size_t count) {
    for (size_t i = 0; i < count; ++i)
      if (doc_->kind(children[2 * i]) != Kind::kString) return Fail(Failure::Kind::kUnsupported);
    if (count <= 16) {
      for (size_t i = 1; i < count; ++i)
        for (size_t j = 0; j < i; ++j)
          if (doc_->Scalar(children[2 * i]) == doc_->Scalar(children[2 * j]))
            return Duplicate(children[2 * i]);
      return true;
    }
    keys_.clear();
    for (size_t i = 0; i < count; ++i) keys_.push_back(doc_->Scalar(children[2 * i]));
    std::sort(keys_.begin(), keys_.end());
    const auto dup = std::adjacent_find(keys_.begin(), keys_.end());
    if (dup == keys_.end()) return true;
    doc_->failure_.token = std::string(*dup);
    return Fail(Failure::Kind::kDuplicateKey);
  }

  bool Duplicate(uint32_t key) {
    doc_->failure_.token = std::string(doc_->Scalar(key));
    return Fail(Failure::Kind::kDuplicateKey);
  }

  static constexpr uint64_t kOpen = UINT64_MAX;  // the count of a container not closed yet

  FlatDoc* doc_;
  size_t budget_;
  struct OpenContainer {
    uint32_t self;
    size_t first;  // its first child in scratch_
    bool flow;     // [..] or {..}
  };

  std::vector<OpenContainer> open_;
  std::vector<uint32_t> scratch_;
  std::vector<uint64_t> counts_;
  std::unordered_map<std::string, uint32_t> anchors_;
  std::vector<std::string_view> keys_;
  const std::string* text_ = nullptr;
  size_t cursor_chars_ = 0;  // NextToken's cursor: this many characters
  size_t cursor_bytes_ = 0;  // are this many bytes
};

bool FlatDoc::ParseYaml(const std::string& text, size_t expansion_budget) {
  Clear();
  values_.reserve(text.size() / 8 + 16);
  locs_.reserve(text.size() / 8 + 16);
  members_.reserve(text.size() / 8 + 16);
  pool_.reserve(text.size() / 2 + 16);
  if (YamlBuilder(this, expansion_budget).Build(text)) return true;
  const Failure failure = std::move(failure_);
  Clear();
  failure_ = failure;
  return false;
}

}  // namespace rollout
