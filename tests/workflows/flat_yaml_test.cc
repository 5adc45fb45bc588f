// FlatDoc::ParseYaml, the fast path of the YAML plan reader (libyaml's
// events into flat arrays): where it takes a text it must give exactly the
// tree yaml-cpp gives the reader (kinds, scalars, nulls, key order, every
// value's and key's line and column), and a text yaml-cpp refuses it must
// refuse too, so that the yaml-cpp path reports it.
#include "workflows/flat_doc.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "tests/testing/run_binary.h"
#include "workflows/plan_reader.h"
#include "workflows/source_node.h"

namespace rollout {
namespace {

const size_t kBudget = 1000000;

// yaml-cpp counts columns in bytes, FlatDoc in characters: |loc| in characters.
Loc CharLoc(const std::string& text, Loc loc) {
  if (loc.line <= 0) return loc;
  size_t begin = 0;
  for (int l = 1; l < loc.line && begin != std::string::npos; ++l) {
    begin = text.find('\n', begin);
    if (begin != std::string::npos) ++begin;
  }
  if (begin == std::string::npos) return loc;
  int chars = 1;
  for (size_t i = begin; i < begin + loc.col - 1 && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
  return {loc.line, chars};
}

// One canonical text for a tree: kind letters, positions, scalars as the
// plan reader sees them, members in order.
template <typename Node>
std::string Canon(const std::string& text, const Node& n, bool bytes) {
  const Loc at = bytes ? CharLoc(text, n.loc()) : n.loc();
  const std::string pos = "@" + std::to_string(at.line) + ":" + std::to_string(at.col);
  if (n.IsNull()) return "~" + pos;
  if (n.IsScalar()) return "s" + pos + "(" + n.Scalar() + ")";
  std::string out;
  if (n.IsSeq()) {
    out = "[" + pos;
    for (size_t i = 0; i < n.size(); ++i) out += " " + Canon(text, n.At(i), bytes);
    return out + "]";
  }
  out = "{" + pos;
  n.ForEach([&](const std::string& key, Loc kloc, const Node& v) {
    const Loc k = bytes ? CharLoc(text, kloc) : kloc;
    out += " " + key + "@" + std::to_string(k.line) + ":" + std::to_string(k.col) + "=" +
           Canon(text, v, bytes);
  });
  return out + "}";
}

// What yaml-cpp's tree is, or "refused" when it throws or holds nothing.
std::string ViaYamlCpp(const std::string& text) {
  try {
    const YAML::Node root = YAML::Load(text);
    if (!root.IsDefined() || root.IsNull()) return "refused";
    return Canon(text, YamlNode(root), /*bytes=*/true);
  } catch (const YAML::Exception&) {
    return "refused";
  }
}

std::string ViaFlat(const std::string& text, size_t budget = kBudget) {
  FlatDoc doc;
  if (!doc.ParseYaml(text, budget)) return "refused";
  return Canon(text, FlatNode(&doc, doc.root()), /*bytes=*/false);
}

FlatDoc::Failure::Kind FailureOf(const std::string& text, size_t budget = kBudget) {
  FlatDoc doc;
  EXPECT_FALSE(doc.ParseYaml(text, budget)) << text;
  return doc.failure().kind;
}

TEST(FlatDoc, YamlGivesWhatYamlCppGives) {
  const std::vector<std::string> texts = {
      "plan: p\nstart: 2027-01-11\ntasks:\n  - id: a\n    duration: 2\n  - id: b\n    after: [a]\n",
      "tasks:\n- id: a\n  after:\n  - a\n  - {task: b, type: SS, lag: -2}\n",
      "a: Задача номер 1\nб: «кавычки» — тире\nc: 'it''s'\nd: \"\\u0416\\t\\\"x\\\"\"\n",
      "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: ''\ng: \"\"\nh: nULL\n",
      "k:\n  - \n  - x\n  -\nl: {m: , n: 1}\no: [~, '', null]\np:\n",
      "folded: >\n  one\n  two\n\n  three\nliteral: |\n  Строка 1\n    Строка 2\nkeep: |+\n  x\n\n",
      "plain: multi\n  line\n  plain\nquoted: \"multi\n  line\"\n",
      "base: &b {duration: 2, name: B}\nuse: *b\nlist: &l [1, 2]\nagain: [*l, *l]\ns: &s x\nt: *s\n",
      "# comment\n---\na: 1 # trailing\n...\n",
      "%YAML 1.1\n---\na: b\n",
      "&top\na: [b, {c: d}]\n",
      "- a\n- - b\n  - c\n- d: e\n  f: g\n",
      "d: &anchor\ne: 2027-01-11..2027-01-12\n",
      "{a: 1, b: [x, y], c: {d: e}}",
      "[a, b, {c: d}]",
      "a: \"x\\\n  y\"\nb: 'x\n\n  y'\n",
      "a:    spaced   \nb:\ttabbed value\nc: x\t\n",
      "ключ: значение\nвложенный:\n  ключ2: [один, два]\n",
      "a: \r\nb: c\r\nd:\r\n  - e\r\n",
      "a: 1\nb:\n  c: 2\n  d:\ne: 3\n",
      "tasks:\n  - id: t\n    notes:\n  - id: u\n",
      "x: {a: [1, {b: c}], d: }\n",
      "x: {a, b: c, d}\ny: [a, {b: }, {c}]\n",
      "a: |\n  x\nb: >-\n  y\n  z\n",
      "a: 'Задача' # комментарий\nb: \"Ж\" \n",
  };
  for (const std::string& t : texts) {
    const std::string flat = ViaFlat(t);
    ASSERT_NE(flat, "refused") << t;
    EXPECT_EQ(flat, ViaYamlCpp(t)) << t;
  }
}

// Every YAML plan the tests and the fuzzer keep, and the built-in workflow:
// either the fast path refuses it or it gives yaml-cpp's tree.
TEST(FlatDoc, YamlAgreesWithYamlCppOnEveryKeptPlan) {
  std::vector<std::filesystem::path> files = {std::filesystem::path(ROLLOUT_SOURCE_DIR) /
                                              "workflows" / "distribution-transition.yaml"};
  for (const auto& e : std::filesystem::recursive_directory_iterator(ROLLOUT_TEST_DATA)) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == "" ||
                                e.path().string().find("/fuzz/") != std::string::npos))
      files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  int taken = 0;
  for (const auto& path : files) {
    const std::string text = testing::ReadFile(path.string());
    if (text.size() > (size_t{64} << 10) || text.find('\0') != std::string::npos) continue;
    const std::string flat = ViaFlat(text, 100000 + 4 * text.size());
    if (flat == "refused") continue;
    ++taken;
    EXPECT_EQ(flat, ViaYamlCpp(text)) << path;
  }
  EXPECT_GE(taken, 30);
}

TEST(FlatDoc, YamlLeavesWhatYamlCppReadsDifferentlyToIt) {
  using K = FlatDoc::Failure::Kind;
  EXPECT_EQ(FailureOf("a: 1\nb: 2\na: 3\n"), K::kDuplicateKey);
  EXPECT_EQ(FailureOf("{a: 1, a: 2}"), K::kDuplicateKey);
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += "k" + std::to_string(i) + ": 1, ";
  EXPECT_EQ(FailureOf(many + "k17: 2}"), K::kDuplicateKey);
  EXPECT_EQ(FailureOf("a: *nowhere\n"), K::kAlias);
  EXPECT_EQ(FailureOf("a: &x [1, *x]\n"), K::kAlias);
  EXPECT_EQ(FailureOf("a: 1\n---\nb: 2\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("[a]: 1\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("~: 1\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("a: x\rb: y\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("? a\n: b\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("- ? \"\"\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("a: {b? c: d}\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("a: [x?]\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("a: !!str 5\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("a: !x [b]\n"), K::kUnsupported);
  // Not an explicit key: a question in a name.
  EXPECT_NE(ViaFlat("a: Готово? Да\n"), "refused");
  EXPECT_EQ(FailureOf("a: x\xC2\x85y\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("a: x\xE2\x80\xA8y\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("\xEF\xBB\xBF" "a: 1\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("# nothing\n"), K::kUnsupported);
  EXPECT_EQ(FailureOf("just a scalar\n"), K::kUnsupported);  // a plan is a map
  EXPECT_EQ(FailureOf("a:\n\t- b\n"), K::kSyntax);
  EXPECT_EQ(FailureOf("a: [b\n"), K::kSyntax);
  EXPECT_EQ(FailureOf(std::string(300, '[') + std::string(300, ']')), K::kTooDeep);
  // Aliases count as what they expand to, as the yaml-cpp walk counts.
  const std::string bomb = "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n";
  EXPECT_NE(ViaFlat(bomb, 200), "refused");
  EXPECT_EQ(FailureOf(bomb, 100), K::kAlias);
}

// Random documents in block and flow style, some corrupted: where both
// libraries take one the trees agree, and the fast path never takes a text
// yaml-cpp refuses.
class RandomYaml {
 public:
  explicit RandomYaml(unsigned seed) : rng_(seed) {}

  std::string Block(int depth, const std::string& indent) {
    std::string out;
    const bool seq = Pick(3) == 0;
    for (int i = 0, n = 1 + Pick(4); i < n; ++i) {
      out += indent + (seq ? "- " : Key(i) + ":");
      if (depth < 3 && Pick(3) == 0) {
        out += seq ? "\n" : "\n";
        out += Block(depth + 1, indent + "  ");
      } else {
        out += (seq ? "" : " ") + Flow(depth + 1) + Comment() + "\n";
      }
    }
    return out;
  }

  std::string Flow(int depth) {
    switch (depth < 4 ? Pick(6) : 0) {
      case 0:
      case 1:
      case 2: return Scalar();
      case 3: {
        std::string out = "[";
        for (int i = 0, n = Pick(4); i < n; ++i) out += (i ? ", " : "") + Flow(depth + 1);
        return out + "]";
      }
      default: {
        std::string out = "{";
        for (int i = 0, n = Pick(4); i < n; ++i)
          out += (i ? ", " : "") + Key(i) + ": " + Flow(depth + 1);
        return out + "}";
      }
    }
  }

  std::string Corrupt(std::string text) {
    if (text.empty()) return text;
    const size_t at = std::uniform_int_distribution<size_t>(0, text.size() - 1)(rng_);
    static const char* const kJunk[] = {":", "\t", "- ", "\n", "  ", "#", "'", "\"", "[", "}",
                                        "&a ", "*a", "? ", ",", "|", ">"};
    switch (Pick(3)) {
      case 0: return text.erase(at, 1);
      default: return text.insert(at, kJunk[Pick(16)]);
    }
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string Key(int i) {
    static const char* const kKeys[] = {"id", "name", "после", "duration", "a b", "'q'"};
    return kKeys[Pick(6)] + std::string(i % 2 ? "" : "") + std::to_string(i);
  }
  std::string Comment() { return Pick(5) == 0 ? " # note" : ""; }
  std::string Scalar() {
    static const char* const kScalars[] = {
        "t1", "Задача 5", "~", "null", "''", "\"\"", "'a''b'", "\"\\u0416\\n\"", "5d", "-3",
        "2027-01-11", "true", "\"a, b\"", "x y z", "'Ж: ж'", "!!str 5"};
    return kScalars[Pick(16)];
  }
  std::mt19937 rng_;
};

TEST(FlatDoc, YamlAgreesWithYamlCppOnRandomDocuments) {
  RandomYaml gen(11);
  int agreed = 0, refused_by_both = 0;
  for (int i = 0; i < 10000; ++i) {
    const std::string doc = gen.Block(0, "");
    const std::string text = i % 2 == 0 ? gen.Corrupt(doc) : doc;
    const std::string flat = ViaFlat(text);
    const std::string cpp = ViaYamlCpp(text);
    if (flat == "refused") {
      refused_by_both += cpp == "refused";
      continue;
    }
    ASSERT_EQ(flat, cpp) << text;
    ++agreed;
  }
  EXPECT_GT(agreed, 2000);
  EXPECT_GT(refused_by_both, 500);
}

// Through the plan reader: a plan read by the fast path is the plan the
// yaml-cpp path made (the same text as JSON goes the JSON way), and a plan
// with problems reads as it always did (tests/workflows/plan_reader_test.cc
// holds the messages; here only that both paths meet).
TEST(FlatDoc, YamlPlanReaderFastPathGivesThePositions) {
  const std::string text =
      "plan: p\nstart: 2027-01-11\nroles: {dev: {name: Разработчик}}\n"
      "people:\n  - {id: ivan, name: Иван, roles: [dev]}\n"
      "tasks:\n  - id: g\n    name: Этап\n    tasks:\n      - id: a\n        duration: 2w\n"
      "        needs: {dev: 1}\n      - {name: Ж, id: b, duration: 3, after: [{task: a, type: SS, "
      "lag: 2}]}\n  - id: c\n    duration: 0\n    gate: true\n    after: g\n";
  Result<Plan> r = ReadPlan("p.yaml", text);
  ASSERT_TRUE(r.ok()) << RenderErrors("p.yaml", text, r.errors());
  const Plan& p = r.value();
  ASSERT_EQ(p.tasks.size(), 4u);
  EXPECT_EQ(p.tasks[1].id, "a");
  EXPECT_EQ(p.tasks[1].duration, 10);
  EXPECT_EQ(p.tasks[1].loc.line, 10);
  EXPECT_EQ(p.tasks[1].loc.col, 13);
  EXPECT_EQ(p.tasks[1].needs.at(0).loc.line, 12);
  EXPECT_EQ(p.tasks[1].needs.at(0).loc.col, 17);
  // Columns count characters: "Ж" is two bytes and one column.
  EXPECT_EQ(p.tasks[2].loc.line, 13);
  EXPECT_EQ(p.tasks[2].loc.col, 23);
  EXPECT_EQ(p.tasks[2].after.at(0).loc.col, 54);
  EXPECT_EQ(p.tasks[2].after.at(0).type, LinkType::kSS);
  EXPECT_EQ(p.tasks[2].after.at(0).lag, 2);
  EXPECT_TRUE(p.tasks[3].gate.has_value());
  EXPECT_EQ(p.people.at(0).name, "Иван");
}

}  // namespace
}  // namespace rollout
