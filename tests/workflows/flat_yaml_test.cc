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
  /// |tags|: some scalars are tagged ("!!str 5"), which the fast path leaves
  /// to yaml-cpp, and some keys are not YAML ("'q'0"); without, the
  /// documents are valid unless corrupted.
  explicit RandomYaml(unsigned seed, bool tags = true) : rng_(seed), tags_(tags) {}

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
    return kKeys[Pick(tags_ ? 6 : 5)] + std::string(i % 2 ? "" : "") + std::to_string(i);
  }
  std::string Comment() { return Pick(5) == 0 ? " # note" : ""; }
  std::string Scalar() {
    static const char* const kScalars[] = {
        "t1", "Задача 5", "~", "null", "''", "\"\"", "'a''b'", "\"\\u0416\\n\"", "5d", "-3",
        "2027-01-11", "true", "\"a, b\"", "x y z", "'Ж: ж'", "!!str 5"};
    return kScalars[Pick(tags_ ? 16 : 15)];
  }
  std::mt19937 rng_;
  bool tags_;
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


// ---- Split parses (FlatDoc::YamlThreads): a large plan's `tasks:` list read
// in parts on several threads must give the arrays one thread gives, value
// for value (kinds, scalars, positions, order), or not split at all; and
// where one thread refuses a text the split parse refuses it the same way.

FlatDoc::YamlThreads Parts(unsigned parts) { return {parts, 0}; }

// Whether |text| was read in parts; fails the test when the split parse
// does not give one thread's document (or failure).
bool SplitAgrees(const std::string& text, unsigned parts, size_t budget = kBudget) {
  FlatDoc one, split;
  const bool ok1 = one.ParseYaml(text, budget, Parts(1));
  const bool ok = split.ParseYaml(text, budget, Parts(parts));
  EXPECT_EQ(one.yaml_parts(), 1u);
  EXPECT_EQ(ok, ok1) << text;
  EXPECT_TRUE(split.SameArrays(one)) << "parts " << parts << "\n" << text;
  EXPECT_EQ(split.failure().kind, one.failure().kind) << text;
  EXPECT_EQ(split.failure().message, one.failure().message) << text;
  EXPECT_EQ(split.failure().token, one.failure().token) << text;
  return ok && split.yaml_parts() > 1;
}

// Plans as people write them, in every form the list's items take: block
// maps, flow maps, groups with their own tasks, multi-line plain and quoted
// names, block scalars (some with lines that look like items), comments and
// blank lines between items, empty values last in an item (whose position is
// the next item's '-'), items whose map starts on the next line; the list
// at indentation 0, 2 or 4, with or without keys after it, LF or CR LF.
class RandomPlan {
 public:
  explicit RandomPlan(unsigned seed) : rng_(seed) {}

  std::string Make(int tasks, bool crlf) {
    const std::string n(Pick(3) * 2, ' ');
    std::string out = "# plan\nplan: p" + std::to_string(Pick(100)) + "\nstart: 2027-01-11\n";
    if (Pick(2)) out += "roles:\n  dev: {name: Разработчик}\n";
    out += Pick(4) ? "tasks:\n" : "tasks:   # the work\n\n";
    for (int i = 0; i < tasks; ++i) out += Item(n, i, 0);
    if (Pick(2)) out += Pick(2) ? "# after\n" : "\n";
    if (Pick(2)) out += "people:\n  - id: ivan\n    name: Иван\n    roles: [dev]\n";
    if (Pick(3) == 0) out += "notes:\n";
    if (!crlf) return out;
    std::string dos;
    for (char c : out) dos += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return dos;
  }

 private:
  std::string Item(const std::string& n, int i, int depth) {
    const std::string id = (depth ? "s" : "t") + std::to_string(i);
    const std::string in = n + "  ";
    std::string out;
    switch (Pick(depth ? 4 : 12)) {
      case 0:
        return n + "- {id: " + id + ", name: \"Задача " + id + "\", after: [t0]}\n";
      case 1:
        out = n + "-\n" + in + "id: " + id + "\n";
        break;
      case 2:
        out = n + "- id: " + id + "\n" + in + "name: Длинное\n" + in + "  имя задачи\n";
        break;
      case 3:
        out = n + "- id: " + id + "\n" + in + "notes: |\n" + in + "  строка\n" + in +
              "  - not an item\n" + in + "  # not a comment\n";
        break;
      case 4:
        out = n + "- id: " + id + "\n" + in + "name: \"quoted\n" + in + "  - id: fake\n" + in +
              "  end\"\n";
        break;
      case 5:
        out = n + "- id: " + id + "\n" + in + "notes: >-\n" + in + "  folded\n\n" + in +
              "  text\n";
        break;
      case 6:
        out = n + "- id: " + id + "\n" + in + "tasks:\n";
        for (int k = 0, m = 1 + Pick(3); k < m; ++k) out += Item(in + "  ", i * 10 + k, depth + 1);
        break;
      case 7:
        out = "# between\n" + n + "- id: " + id + "  # trailing\n\n" + in + "  # indented\n";
        break;
      default:
        out = n + "- id: " + id + "\n" + in + "name: Задача " + id + "\n" + in +
              "duration: " + std::to_string(Pick(9)) + "\n";
        if (Pick(2)) out += in + "after:\n" + in + "  - t" + std::to_string(Pick(i + 1)) + "\n";
        break;
    }
    if (Pick(5) == 0) out += in + "deliverable:\n";  // empty, last in the item
    return out;
  }

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::mt19937 rng_;
};

