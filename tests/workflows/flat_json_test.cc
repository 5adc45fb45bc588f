// FlatDoc::ParseJson, the fast path of the JSON plan reader (nlohmann's SAX parser
// into flat arrays): where it takes a text it must give exactly what
// nlohmann's DOM gives (values, key order), and it must refuse every text
// nlohmann refuses, so that the slow path reports it.
#include "workflows/flat_doc.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/network.h"
#include "workflows/plan_reader.h"
#include "workflows/source_node.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

// One canonical text for a tree: kind letters, scalars as the plan reader
// sees them (JsonNode::Scalar / FlatNode::Scalar), members in order.
template <typename Node>
std::string Canon(const Node& n) {
  if (n.IsNull()) return "~";
  if (n.IsScalar()) return "s(" + n.Scalar() + ")";
  std::string out;
  if (n.IsSeq()) {
    out = "[";
    for (size_t i = 0; i < n.size(); ++i) out += Canon(n.At(i)) + ",";
    return out + "]";
  }
  out = "{";
  n.ForEach([&](const std::string& key, Loc, const Node& v) { out += key + ":" + Canon(v) + ","; });
  return out + "}";
}

std::string ViaNlohmann(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text);
  return Canon(JsonNode(&j));
}

std::string ViaFlat(const std::string& text) {
  FlatDoc doc;
  if (!doc.ParseJson(text)) return "refused";
  return Canon(FlatNode(&doc, doc.root()));
}

TEST(FlatDoc, JsonGivesWhatNlohmannGives) {
  const std::vector<std::string> texts = {
      R"({"b":1,"a":[true,false,null],"c":{"z":"x","y":{}},"d":[]})",
      R"( {"plan" : "p", "tasks":[{"id":"t1","duration":"2w","after":["t0",{"task":"t2","type":"ss","lag":-3}]}]} )",
      R"(["Задача", "\u0410\u0431", "\ud83d\ude00", "tab\there", "q\"b\\s\/", "\b\f\n\r", "\u0000x"])",
      R"([0, -7, 18446744073, 999999999999999999, -999999999999999999])",
      R"([-0, 1.5, 1e3, 2E-2, 0.1, 12345678901234567890, -9223372036854775809, 1.0])",
      R"({"é":1,"e":2,"E":3,"ё":4,"":5})",
      "\"just a string\"",
      "42",
      "[[[[[[]]]]]]",
  };
  for (const std::string& t : texts) EXPECT_EQ(ViaFlat(t), ViaNlohmann(t)) << t;
}

bool ByRapidJson(const std::string& text) {
  FlatDoc doc;
  return doc.ParseJson(text) && doc.rapidjson();
}

// RapidJSON reads every ordinary text; what it would take and nlohmann would
// not (a lone low surrogate, an infinite number) is refused, and a text with
// a NUL or one it refuses and nlohmann takes (a byte-order mark) goes to nlohmann.
TEST(FlatDoc, JsonFastPathIsRapidJsonAndRefusesWhereNlohmannDiffers) {
  EXPECT_TRUE(ByRapidJson(R"({"plan":"p","tasks":[{"id":"t1","name":"Задача","duration":3}]})"));
  EXPECT_TRUE(ByRapidJson(R"(["\u0410", "q\"b", 1e3, -0, 18446744073709551616])"));
  // A byte-order mark: RapidJSON refuses it, nlohmann skips it.
  const std::string bom = "\xEF\xBB\xBF[1]";
  FlatDoc doc;
  ASSERT_TRUE(doc.ParseJson(bom));
  EXPECT_FALSE(doc.rapidjson());
  // A lone low surrogate decodes to bytes that are not UTF-8: nlohmann refuses.
  EXPECT_EQ(ViaFlat(R"(["\udc00"])"), "refused");
  EXPECT_EQ(ViaFlat(R"({"\udfff":1})"), "refused");
  // A NUL byte: left to nlohmann, whatever it makes of it (it ends the input there).
  const std::string nul("[1]\0x", 5);
  EXPECT_EQ(ViaFlat(nul), ViaNlohmann(nul));
  EXPECT_FALSE(ByRapidJson(nul));
  // Too large for a double: refused as out of range, as nlohmann says.
  for (const std::string huge : {"[1e999]", "[-1e400]"}) {
    FlatDoc big;
    EXPECT_FALSE(big.ParseJson(huge));
    EXPECT_EQ(big.failure().kind, FlatDoc::Failure::Kind::kOutOfRange) << huge;
  }
  EXPECT_EQ(ViaFlat("[1e-400, 123456789012345678901234567890, -99999999999999999999]"),
            ViaNlohmann("[1e-400, 123456789012345678901234567890, -99999999999999999999]"));
  // Nested past the limit: refused as too deep, as before.
  const std::string deep = std::string(FlatDoc::kMaxDepth + 1, '[') +
                           std::string(FlatDoc::kMaxDepth + 1, ']');
  FlatDoc d;
  EXPECT_FALSE(d.ParseJson(deep));
  EXPECT_EQ(d.failure().kind, FlatDoc::Failure::Kind::kTooDeep);
}

