#include "workflows/plan_reader.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include <date/tz.h>

#include "engine/plan_validator.h"
#include "engine/spellcheck.h"
#include "po/messages.h"
#include "workflows/source_node.h"
#include "workflows/text_width.h"

namespace rollout {

namespace {

bool LooksLikeJson(const std::string& path, const std::string& text) {
  if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) return true;
  auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '{';
}

Loc LocOfOffset(const std::string& text, size_t offset) {
  Loc loc{1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      loc.col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++loc.col;
    }
  }
  return loc;
}

// The validator runs even after reader errors, so that one run reports every
// problem; the two lists are merged in file order.
Result<Plan> FinishPlan(Plan plan, Errors errors, PhaseTimer* timer, Network* net) {
  if (timer != nullptr) timer->Mark("parse");
  Errors more = ValidatePlan(plan, errors.empty() ? net : nullptr);
  if (timer != nullptr) timer->Mark("validate");
  if (errors.empty() && more.empty()) return plan;
  errors.insert(errors.end(), more.begin(), more.end());
  std::stable_sort(errors.begin(), errors.end(), [](const Error& a, const Error& b) {
    return a.loc.line != b.loc.line ? a.loc.line < b.loc.line : a.loc.col < b.loc.col;
  });
  return errors;
}

// yaml-cpp counts columns in bytes; users (and the caret) count characters.
Result<Plan> WithCharColumns(const std::string& text, Result<Plan> r) {
  if (r.ok()) return r;
  std::vector<size_t> line_start{0};
  for (size_t i = text.find('\n'); i != std::string::npos; i = text.find('\n', i + 1))
    line_start.push_back(i + 1);
  Errors errors = r.errors();
  for (Error& e : errors) {
    if (e.loc.line <= 0 || e.loc.line > static_cast<int>(line_start.size())) continue;
    const size_t begin = line_start[e.loc.line - 1];
    int chars = 1;
    for (size_t i = begin; i < begin + e.loc.col - 1 && i < text.size() && text[i] != '\n'; ++i)
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
    e.loc.col = chars;
  }
  return errors;
}

// A parser error at the end of the file can lie past the last line; put it
// just after the last character so that the line can be echoed.
Loc AtText(const std::string& text, Loc loc) {
  size_t end = text.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return loc;
  Loc last{1 + static_cast<int>(std::count(text.begin(), text.begin() + end, '\n')), 0};
  if (loc.line <= last.line) return loc;
  const size_t newline = text.rfind('\n', end);
  const size_t line_start = newline == std::string::npos ? 0 : newline + 1;
  last.col = static_cast<int>(end - line_start) + 2;  // bytes; WithCharColumns converts
  return last;
}

size_t YamlBudget(const std::string& text) {
  return kYamlExpansionBase + kYamlExpansionPerByte * text.size();
}

// One walk of the YAML tree with every alias expanded (an alias is its
// anchored node again, so a 600-byte file can stand for 10^9 values): counts
// the values against a budget linear in the file's size, and stops as soon as
// it is spent, so that neither this walk nor the reader after it can blow up.
// On the way it finds repeated keys, which yaml-cpp keeps silently (each
// reported once, however often an alias repeats its map).
class YamlScan {
 public:
  YamlScan(size_t budget, Errors* errors) : left_(budget), errors_(errors) {}

  /// False when the budget was spent.
  bool Walk(const YAML::Node& node) {
    if (left_ == 0) return false;
    --left_;
    if (node.IsSequence()) {
      for (const YAML::Node& e : node)
        if (!Walk(e)) return false;
      return true;
    }
    if (!node.IsMap()) return true;
    std::unordered_map<std::string_view, int> seen;  // key -> line of its first entry
    for (const auto& kv : node) {
      if (left_ == 0) return false;
      --left_;  // the key
      const YAML::Mark m = kv.first.Mark();
      if (kv.first.IsScalar()) {
        const std::string& key = kv.first.Scalar();
        auto [it, fresh] = seen.emplace(key, m.line + 1);
        if (!fresh && reported_.insert({m.line, m.column}).second)
          errors_->push_back({{m.line + 1, m.column + 1},
                              Tr("duplicate key '{0}'", key),
                              Tr("the first is at line {0}; write each key once", it->second)});
      }
      if (!Walk(kv.second)) return false;
    }
    return true;
  }