TEST(FlatDoc, YamlSplitGivesOneThreadsArraysOnGeneratedPlans) {
  RandomPlan gen(5);
  int split = 0;
  for (int i = 0; i < 150; ++i) {
    const int tasks = i < 100 ? 2 + i : 100 + 97 * (i - 100);
    const std::string text = gen.Make(tasks, i % 7 == 3);
    for (unsigned parts : {2u, 3u, 5u}) split += SplitAgrees(text, parts);
  }
  // Most generated plans split (the rest are left to one thread: a split at
  // a quoted string's line that looks like an item, or too few items).
  EXPECT_GT(split, 300);
}

TEST(FlatDoc, YamlSplitGivesOneThreadsArraysOnEveryKeptPlan) {
  std::vector<std::filesystem::path> files = {std::filesystem::path(ROLLOUT_SOURCE_DIR) /
                                              "workflows" / "distribution-transition.yaml"};
  for (const auto& e : std::filesystem::recursive_directory_iterator(ROLLOUT_TEST_DATA))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  int split = 0;
  for (const auto& path : files) {
    const std::string text = testing::ReadFile(path.string());
    if (text.size() > (size_t{1} << 20) || text.find('\0') != std::string::npos) continue;
    for (unsigned parts : {2u, 3u, 4u}) split += SplitAgrees(text, parts, 100000 + 4 * text.size());
  }
  EXPECT_GE(split, 10);
}

// Lines that look like items but are not (inside quoted strings, block
// scalars, flow collections, comments), and texts where the parts would
// see something one parser does not (anchors and aliases across parts,
// tags, tabs, a second `tasks:`, several documents): the split parse either
// gives one thread's arrays or leaves the text to one thread.
TEST(FlatDoc, YamlSplitSurvivesAdversarialLines) {
  std::string items;
  for (int i = 0; i < 12; ++i)
    items += "  - id: t" + std::to_string(i) + "\n    duration: " + std::to_string(i) + "\n";
  const std::string head = "plan: p\nstart: 2027-01-11\ntasks:\n";
  const std::vector<std::string> middles = {
      "  - id: q\n    name: \"one\n  - id: fake\n  - id: fake2\n  two\"\n",
      "  - id: q\n    name: 'one\n  - id: fake\n\n  - id: fake2'\n",
      "  - id: q\n    name: \"one\n- id: fake\n  two\"\n",
      "  - id: q\n    notes: |\n      - id: deeper\n  - id: real\n",
      "  - id: q\n    notes: |2\n        x\n  - id: real\n",
      "  - id: q\n    after: [a,\n  - id: fake\n    b]\n",
      "  - id: q\n    after: {a: 1,\n  - b: 2}\n",
      "  - id: q\n  # - id: comment\n#- id: comment\n",
      "  - id: q\n    name: plain\n  - continued\n",
      "  - id: q\n    base: &b {duration: 2}\n  - id: r\n    extra: *b\n",
      "  - id: q\n    extra: *top\n",
      "  - id: q\n    name: !!str tagged\n",
      "  - id: q\n\t- id: tab\n",
      "  - id: q\n  \t  name: tab\n",
      "  -\tid: tab\n",
      "  - id: q\n   - id: odd\n",
      "  - id: q\n - id: less\n",
      "  - id: q\n  id: r\n",
      "  - ? q\n    : r\n",
      "  - id: q\n---\n  - id: r\n",
      "  - id: q\n...\n",
      "  - id: q\n    name: \"unterminated\n",
      "  - [a, b]\n  - - c\n    - d\n  -\n  - ~\n  - 'x'\n",
  };
  const std::vector<std::string> tails = {"", "people: []\n", "tasks:\n  - id: again\n",
                                          "x: *t3\n", "resources:\n  - id: r\n    x: *b\n",
                                          "  indented: 1\n"};
  const std::vector<std::string> heads = {head, "top: &top 1\n" + head,
                                          "title: \"a\ntasks:\n  - x\"\n" + head,
                                          "plan: p\ntasks: # c\n\n# c\n", "plan: p\ntasks:\n"};
  int split = 0;
  for (const std::string& h : heads)
    for (const std::string& m : middles)
      for (const std::string& t : tails)
        for (int at = 0; at <= 12; at += 4) {
          const size_t cut = at < 12 ? items.find("  - id: t" + std::to_string(at)) : items.size();
          const std::string text = h + items.substr(0, cut) + m + items.substr(cut) + t;
          for (unsigned parts : {2u, 3u, 4u, 6u}) split += SplitAgrees(text, parts);
        }
  EXPECT_GT(split, 500);
}