// Keys and small integers are stored once and shared; strings without
// escapes are read in place. The values stay what nlohmann gives, however
// many distinct keys (past the table of shared ones) and however long.
TEST(FlatDoc, JsonSharedKeysAndNumbersKeepTheirValues) {
  std::string many = "{";
  for (int i = 0; i < 600; ++i)
    many += (i ? ",\"" : "\"") + std::string(i % 7 == 0 ? 40 : 1, 'k') + std::to_string(i) +
            "\":" + std::to_string(i * 37 - 3000);
  many += "}";
  EXPECT_EQ(ViaFlat(many), ViaNlohmann(many));
  std::string tasks = "[";
  for (int i = 0; i < 2000; ++i)
    tasks += std::string(i ? "," : "") + R"({"id":"t)" + std::to_string(i) +
             R"(","name":"Задача \u0031","duration":)" + std::to_string(i % 9) + "}";
  tasks += "]";
  EXPECT_EQ(ViaFlat(tasks), ViaNlohmann(tasks));
  EXPECT_TRUE(ByRapidJson(tasks));
}

// Random documents (unique keys, escapes, UTF-8, numbers of every form) and
// random corruptions of them: the fast path must agree with nlohmann on
// every valid one and refuse every one nlohmann refuses.
class RandomJson {
 public:
  explicit RandomJson(unsigned seed) : rng_(seed) {}

  std::string Value(int depth) {
    switch (Pick(depth > 3 ? 4 : 6)) {
      case 0: return String();
      case 1: return Number();
      case 2: return Pick(3) == 0 ? "null" : Pick(2) ? "true" : "false";
      case 3: return String();
      case 4: {
        std::string out = "[";
        for (int i = 0, n = Pick(4); i < n; ++i) out += (i ? "," : "") + Space() + Value(depth + 1);
        return out + "]";
      }
      default: {
        std::string out = "{";
        for (int i = 0, n = Pick(5); i < n; ++i)
          out += (i ? "," : "") + Space() + "\"k" + std::to_string(i) + (Pick(2) ? "é" : "") +
                 "\"" + Space() + ":" + Value(depth + 1);
        return out + Space() + "}";
      }
    }
  }

  std::string Corrupt(std::string text) {
    if (text.empty()) return "x";
    const size_t at = static_cast<size_t>(Pick(static_cast<int>(text.size())));
    switch (Pick(3)) {
      case 0: return text.substr(0, at);
      case 1: text[at] = "\"\\,:[]{}\x01\xC3\xFF" "0e-."[Pick(15)]; return text;
      default: return text.insert(at, 1, ',');
    }
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string Space() { return Pick(4) == 0 ? " \n\t" : ""; }
  std::string String() {
    static const char* const kPieces[] = {"a", "Я", "😀", "\\n", "\\\"", "\\u0416", "\\ud83d\\ude00",
                                          "\\/", "\\\\", "\x7F", " ", "t1"};
    std::string out = "\"";
    for (int i = 0, n = Pick(5); i < n; ++i) out += kPieces[Pick(12)];
    return out + "\"";
  }
  std::string Number() {
    static const char* const kNumbers[] = {"0", "-0", "7", "-12", "3.25", "1e5", "-2E-3", "0.0",
                                           "123456789012345678", "1234567890123456789",
                                           "99999999999999999999", "-9223372036854775808"};
    return kNumbers[Pick(12)];
  }
  std::mt19937 rng_;
};

TEST(FlatDoc, JsonAgreesWithNlohmannOnRandomDocuments) {
  RandomJson gen(7);
  int valid = 0, invalid = 0, fast = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string doc = gen.Value(0);
    const std::string text = i % 3 == 0 ? gen.Corrupt(doc) : doc;
    if (nlohmann::json::accept(text)) {
      ++valid;
      const std::string flat = ViaFlat(text);
      if (ByRapidJson(text)) ++fast;
      // Only a corruption can repeat a key (k1 -> k0), which the fast path
      // leaves to nlohmann; a generated document has unique keys.
      if (flat == "refused" && i % 3 == 0) continue;
      ASSERT_EQ(flat, ViaNlohmann(text)) << text;
    } else {
      ++invalid;
      ASSERT_EQ(ViaFlat(text), "refused") << text;
    }
  }
  EXPECT_GT(valid, 1500);
  EXPECT_GT(invalid, 300);
  EXPECT_GT(fast, valid * 9 / 10);  // RapidJSON read them, not the nlohmann fallback
}

TEST(FlatDoc, JsonRefusesWhatNlohmannRefuses) {
  const std::vector<std::string> texts = {
      "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[01]", "[1.]", "[.5]", "[1e]", "[+1]", "[tru]",
      "[nul]", "\"abc", "[\"a\x01\"]", "[\"\\x\"]", "[\"\\u12\"]", "[\"\\ud800\"]",
      "[\"\\udc00\"]", "[\"\xC0\xAF\"]", "[\"\xED\xA0\x80\"]", "[\"\xF5\x80\x80\x80\"]",
      "[\"\xD0\"]", "[1] x", "{'a':1}", "[1 2]", "",
  };
  for (const std::string& t : texts) {
    EXPECT_EQ(ViaFlat(t), "refused") << t;
    EXPECT_FALSE(nlohmann::json::accept(t)) << t;
  }
}