 private:
  struct PosHash {
    size_t operator()(const std::pair<int, int>& p) const {
      return std::hash<long long>()((static_cast<long long>(p.first) << 32) ^ p.second);
    }
  };
  size_t left_;
  Errors* errors_;
  std::unordered_set<std::pair<int, int>, PosHash> reported_;
};

// yaml-cpp's words for a syntax error, in the reader's language: each
// message of its parser is given here once more as a literal for the
// catalogue; a message not listed (or one yaml-cpp words differently in
// another version) stays as yaml-cpp wrote it, in English.
struct YamlCppWords {
  const char* yaml_cpp;  // YAML::ErrorMsg, as the parser throws it
  const char* ours;      // the same words, for the catalogue
};
constexpr YamlCppWords kYamlCppWords[] = {
    {YAML::ErrorMsg::YAML_DIRECTIVE_ARGS, N_("YAML directives must have exactly one argument")},
    {YAML::ErrorMsg::YAML_MAJOR_VERSION, N_("YAML major version too large")},
    {YAML::ErrorMsg::REPEATED_YAML_DIRECTIVE, N_("repeated YAML directive")},
    {YAML::ErrorMsg::TAG_DIRECTIVE_ARGS, N_("TAG directives must have exactly two arguments")},
    {YAML::ErrorMsg::REPEATED_TAG_DIRECTIVE, N_("repeated TAG directive")},
    {YAML::ErrorMsg::CHAR_IN_TAG_HANDLE, N_("illegal character found while scanning tag handle")},
    {YAML::ErrorMsg::TAG_WITH_NO_SUFFIX, N_("tag handle with no suffix")},
    {YAML::ErrorMsg::END_OF_VERBATIM_TAG, N_("end of verbatim tag not found")},
    {YAML::ErrorMsg::END_OF_MAP, N_("end of map not found")},
    {YAML::ErrorMsg::END_OF_MAP_FLOW, N_("end of map flow not found")},
    {YAML::ErrorMsg::END_OF_SEQ, N_("end of sequence not found")},
    {YAML::ErrorMsg::END_OF_SEQ_FLOW, N_("end of sequence flow not found")},
    {YAML::ErrorMsg::MULTIPLE_TAGS, N_("cannot assign multiple tags to the same node")},
    {YAML::ErrorMsg::MULTIPLE_ANCHORS, N_("cannot assign multiple anchors to the same node")},
    {YAML::ErrorMsg::MULTIPLE_ALIASES, N_("cannot assign multiple aliases to the same node")},
    {YAML::ErrorMsg::ALIAS_CONTENT, N_("aliases can't have any content, *including* tags")},
    {YAML::ErrorMsg::INVALID_HEX, N_("bad character found while scanning hex number")},
    {YAML::ErrorMsg::UNKNOWN_TOKEN, N_("unknown token")},
    {YAML::ErrorMsg::DOC_IN_SCALAR, N_("illegal document indicator in scalar")},
    {YAML::ErrorMsg::EOF_IN_SCALAR, N_("illegal EOF in scalar")},
    {YAML::ErrorMsg::CHAR_IN_SCALAR, N_("illegal character in scalar")},
    {YAML::ErrorMsg::TAB_IN_INDENTATION, N_("illegal tab when looking for indentation")},
    {YAML::ErrorMsg::FLOW_END, N_("illegal flow end")},
    {YAML::ErrorMsg::BLOCK_ENTRY, N_("illegal block entry")},
    {YAML::ErrorMsg::MAP_KEY, N_("illegal map key")},
    {YAML::ErrorMsg::MAP_VALUE, N_("illegal map value")},
    {YAML::ErrorMsg::ALIAS_NOT_FOUND, N_("alias not found after *")},
    {YAML::ErrorMsg::ANCHOR_NOT_FOUND, N_("anchor not found after &")},
    {YAML::ErrorMsg::CHAR_IN_ALIAS, N_("illegal character found while scanning alias")},
    {YAML::ErrorMsg::CHAR_IN_ANCHOR, N_("illegal character found while scanning anchor")},
    {YAML::ErrorMsg::ZERO_INDENT_IN_BLOCK, N_("cannot set zero indentation for a block scalar")},
    {YAML::ErrorMsg::CHAR_IN_BLOCK, N_("unexpected character in block scalar")},
    {YAML::ErrorMsg::AMBIGUOUS_ANCHOR, N_("cannot assign the same alias to multiple nodes")},
    {YAML::ErrorMsg::UNKNOWN_ANCHOR, N_("the referenced anchor is not defined")},
    {YAML::ErrorMsg::UNMATCHED_GROUP_TAG, N_("unmatched group tag")},
    {YAML::ErrorMsg::UNEXPECTED_END_SEQ, N_("unexpected end sequence token")},
    {YAML::ErrorMsg::UNEXPECTED_END_MAP, N_("unexpected end map token")},
    {YAML::ErrorMsg::SINGLE_QUOTED_CHAR, N_("invalid character in single-quoted string")},
    {YAML::ErrorMsg::INVALID_ANCHOR, N_("invalid anchor")},
    {YAML::ErrorMsg::INVALID_ALIAS, N_("invalid alias")},
    {YAML::ErrorMsg::INVALID_TAG, N_("invalid tag")},
};
// The messages that end in what was read ("unknown escape character: q").
constexpr YamlCppWords kYamlCppPrefixes[] = {
    {YAML::ErrorMsg::YAML_VERSION, N_("bad YAML version: {0}")},
    {YAML::ErrorMsg::INVALID_UNICODE, N_("invalid unicode: {0}")},
    {YAML::ErrorMsg::INVALID_ESCAPE, N_("unknown escape character: {0}")},
};