// A quoted string (or a flow collection) opened in the first part's last
// item that one parser reads on over the next part's lines: the first part's
// parser, which goes on with the text after the list, must not close it
// there (it would keep the next part's items, which one parser reads as
// the string's text). The opener is put before every item in turn, so that
// some split falls just after it.
TEST(FlatDoc, YamlSplitDoesNotCloseAStringAfterTheList) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"  - id: q\n    name: \"one\n", "notes: \"\n"},
      {"  - id: q\n    name: 'one\n", "notes: '\n"},
      {"  - id: q\n    after: [one,\n", "notes: ]\n"},
      {"  - id: q\n    after: {one: 1,\n", "notes: }\n"},
      {"  - id: q\n    name: \"one\n", "notes: x\"\n"},
  };
  int one_thread_reads = 0;
  for (const auto& [opener, tail] : cases)
    for (int at = 0; at <= 24; ++at) {
      std::string text = "plan: p\ntasks:\n";
      for (int i = 0; i < 24; ++i) {
        if (i == at) text += opener;
        text += "  - id: t" + std::to_string(i) + "\n    x: 1\n";
      }
      text += tail;
      FlatDoc one;
      one_thread_reads += one.ParseYaml(text, kBudget, Parts(1));
      for (unsigned parts : {2u, 3u, 4u}) SplitAgrees(text, parts);
    }
  EXPECT_GT(one_thread_reads, 20);  // libyaml takes most of them, as one string
}

// Random documents of the shape of a plan: keys, then `tasks:` with items
// made of random blocks (RandomYaml), then keys; half of them corrupted.
TEST(FlatDoc, YamlSplitAgreesOnRandomDocuments) {
  RandomYaml gen(23, /*tags=*/false);
  std::mt19937 rng(29);
  int split = 0, refused = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string n(std::uniform_int_distribution<int>(0, 2)(rng) * 2, ' ');
    std::string text = gen.Block(1, "") + "tasks:\n";
    for (int k = 0, m = std::uniform_int_distribution<int>(4, 12)(rng); k < m; ++k) {
      std::string item = gen.Block(1, n + "  ");
      item.replace(n.size(), 2, "- ");
      text += item;
    }
    text += gen.Block(2, "");
    if (i % 2 == 0) text = gen.Corrupt(text);
    if (i % 4 == 0) text = gen.Corrupt(text);
    const bool s = SplitAgrees(text, 2 + i % 3);
    split += s;
    FlatDoc one;
    refused += !one.ParseYaml(text, kBudget, Parts(1));
  }
  EXPECT_GT(split, 400);
  EXPECT_GT(refused, 300);
}

// The document the plan reader gets by default (the machine's cores, large
// texts only): small plans on one thread; a large one in parts where there
// are cores, and the same arrays.
TEST(FlatDoc, YamlSplitsLargePlansOnly) {
  RandomPlan gen(7);
  const std::string small = gen.Make(50, false);
  ASSERT_LT(small.size(), FlatDoc::kYamlSplitBytes);
  FlatDoc doc;
  ASSERT_TRUE(doc.ParseYaml(small, kBudget));
  EXPECT_EQ(doc.yaml_parts(), 1u);
  std::string large;
  for (int tasks = 2000; large.size() < 2 * FlatDoc::kYamlSplitBytes; tasks *= 2)
    large = gen.Make(tasks, false);
  ASSERT_TRUE(doc.ParseYaml(large, kBudget));
  EXPECT_EQ(doc.yaml_parts(), FlatDoc::DefaultYamlThreads().parts);
  FlatDoc one;
  ASSERT_TRUE(one.ParseYaml(large, kBudget, Parts(1)));
  EXPECT_TRUE(doc.SameArrays(one));
  EXPECT_TRUE(SplitAgrees(large, 2));
}

}  // namespace
}  // namespace rollout
