// FlatDoc::ParseYaml: libyaml's event parser into the flat document. The
// tree it gives is the one yaml-cpp's YAML::Load gives the plan reader:
// every scalar a string, yaml-cpp's nulls (a plain "", "~",
// "null", "Null" or "NULL"), aliases as their anchored value again, each
// value's position. What the two libraries could read differently is
// refused, and the reader then takes the yaml-cpp path.
//
// A large plan's top-level `tasks:` list is read on several threads
// (ParseYamlSplit): cut at its item lines (FindTaskItems), each part read
// by its own libyaml parser (YamlBuilder's Part modes) and joined into the
// arrays one parser makes. What a part could read differently from one
// parser makes it fail, and the text is then read on one thread.
#include <yaml.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>

#include "workflows/flat_doc.h"

namespace rollout {
namespace {

bool IsNullText(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool SameLoc(Loc a, Loc b) { return a.line == b.line && a.col == b.col; }

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

// The parser and its current event, released however the walk ends.
// Two pieces of the text read one after the other: the first part of a
// split parse is the text up to the second part, then the text after the
// last part (ReadSpans is libyaml's read handler for it).
struct Spans {
  std::string_view first, second;
  size_t at = 0;  // bytes handed to libyaml so far
};

int ReadSpans(void* data, unsigned char* buffer, size_t size, size_t* size_read) {
  auto* s = static_cast<Spans*>(data);
  size_t n = 0;
  while (n < size && s->at < s->first.size() + s->second.size()) {
    const bool first = s->at < s->first.size();
    const std::string_view from =
        first ? s->first.substr(s->at) : s->second.substr(s->at - s->first.size());
    const size_t k = std::min(from.size(), size - n);
    std::memcpy(buffer + n, from.data(), k);
    n += k;
    s->at += k;
  }
  *size_read = n;
  return 1;
}

class Events {
 public:
  explicit Events(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  explicit Events(Spans* spans) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input(&parser_, ReadSpans, spans);
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

// The items of a plan's top-level block list `tasks:`, found in the text
// by its lines: the line "tasks:" at column 1 (a comment may follow), then
// lines of one indentation N that start with "- " (or are "-" alone), the
// item lines, and between them blank lines, comments and lines indented
// deeper. The list ends at the first other line, which must be at column 1
// (the next top-level key, or the end of the text). A tab in an indentation
// or anything else is unusual: no split. Whether an item line really starts
// an item (and not, say, a line of a multi-line quoted string) is what the
// split parse checks: each part must give exactly its item lines' items.
struct TaskItems {
  int key_line = 0;          // 0-based line of "tasks:"
  size_t indent = 0;         // N
  size_t end = 0;            // the byte after the list's lines (the rest follows)
  int end_line = 0;          // its line
  std::vector<size_t> at;    // each item line's first byte
  std::vector<int> line;     // and its 0-based line
};

bool IsItemLine(std::string_view t, size_t dash) {
  return dash < t.size() && t[dash] == '-' &&
         (dash + 1 == t.size() || t[dash + 1] == ' ' || t[dash + 1] == '\n' ||
          t[dash + 1] == '\r');
}

bool FindTaskItems(std::string_view t, TaskItems* out) {
  enum { kKey, kFirst, kItems } state = kKey;
  int line = 0;
  for (size_t pos = 0; pos < t.size(); ++line) {
    const char* nl = static_cast<const char*>(std::memchr(t.data() + pos, '\n', t.size() - pos));
    const size_t eol = nl == nullptr ? t.size() : static_cast<size_t>(nl - t.data());
    const size_t next = nl == nullptr ? t.size() : eol + 1;
    if (state == kKey) {
      if (t.compare(pos, 6, "tasks:") == 0) {
        size_t i = pos + 6;
        while (i < eol && t[i] == ' ') ++i;
        if (i < eol && t[i] != '#' && !(t[i] == '\r' && i + 1 == eol)) return false;
        out->key_line = line;
        state = kFirst;
      }
      pos = next;
      continue;
    }
    size_t i = pos;
    while (i < eol && t[i] == ' ') ++i;
    if (i < eol && t[i] == '\t') return false;
    const bool blank = i == eol || (t[i] == '\r' && i + 1 == eol) || t[i] == '#';
    if (!blank) {
      const size_t indent = i - pos;
      if (state == kFirst) {
        if (!IsItemLine(t, i)) return false;
        out->indent = indent;
        state = kItems;
      }
      if (indent == out->indent && IsItemLine(t, i)) {
        out->at.push_back(pos);
        out->line.push_back(line);
      } else if (indent <= out->indent) {
        if (indent != 0) return false;
        out->end = pos;
        out->end_line = line;
        return true;
      }
    }
    pos = next;
  }
  if (state != kItems) return false;
  out->end = t.size();
  out->end_line = line;
  return true;
}

// Where a split parse reads what (FlatDoc::YamlBuilder's modes).
struct Part {
  enum class Mode : uint8_t {
    kWhole,  // the whole text, on one thread
    kFirst,  // the text up to the second part, then the text after the list;
             // the other parts' items are spliced into `tasks:` at its end
    kItems,  // item lines [begin, end) alone: one block list at the indent
  } mode = Mode::kWhole;
  size_t begin = 0, end = 0;  // kFirst: the bytes skipped; kItems: the bytes read
  int line = 0;               // kFirst: the skipped bytes' first line; kItems: the first line
  int lines = 0;              // kFirst: the skipped lines
  size_t items = 0;           // the item lines in the part
};

}  // namespace

// Appends each event's value to the flat arrays. The children of the
// containers still open wait in scratch_ and move to members_ in one block
// when their container closes, as in the JSON builder. Alongside, each
// value's size when its aliases are expanded (saturated at the budget + 1).
//
// A split parse (ParseYaml with parts) runs one builder per part: the
// first (Part::Mode::kFirst) on the calling thread over the text before the
// second part and the text after the list, the others (kItems) each over
// its item lines on its own thread. The first finds `tasks:` where the
// lines say it is and, when the list closes, appends the other parts'
// arrays (ids and offsets moved) before closing it: the arrays are then
// those one builder makes over the whole text.
class FlatDoc::YamlBuilder {
 public:
  // The other parts' results, filled by their threads.
  struct Result {
    FlatDoc doc;
    std::vector<uint64_t> counts;
    bool ok = false;
  };
  struct Join {
    std::vector<std::jthread>* threads = nullptr;
    std::vector<Result>* results = nullptr;  // part i + 1 in results[i]
    std::atomic<bool>* stop = nullptr;       // set when the split parse fails
    size_t first_line = 0;                   // kFirst: the 0-based line of the first item
    int key_line = 0;                        // and of "tasks:"
  };

  YamlBuilder(FlatDoc* doc, size_t budget) : doc_(doc), budget_(budget), join_{} {}
  YamlBuilder(FlatDoc* doc, size_t budget, const Part& part, size_t indent, Join join)
      : doc_(doc), budget_(budget), part_(part), indent_(indent), join_(join) {
    if (part.mode == Part::Mode::kItems) {
      line_base_ = part.line;
      depth_base_ = 1;  // the list is a member of the plan's map
      cursor_bytes_ = part.begin;
    }
  }

  std::vector<uint64_t> TakeCounts() { return std::move(counts_); }

  bool Build(const std::string& text) {
    text_ = &text;
    if (part_.mode == Part::Mode::kWhole && !ReadsLikeYamlCpp(text))
      return Fail(Failure::Kind::kUnsupported);
    Spans spans{std::string_view(text).substr(0, part_.begin),
                std::string_view(text).substr(part_.end)};
    std::unique_ptr<Events> owned;
    if (part_.mode == Part::Mode::kFirst)
      owned = std::make_unique<Events>(&spans);
    else if (part_.mode == Part::Mode::kItems)
      owned = std::make_unique<Events>(
          std::string_view(text).substr(part_.begin, part_.end - part_.begin));
    else
      owned = std::make_unique<Events>(text);
    Events& events = *owned;
    int documents = 0;
    for (;;) {
      if (join_.stop != nullptr && part_.mode == Part::Mode::kItems && join_.stop->load())
        return Fail(Failure::Kind::kUnsupported);
      const yaml_event_t* e = events.Next();
      if (e == nullptr) {
        doc_->failure_.message = events.problem();
        return Fail(Failure::Kind::kSyntax);
      }
      if (part_.mode == Part::Mode::kFirst && tasks_ != kNone && !spliced_ && !OwnLines(*e))
        return Fail(Failure::Kind::kUnsupported);
      switch (e->type) {
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
        case YAML_NO_EVENT:
          break;
        case YAML_DOCUMENT_START_EVENT:
          if (++documents > 1) return Fail(Failure::Kind::kUnsupported);
          break;
        case YAML_STREAM_END_EVENT:
          return End();
        case YAML_ALIAS_EVENT:
          if (part_.mode == Part::Mode::kItems) return Fail(Failure::Kind::kUnsupported);
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

  // In the first part, whether event |e| inside `tasks:` comes from the
  // first part's own lines. Its parser reads on with the text after the
  // list; one parser reads the next part's lines there. Only the ends of
  // block collections (the last item's, the list's) are placed where the
  // text after the list starts: any other event there, or a scalar other
  // than a block scalar ending there (a quoted string closed by a quote
  // after the list), would be read differently by one parser.
  bool OwnLines(const yaml_event_t& e) const {
    if ((e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT) &&
        !open_.empty() && !open_.back().flow)
      return true;
    const auto after = static_cast<size_t>(part_.line);
    if (e.start_mark.line >= after) return false;
    return e.type != YAML_SCALAR_EVENT || e.data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
           e.data.scalar.style == YAML_FOLDED_SCALAR_STYLE || e.end_mark.line < after;
  }

  bool End() {
    const uint32_t root = doc_->root_;
    if (part_.mode == Part::Mode::kItems) {
      // One block list at the item lines' indentation, of exactly their items.
      if (root != 0 || doc_->kind(root) != Kind::kArray || doc_->size(root) != part_.items ||
          !SameLoc(doc_->loc(root), Loc{line_base_ + 1, static_cast<int>(indent_) + 1}))
        return Fail(Failure::Kind::kUnsupported);
      return true;
    }
    if (part_.mode == Part::Mode::kFirst && !spliced_) return Fail(Failure::Kind::kUnsupported);
    // A plan is a map; a scalar at the top (where the two libraries
    // end a plain scalar differently) is left to yaml-cpp.
    if (root == kNone || doc_->kind(root) == Kind::kNull || doc_->kind(root) == Kind::kString)
      return Fail(Failure::Kind::kUnsupported);
    if (counts_[root] > budget_) return Fail(Failure::Kind::kAlias);
    return true;
  }

  // A mark of the text: libyaml's lines count from 0 in the part it reads;
  // past the bytes the first part skips they are that many lines short.
  Loc LocOf(const yaml_mark_t& m) const {
    int line = static_cast<int>(m.line) + line_base_;
    if (part_.mode == Part::Mode::kFirst && line >= part_.line) line += part_.lines;
    return Loc{line + 1, static_cast<int>(m.column) + 1};
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
  // offset follows from a cursor that only moves forward (in the first part
  // of a split parse it jumps the bytes libyaml did not see; in the others
  // it starts at the part's first byte). It reads on past the part: what
  // follows is the text one parser would see.
  Loc NextToken(const yaml_mark_t& m) {
    const std::string& t = *text_;
    const bool skips = part_.mode == Part::Mode::kFirst;
    for (; cursor_chars_ < m.index && cursor_bytes_ < t.size(); ++cursor_chars_) {
      if (skips && cursor_bytes_ == part_.begin) cursor_bytes_ = part_.end;
      do {
        ++cursor_bytes_;
      } while (cursor_bytes_ < t.size() &&
               (static_cast<unsigned char>(t[cursor_bytes_]) & 0xC0) == 0x80);
    }
    if (skips && cursor_bytes_ == part_.begin) cursor_bytes_ = part_.end;
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
    if (name == nullptr) return true;
    // An anchor in a part of its own could be what an alias elsewhere names.
    if (part_.mode == Part::Mode::kItems) return Fail(Failure::Kind::kUnsupported);
    anchors_[reinterpret_cast<const char*>(name)] = id;
    return true;
  }

  bool Open(Kind kind, const yaml_event_t& e, const yaml_char_t* anchor, bool flow) {
    if (open_.size() + depth_base_ >= kMaxYamlDepth) return Fail(Failure::Kind::kTooDeep);
    const Loc at = LocOf(e.start_mark);
    const bool tasks =
        part_.mode == Part::Mode::kFirst && kind == Kind::kArray && !flow && IsTasks(at);
    const uint32_t id = Add(Value{0, 0, kind}, at, kOpen);
    if (tasks) tasks_ = id;
    open_.push_back({id, scratch_.size(), flow});
    return Anchor(anchor, id);
  }

  // Whether the list opening at |at| is the one the lines said: the value of
  // the key "tasks" of the plan's block map at line key_line, first column,
  // starting at the first item line.
  bool IsTasks(Loc at) const {
    if (tasks_ != kNone || open_.size() != 1 || open_[0].flow ||
        doc_->kind(open_[0].self) != Kind::kObject)
      return false;
    const size_t members = scratch_.size() - open_[0].first;
    if (members % 2 != 1) return false;
    const uint32_t key = scratch_.back();
    return doc_->kind(key) == Kind::kString && doc_->Scalar(key) == "tasks" &&
           SameLoc(doc_->loc(key), Loc{join_.key_line + 1, 1}) &&
           SameLoc(at, Loc{static_cast<int>(join_.first_line) + 1, static_cast<int>(indent_) + 1});
  }

  bool Close() {
    if (!open_.empty() && open_.back().self == tasks_ && !spliced_ && !Splice()) return false;
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

  // The end of `tasks:` in the first part: it holds the first part's items
  // only; the other parts' follow, as one parser would have read them. Each
  // part's list (its value 0, whose members are its last block) is dropped:
  // its items go into this list.
  bool Splice() {
    spliced_ = true;
    if (scratch_.size() - open_.back().first != part_.items) 
      return Fail(Failure::Kind::kUnsupported);
    for (std::jthread& t : *join_.threads) t.join();
    for (Result& r : *join_.results) {
      if (!r.ok) return Fail(Failure::Kind::kUnsupported);
      const FlatDoc& d = r.doc;
      const Value& list = d.values_[0];
      if (doc_->pool_.size() + d.pool_.size() >= UINT32_MAX ||
          doc_->values_.size() + d.values_.size() >= UINT32_MAX)
        return Fail(Failure::Kind::kTooLarge);
      const auto values = static_cast<uint32_t>(doc_->values_.size()) - 1;  // value i is i + values
      const auto pool = static_cast<uint32_t>(doc_->pool_.size());
      const auto members = static_cast<uint32_t>(doc_->members_.size());
      for (size_t i = 1; i < d.values_.size(); ++i) {
        Value v = d.values_[i];
        v.a += v.kind == Kind::kArray || v.kind == Kind::kObject ? members : pool;
        doc_->values_.push_back(v);
      }
      doc_->locs_.insert(doc_->locs_.end(), d.locs_.begin() + 1, d.locs_.end());
      counts_.insert(counts_.end(), r.counts.begin() + 1, r.counts.end());
      doc_->pool_.append(d.pool_);
      for (uint32_t i = 0; i < list.a; ++i) doc_->members_.push_back(d.members_[i] + values);
      for (uint32_t i = 0; i < list.b; ++i) scratch_.push_back(d.members_[list.a + i] + values);
    }
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
  Part part_;
  size_t indent_ = 0;  // the item lines' indentation (split parses)
  Join join_;
  int line_base_ = 0;    // kItems: the part's first line
  size_t depth_base_ = 0;
  uint32_t tasks_ = kNone;  // kFirst: the list `tasks:`
  bool spliced_ = false;
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

FlatDoc::YamlThreads FlatDoc::DefaultYamlThreads() {
  return {std::max(1u, std::thread::hardware_concurrency()), kYamlSplitBytes};
}

bool FlatDoc::ParseYaml(const std::string& text, size_t expansion_budget) {
  return ParseYaml(text, expansion_budget, DefaultYamlThreads());
}

bool FlatDoc::SameArrays(const FlatDoc& o) const {
  const auto same_value = [](const Value& x, const Value& y) {
    return x.a == y.a && x.b == y.b && x.kind == y.kind;
  };
  return root_ == o.root_ && pool_ == o.pool_ && members_ == o.members_ &&
         std::equal(values_.begin(), values_.end(), o.values_.begin(), o.values_.end(),
                    same_value) &&
         std::equal(locs_.begin(), locs_.end(), o.locs_.begin(), o.locs_.end(),
                    SameLoc);
}

void FlatDoc::ReserveYaml(size_t bytes) {
  values_.reserve(bytes / 8 + 16);
  locs_.reserve(bytes / 8 + 16);
  members_.reserve(bytes / 8 + 16);
  pool_.reserve(bytes / 2 + 16);
}

// Splits the text's `tasks:` list into |parts| parts of about equal size
// (the first part also reads the text before and after the list) and reads
// them on as many threads. False when the split does not apply or any part
// fails: the caller then reads the text on one thread, which reports.
bool FlatDoc::ParseYamlSplit(const std::string& text, size_t budget, unsigned parts) {
  TaskItems items;
  if (!FindTaskItems(text, &items) || items.at.size() < 2 * size_t{parts}) return false;
  // Part boundaries at item lines: part k starts at the first item line at
  // or past its share of the text (the first part counting the text around
  // the list). The first part's share is kFirstShare of the others': its
  // thread also copies the others' arrays in and waits for them
  // (BM_ParseYaml: 79 ms on the calling thread against 58 ms on the other
  // at equal shares, 20,000 tasks).
  constexpr double kFirstShare = 0.7;
  const size_t outside = items.at.front() + (text.size() - items.end);
  const double share = static_cast<double>(text.size()) / (kFirstShare + parts - 1);
  std::vector<size_t> first{0};  // index of each part's first item line
  for (size_t k = 1, i = 0; k < parts; ++k) {
    const auto want = static_cast<size_t>(share * (kFirstShare + static_cast<double>(k - 1)));
    while (i < items.at.size() && outside + (items.at[i] - items.at.front()) < want) ++i;
    if (i <= first.back() || i >= items.at.size()) return false;
    first.push_back(i);
  }
  first.push_back(items.at.size());
  const auto begin_of = [&](size_t k) { return items.at[first[k]]; };
  const auto end_of = [&](size_t k) { return k + 1 < parts ? begin_of(k + 1) : items.end; };

  std::vector<YamlBuilder::Result> results(parts - 1);
  std::atomic<bool> stop{false};
  std::vector<std::jthread> threads;
  threads.reserve(parts - 1);
  for (size_t k = 1; k < parts; ++k) {
    Part part{Part::Mode::kItems, begin_of(k), end_of(k), items.line[first[k]], 0,
              first[k + 1] - first[k]};
    YamlBuilder::Result* r = &results[k - 1];
    try {
      threads.emplace_back([&text, budget, part, indent = items.indent, r, &stop] {
        r->doc.ReserveYaml(part.end - part.begin);
        YamlBuilder b(&r->doc, budget, part, indent, {nullptr, nullptr, &stop});
        r->ok = b.Build(text);
        if (r->ok) r->counts = b.TakeCounts();
      });
    } catch (const std::system_error&) {  // no thread to be had: one thread reads it all
      stop = true;
      return false;  // the threads started are joined as |threads| goes
    }
  }
  const Part part{Part::Mode::kFirst, begin_of(1), items.end, items.line[first[1]],
                  items.end_line - items.line[first[1]], first[1]};
  YamlBuilder b(this, budget, part, items.indent,
                {&threads, &results, &stop, static_cast<size_t>(items.line.front()),
                 items.key_line});
  const bool ok = b.Build(text);
  stop = true;
  for (std::jthread& t : threads)
    if (t.joinable()) t.join();
  return ok;
}

bool FlatDoc::ParseYaml(const std::string& text, size_t expansion_budget, YamlThreads threads) {
  Clear();
  ReserveYaml(text.size());
  if (threads.parts > 1 && text.size() >= threads.min_bytes && ReadsLikeYamlCpp(text)) {
    if (ParseYamlSplit(text, expansion_budget, threads.parts)) {
      yaml_parts_ = threads.parts;
      return true;
    }
    Clear();
    ReserveYaml(text.size());
  }
  yaml_parts_ = 1;
  if (YamlBuilder(this, expansion_budget).Build(text)) return true;
  const Failure failure = std::move(failure_);
  Clear();
  failure_ = failure;
  return false;
}

}  // namespace rollout