std::string YamlCppMessage(const std::string& what) {
  if (CurrentLang() == Lang::kEn) return what;
  for (const YamlCppWords& w : kYamlCppWords)
    if (what == w.yaml_cpp) return Tr(w.ours);
  for (const YamlCppWords& w : kYamlCppPrefixes) {
    const std::string_view prefix = w.yaml_cpp;
    if (what.size() > prefix.size() && what.compare(0, prefix.size(), prefix) == 0)
      return Tr(w.ours, what.substr(prefix.size()));
  }
  return what;
}

// What a YAML syntax error most likely is, said where it is: a tab in the
// indentation (YAML indents with spaces only), else indentation in general
// for the errors a misaligned key or list item gives. |at| is 1-based.
Error YamlSyntaxError(const std::string& text, Loc at, const std::string& what) {
  int line = 1;
  for (size_t i = 0; i < text.size(); ++line) {
    const size_t end = std::min(text.find('\n', i), text.size());
    size_t k = i;
    while (k < end && (text[k] == ' ' || text[k] == '\t')) ++k;
    const size_t tab = text.find('\t', i);
    if (tab < k && k < end && line <= std::max(at.line, 1) + 1)
      return Error{{line, static_cast<int>(tab - i) + 1},
                   Tr("tab character in the indentation"),
                   Tr("YAML indents with spaces only: replace the tab with spaces")};
    i = end + 1;
  }
  Error e{at, Tr("malformed YAML: {0}", YamlCppMessage(what)), ""};
  // An error at the first character of its line is a line that does not
  // line up with its neighbours.
  size_t begin = 0;
  for (int l = 1; l < at.line && begin != std::string::npos; ++l) {
    begin = text.find('\n', begin);
    if (begin != std::string::npos) ++begin;
  }
  if (begin == std::string::npos) return e;
  const size_t first = text.find_first_not_of(' ', begin);
  const bool at_line_start = first != std::string::npos && at.col >= 1 &&
                             static_cast<size_t>(at.col - 1) == first - begin;
  // A key indented under a value ("illegal map value") is an indentation
  // error wherever its colon is.
  const bool anywhere = what.find("illegal map value") != std::string::npos ||
                        what.find("bad indentation") != std::string::npos;
  static const char* const kIndentation[] = {"end of map not found", "end of sequence not found",
                                             "block sequence entries are not allowed"};
  bool indentation = anywhere;
  for (const char* m : kIndentation)
    indentation = indentation || (at_line_start && what.find(m) != std::string::npos);
  if (indentation)
    e.hint =
        Tr("check the indentation of line {0}: the keys of one map start in the same "
           "column, a list's '- ' items line up, and a nested map is indented further than "
           "its key",
           at.line);
  return e;
}