// A repeated key is valid JSON that FlatDoc::ParseJson refuses (the plan reader then
// reports it, positioned); a BOM and deep nesting it takes as the DOM does.
TEST(FlatDoc, JsonLeavesRepeatedKeysToTheSlowPath) {
  EXPECT_EQ(ViaFlat(R"({"a":1,"b":2,"a":3})"), "refused");
  EXPECT_EQ(ViaFlat("\xEF\xBB\xBF{\"a\":1}"), ViaNlohmann("\xEF\xBB\xBF{\"a\":1}"));
  const std::string deep = std::string(300, '[') + std::string(300, ']');
  EXPECT_EQ(ViaFlat(deep), ViaNlohmann(deep));
}

TEST(TextWidth, Utf8SequenceLength) {
  auto len = [](const std::string& s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    return Utf8SequenceLength(p, p + s.size());
  };
  EXPECT_EQ(len("Ж"), 2u);
  EXPECT_EQ(len("€"), 3u);
  EXPECT_EQ(len("😀"), 4u);
  EXPECT_EQ(len("\xD0"), 0u);          // cut short
  EXPECT_EQ(len("\xC1\x81"), 0u);      // overlong
  EXPECT_EQ(len("\xED\xA0\x80"), 0u);  // a surrogate
  EXPECT_EQ(len("\xF4\x90\x80\x80"), 0u);  // past U+10FFFF
}

// Through the plan reader: a JSON plan read by the fast path equals the one
// the YAML reader makes of the same text (JSON is YAML), and a repeated key
// is refused with its position, as in YAML (it used to read as nlohmann reads
// it, the last one winning).
TEST(FlatDoc, JsonPlanReaderFastPathMatchesYaml) {
  const std::string text =
      R"({"tasks":[{"id":"g","name":"Этап","tasks":[{"id":"a","duration":"2w"},)"
      R"({"id":"b","duration":3,"after":[{"task":"a","type":"SS","lag":2}]}]},)"
      R"({"id":"c","duration":0,"gate":true,"after":"g"}],"plan":"p","start":"2027-01-11",)"
      R"("roles":{"z":{"name":"Z"},"a":{}}})";
  Result<Plan> json = ReadPlan("p.json", text);
  Result<Plan> yaml = ReadPlan("p.yaml", text);
  ASSERT_TRUE(json.ok());
  ASSERT_TRUE(yaml.ok());
  const Plan& j = json.value();
  ASSERT_EQ(j.tasks.size(), 4u);
  for (size_t i = 0; i < j.tasks.size(); ++i) {
    EXPECT_EQ(j.tasks[i].id, yaml.value().tasks[i].id);
    EXPECT_EQ(j.tasks[i].duration, yaml.value().tasks[i].duration);
    EXPECT_EQ(j.tasks[i].after.size(), yaml.value().tasks[i].after.size());
  }
  EXPECT_EQ(j.tasks[1].duration, 10);
  EXPECT_EQ(j.tasks[2].after[0].type, LinkType::kSS);
  EXPECT_EQ(j.tasks[2].after[0].lag, 2);
  EXPECT_TRUE(j.tasks[3].gate.has_value());
  ASSERT_EQ(j.roles.size(), 2u);
  EXPECT_EQ(j.roles[0].id, "a");  // nlohmann's sorted order, as before

  Result<Plan> repeated =
      ReadPlan("r.json", R"({"plan":"p","start":"2027-01-11","tasks":[{"id":"a","duration":1,"id":"b"}]})");
  ASSERT_FALSE(repeated.ok());
  ASSERT_EQ(repeated.errors().size(), 1u);
  EXPECT_EQ(repeated.errors()[0].message, "duplicate key 'id'");
  EXPECT_EQ(repeated.errors()[0].loc.line, 1);
  EXPECT_EQ(repeated.errors()[0].loc.col, 66);
}

TEST(FlatDoc, JsonReadPlanHandsOutTheValidatorsNetwork) {
  const std::string text =
      R"({"plan":"p","start":"2027-01-11","tasks":[{"id":"a","duration":1},)"
      R"({"id":"b","duration":2,"after":["a"]},{"id":"c","duration":1,"after":["a","b"]}]})";
  Network net;
  Result<Plan> r = ReadPlan("p.json", text, nullptr, &net);
  ASSERT_TRUE(r.ok());
  Result<Network> again = BuildNetwork(r.value(), IndexTasks(r.value()));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(net.size(), 3u);
  EXPECT_EQ(boost::num_edges(net.graph), 3u);
  EXPECT_EQ(net.topo, again.value().topo);
  EXPECT_EQ(net.node_task, again.value().node_task);

  Network none;
  EXPECT_FALSE(ReadPlan("bad.json", R"({"plan":"p","start":"2027-01-11","tasks":[{"id":"a"}]})",
                        nullptr, &none)
                   .ok());
  EXPECT_EQ(none.size(), 0u);
}

}  // namespace
}  // namespace rollout
