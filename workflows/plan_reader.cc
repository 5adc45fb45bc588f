#include "workflows/plan_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <date/tz.h>

#include "engine/plan_validator.h"
#include "engine/spellcheck.h"
#include "workflows/source_node.h"
#include "workflows/text_width.h"

namespace rollout {

template <typename Node>
Errors ReadPlanTree(const Node& root, Plan* plan);  // plan_tree_reader.cc

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

// yaml-cpp keeps both entries of a repeated map key; a plan must not.
void FindDuplicateKeys(const YAML::Node& node, Errors* errors) {
  if (node.IsSequence()) {
    for (const YAML::Node& e : node) FindDuplicateKeys(e, errors);
    return;
  }
  if (!node.IsMap()) return;
  std::vector<std::pair<std::string, YAML::Mark>> seen;
  for (const auto& kv : node) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key; });
    const YAML::Mark m = kv.first.Mark();
    if (it != seen.end() && kv.first.IsScalar())
      errors->push_back({{m.line + 1, m.column + 1},
                         "duplicate key '" + key + "'",
                         "the first is at line " + std::to_string(it->second.line + 1) +
                             "; write each key once"});
    else
      seen.emplace_back(key, m);
    FindDuplicateKeys(kv.second, errors);
  }
}

Result<Plan> ReadYaml(const std::string& text, PhaseTimer* timer, Network* net) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    return WithCharColumns(text, Error{AtText(text, {e.mark.line + 1, e.mark.column + 1}),
                                       "malformed YAML: " + e.msg, ""});
  }
  Plan plan;
  Errors errors = ReadPlanTree(YamlNode(root), &plan);
  FindDuplicateKeys(root, &errors);
  return WithCharColumns(text, FinishPlan(std::move(plan), std::move(errors), timer, net));
}

// The fast path: FlatJson instead of nlohmann's DOM, for valid plans only.
// Anything it does not take, and any error, leaves the answer to the slow
// path below, so that messages stay exactly as they were.
std::optional<Plan> ReadJsonFast(const std::string& text, PhaseTimer* timer, Network* net) {
  Plan plan;
  {
    FlatJson doc;
    if (!doc.Parse(text)) return std::nullopt;
    if (!ReadPlanTree(FlatJsonNode(&doc, doc.root()), &plan).empty()) return std::nullopt;
  }  // the document is freed before validation
  PhaseTimer local = timer != nullptr ? *timer : PhaseTimer();
  Result<Plan> r = FinishPlan(std::move(plan), {}, &local, net);
  if (!r.ok()) return std::nullopt;
  if (timer != nullptr) *timer = local;
  return std::move(r.value());
}

Result<Plan> ReadJson(const std::string& text, PhaseTimer* timer, Network* net) {
  if (std::optional<Plan> fast = ReadJsonFast(text, timer, net)) return std::move(*fast);
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    auto colon = what.find("syntax error");
    return Error{LocOfOffset(text, e.byte > 0 ? e.byte - 1 : 0),
                 "malformed JSON: " + (colon == std::string::npos ? what : what.substr(colon)),
                 ""};
  }
  Plan plan;
  Errors errors = ReadPlanTree(JsonNode(&root), &plan);
  Result<Plan> r = FinishPlan(std::move(plan), std::move(errors), timer, net);
  if (r.ok()) return r;
  // JSON is YAML: read it again through yaml-cpp to put positions on the errors.
  Result<Plan> located = ReadYaml(text, nullptr, nullptr);
  return located.ok() ? r : located;
}

}  // namespace

Result<Plan> ReadPlan(const std::string& path, const std::string& text, PhaseTimer* timer,
                      Network* net) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error{{}, "the plan file is empty", "a plan needs at least 'plan', 'start' and 'tasks'"};
  return LooksLikeJson(path, text) ? ReadJson(text, timer, net) : ReadYaml(text, timer, net);
}

bool ReadFileText(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  // A regular file is read in one go into a string of its size (a 100 MB
  // plan would otherwise be copied through a growing stringstream).
  std::error_code ec;
  const auto size = std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec)
                                                                : 0;
  if (!ec && size > 0) {
    text->resize(size);
    if (in.read(text->data(), static_cast<std::streamsize>(size)) &&
        in.peek() == std::ifstream::traits_type::eof())
      return true;
    in.clear();
    in.seekg(0);  // it changed under us: read it the general way
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  *text = std::move(ss).str();
  return !in.bad();
}

Result<Plan> LoadPlanFile(const std::string& path, PhaseTimer* timer) {
  std::string text;
  if (!ReadFileText(path, &text))
    return Error{{}, "cannot read plan file '" + path + "': no such file or not readable",
                 "check the path"};
  return ReadPlan(path, text, timer);
}

std::string RenderErrors(const std::string& path, const std::string& text, const Errors& errors) {
  std::string out;
  for (const Error& e : errors) {
    out += VisibleText(path);
    if (e.loc.line > 0) out += ":" + std::to_string(e.loc.line) + ":" + std::to_string(e.loc.col);
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