// The yaml-cpp path: every problem of a YAML plan as it has always been
// reported (the fast path below hands every text with a problem to it).
// |*syntax| tells whether the text is not YAML at all (a syntax error).
Result<Plan> ReadYamlCpp(const std::string& text, PhaseTimer* timer, Network* net,
                         bool* syntax = nullptr) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    if (syntax != nullptr) *syntax = true;
    return WithCharColumns(
        text, YamlSyntaxError(text, AtText(text, {e.mark.line + 1, e.mark.column + 1}), e.msg));
  }
  Errors duplicates;
  const size_t budget = YamlBudget(text);
  if (!YamlScan(budget, &duplicates).Walk(root))
    return Error{
        {},
        TrN("the plan expands to more than {0} value through YAML aliases (*name)",
            "the plan expands to more than {0} values through YAML aliases (*name)",
            static_cast<long long>(budget), budget),
        TrN("a plan file may expand to {0} value plus {1} per byte of the file; write "
            "the repeated parts out, or use fewer aliases",
            "a plan file may expand to {0} values plus {1} per byte of the file; write "
            "the repeated parts out, or use fewer aliases",
            static_cast<long long>(kYamlExpansionBase), kYamlExpansionBase, kYamlExpansionPerByte)};
  Plan plan;
  Errors errors = ReadPlanTree(YamlNode(root), &plan);
  errors.insert(errors.end(), duplicates.begin(), duplicates.end());
  return WithCharColumns(text, FinishPlan(std::move(plan), std::move(errors), timer, net));
}

// FlatDoc (libyaml's events into flat arrays) for every YAML plan: a valid
// plan is read from it; anything else — a text the fast path does not take
// (FlatDoc::Failure), a reader or validator error — is read again through
// yaml-cpp (ReadYamlCpp), which reports it. The document is freed before
// validation.
Result<Plan> ReadYaml(const std::string& text, PhaseTimer* timer, Network* net) {
  Plan plan;
  {
    FlatDoc doc;
    if (!doc.ParseYaml(text, YamlBudget(text))) return ReadYamlCpp(text, timer, net);
    if (!ReadPlanTree(FlatNode(&doc, doc.root()), &plan).empty())
      return ReadYamlCpp(text, timer, net);
  }
  PhaseTimer local = timer != nullptr ? *timer : PhaseTimer();
  Result<Plan> r = FinishPlan(std::move(plan), {}, &local, net);
  if (!r.ok()) return ReadYamlCpp(text, timer, net);
  if (timer != nullptr) *timer = local;
  return r;
}

