// FlatJson, the fast path of the JSON plan reader: where it takes a text it
// must give exactly what nlohmann's DOM gives (values, key order), and it
// must refuse every text nlohmann refuses, so that the slow path reports it.
#include "workflows/flat_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/network.h"
#include "workflows/plan_reader.h"
#include "workflows/source_node.h"

namespace rollout {
namespace {

// One canonical text for a tree: kind letters, scalars as the plan reader
// sees them (JsonNode::Scalar / FlatJsonNode::Scalar), members in order.
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
  FlatJson doc;
  if (!doc.Parse(text)) return "refused";
  return Canon(FlatJsonNode(&doc, doc.root()));
}

TEST(FlatJson, GivesWhatNlohmannGives) {
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

TEST(FlatJson, RefusesWhatNlohmannRefuses) {
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

// Valid JSON that the fast path leaves to nlohmann (which the slow path reads).
TEST(FlatJson, LeavesRepeatedKeysAndBomToTheSlowPath) {
  EXPECT_EQ(ViaFlat(R"({"a":1,"b":2,"a":3})"), "refused");
  EXPECT_EQ(ViaFlat("\xEF\xBB\xBF{}"), "refused");
  EXPECT_EQ(ViaFlat(std::string(300, '[') + std::string(300, ']')), "refused");
}

TEST(FlatJson, Utf8SequenceLength) {
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
// still reads as nlohmann reads it (the last one wins).
TEST(FlatJson, PlanReaderFastPathMatchesYaml) {
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
  ASSERT_TRUE(repeated.ok());
  EXPECT_EQ(repeated.value().tasks[0].id, "b");
}

TEST(FlatJson, ReadPlanHandsOutTheValidatorsNetwork) {
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
