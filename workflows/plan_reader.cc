#include "workflows/plan_reader.h"

#include <algorithm>
#include <fstream>
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

Result<Plan> FinishPlan(Plan plan, Errors errors, PhaseTimer* timer) {
  if (timer != nullptr) timer->Mark("parse");
  if (errors.empty()) errors = ValidatePlan(plan);
  if (timer != nullptr) timer->Mark("validate");
  if (!errors.empty()) return errors;
  return plan;
}

Result<Plan> ReadYaml(const std::string& text, PhaseTimer* timer) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    return Error{{e.mark.line + 1, e.mark.column + 1}, "malformed YAML: " + e.msg, ""};
  }
  Plan plan;
  Errors errors = ReadPlanTree(YamlNode(root), &plan);
  return FinishPlan(std::move(plan), std::move(errors), timer);
}

Result<Plan> ReadJson(const std::string& text, PhaseTimer* timer) {
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
  Result<Plan> r = FinishPlan(std::move(plan), std::move(errors), timer);
  if (r.ok()) return r;
  // JSON is YAML: read it again through yaml-cpp to put positions on the errors.
  Result<Plan> located = ReadYaml(text, nullptr);
  return located.ok() ? r : located;
}

}  // namespace

Result<Plan> ReadPlan(const std::string& path, const std::string& text, PhaseTimer* timer) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error{{}, "the plan file is empty", "a plan needs at least 'plan', 'start' and 'tasks'"};
  return LooksLikeJson(path, text) ? ReadJson(text, timer) : ReadYaml(text, timer);
}

bool ReadFileText(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
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
    out += path;
    if (e.loc.line > 0) out += ":" + std::to_string(e.loc.line) + ":" + std::to_string(e.loc.col);
    out += ": error: " + e.message + "\n";
    if (e.loc.line > 0) {
      std::string line = LineOf(text, e.loc.line);
      if (!line.empty()) {
        out += "    " + line + "\n";
        out += "    " + CaretPadding(line, e.loc.col) + "^\n";
      }
    }
    if (!e.hint.empty()) out += "hint: " + e.hint + "\n";
  }
  return out;
}

}  // namespace rollout