// JSON is YAML: the text is read again through yaml-cpp to put positions on
// |errors|. yaml-cpp takes nearly all JSON; when it does not, or finds
// nothing, |errors| stay as they are, without positions.
Result<Plan> Located(const std::string& text, Errors errors) {
  bool syntax = false;
  Result<Plan> located = ReadYamlCpp(text, nullptr, nullptr, &syntax);
  if (located.ok() || located.errors().empty() || syntax || located.errors().front().loc.line == 0)
    return errors;
  return located;
}

// FlatDoc (nlohmann's SAX parser into flat arrays) for every JSON plan: a
// valid plan is read from it without a DOM; errors are located through
// yaml-cpp (Located). The document is freed before validation.
Result<Plan> ReadJson(const std::string& text, PhaseTimer* timer, Network* net) {
  Plan plan;
  Errors errors;
  {
    FlatDoc doc;
    if (!doc.ParseJson(text)) {
      const FlatDoc::Failure& f = doc.failure();
      using Kind = FlatDoc::Failure::Kind;
      switch (f.kind) {
        case Kind::kOutOfRange: {
          const size_t begin = f.offset >= f.token.size() ? f.offset - f.token.size() : 0;
          return Error{LocOfOffset(text, begin), Tr("number '{0}' is out of range", f.token),
                       Tr("JSON numbers must fit in a double (about 1.8e308); plan numbers are "
                          "small")};
        }
        case Kind::kDuplicateKey:
          return Located(
              text, {Error{{}, Tr("duplicate key '{0}'", f.token), Tr("write each key once")}});
        case Kind::kTooDeep:
          return Error{
              LocOfOffset(text, f.offset > 0 ? f.offset - 1 : 0),
              TrN("the JSON nests deeper than {0} level", "the JSON nests deeper than {0} levels",
                  FlatDoc::kMaxDepth, FlatDoc::kMaxDepth),
              Tr("a plan nests groups a few levels deep")};
        case Kind::kTooLarge:
          return Error{{}, Tr("the plan's text is too large"), ""};
        default: {
          const std::string& what = f.message;
          auto colon = what.find("syntax error");
          return Error{
              LocOfOffset(text, f.offset > 0 ? f.offset - 1 : 0),
              // nlohmann's own words after the prefix stay English.
              Tr("malformed JSON: {0}", colon == std::string::npos ? what : what.substr(colon)),
              ""};
        }
      }
    }
    errors = ReadPlanTree(FlatNode(&doc, doc.root()), &plan);
  }
  PhaseTimer local = timer != nullptr ? *timer : PhaseTimer();
  Result<Plan> r = FinishPlan(std::move(plan), std::move(errors), &local, net);
  if (r.ok()) {
    if (timer != nullptr) *timer = local;
    return r;
  }
  return Located(text, r.errors());
}

std::string SizeText(size_t bytes) {
  if (bytes % (size_t{1} << 20) == 0) return Tr("{0} MiB", bytes >> 20);
  return TrN("{0} byte", "{0} bytes", static_cast<long long>(bytes), bytes);
}

enum class ReadStatus { kOk, kCannotRead, kTooLarge, kNul };

ReadStatus ReadBounded(const std::string& path, std::string* text, size_t max_bytes,
                       size_t* nul_at) {
  text->clear();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return ReadStatus::kCannotRead;
  std::ifstream in(path, std::ios::binary);
  if (!in) return ReadStatus::kCannotRead;
  // A regular file is sized first: one allocation, and a file past the
  // limit is refused unread.
  const bool regular = std::filesystem::is_regular_file(path, ec);
  const auto size = regular && !ec ? std::filesystem::file_size(path, ec) : 0;
  if (regular && !ec) {
    if (size > max_bytes) return ReadStatus::kTooLarge;
    text->reserve(size);
  }
  // Everything else (a FIFO, a device such as /dev/zero) is read in chunks
  // up to the limit; a NUL byte stops it at once.
  std::string chunk(size_t{1} << 16, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    if (const void* nul = std::memchr(chunk.data(), 0, got)) {
      *nul_at = text->size() + static_cast<size_t>(static_cast<const char*>(nul) - chunk.data());
      return ReadStatus::kNul;
    }
    if (text->size() + got > max_bytes) return ReadStatus::kTooLarge;
    text->append(chunk.data(), got);
  }
  return in.bad() ? ReadStatus::kCannotRead : ReadStatus::kOk;
}

}  // namespace

Result<Plan> ReadPlan(const std::string& path, const std::string& text, PhaseTimer* timer,
                      Network* net) {
  if (text.size() > kMaxPlanFileBytes)
    return Error{{},
                 Tr("the plan file is larger than {0}", SizeText(kMaxPlanFileBytes)),
                 Tr("a plan file may hold at most {0}", SizeText(kMaxPlanFileBytes))};
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error{
        {}, Tr("the plan file is empty"), Tr("a plan needs at least 'plan', 'start' and 'tasks'")};
  return LooksLikeJson(path, text) ? ReadJson(text, timer, net) : ReadYaml(text, timer, net);
}

namespace {

// ReadPlanFile, and whether the file could not be read at all.
Errors ReadPlanFileStatus(const std::string& path, std::string* text, size_t max_bytes,
                          bool* cannot_read) {
  size_t nul_at = 0;
  switch (ReadBounded(path, text, max_bytes, &nul_at)) {
    case ReadStatus::kOk:
      return {};
    case ReadStatus::kCannotRead:
      break;
    case ReadStatus::kTooLarge:
      text->clear();
      return {Error{{},
                    Tr("the plan file is larger than {0}", SizeText(max_bytes)),
                    Tr("a plan file may hold at most {0}", SizeText(max_bytes))}};
    case ReadStatus::kNul:
      text->clear();
      return {Error{{},
                    Tr("the plan file holds a NUL byte (at byte {0}): not a text file", nul_at + 1),
                    Tr("a plan is a YAML or JSON text file")}};
  }
  text->clear();
  *cannot_read = true;
  return {Error{{},
                Tr("cannot read the plan file: no such file or not readable"),
                Tr("check the path, or run 'rollout demo' for the built-in plan")}};
}

}  // namespace

Errors ReadPlanFile(const std::string& path, std::string* text, size_t max_bytes) {
  bool cannot_read = false;
  return ReadPlanFileStatus(path, text, max_bytes, &cannot_read);
}

bool ReadFileText(const std::string& path, std::string* text) {
  return ReadPlanFile(path, text).empty();
}

Result<Plan> LoadPlanFile(const std::string& path, PhaseTimer* timer) {
  std::string text;
  bool cannot_read = false;
  Errors errors = ReadPlanFileStatus(path, &text, kMaxPlanFileBytes, &cannot_read);
  if (cannot_read)
    return Error{{},
                 Tr("cannot read plan file '{0}': no such file or not readable", path),
                 Tr("check the path")};
  if (!errors.empty()) return errors;
  return ReadPlan(path, text, timer);
}

std::string RenderErrors(const std::string& path, const std::string& text, const Errors& errors) {
  std::string out;
  for (const Error& e : errors) {
    out += VisibleText(path);
    if (e.loc.line > 0) {
      // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, a false
      // positive) on ":" + std::to_string(...).
      out += ':';
      out += std::to_string(e.loc.line);
      out += ':';
      out += std::to_string(e.loc.col);
    }
    out += ": error: " + VisibleText(e.message) + "\n";
    if (e.loc.line > 0) {
      std::string line = LineOf(text, e.loc.line);
      if (!line.empty()) {
        out += "    " + VisibleText(line) + "\n";
        out += "    " + CaretPadding(line, e.loc.col) + "^\n";
      }
    }
    if (!e.hint.empty()) out += "hint: " + VisibleText(e.hint) + "\n";
  }
  return out;
}

}  // namespace rollout
