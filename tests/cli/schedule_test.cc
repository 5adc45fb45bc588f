// The worked examples of the contract: `rollout schedule X.yaml --json` must
// print X.json (key order, whitespace and `name` fields aside).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <sstream>

#include "tests/testing/run_binary.h"

namespace rollout {
namespace {

using testing::ExamplesPath;
using testing::ReadFile;
using testing::Rollout;

nlohmann::json WithoutNames(nlohmann::json j) {
  for (auto& t : j["tasks"]) t.erase("name");
  return j;
}

class ExampleTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleTest, ScheduleJsonMatchesContract) {
  const std::string name = GetParam();
  auto r = Rollout({"schedule", ExamplesPath(name + ".yaml"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json got = WithoutNames(nlohmann::json::parse(r.out));
  nlohmann::json want = WithoutNames(nlohmann::json::parse(ReadFile(ExamplesPath(name + ".json"))));
  EXPECT_EQ(got, want) << nlohmann::json::diff(want, got).dump(1);
}

// The plan as JSON (converted from the YAML here) must give the same schedule.
nlohmann::json ToJson(const YAML::Node& n) {
  if (n.IsMap()) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& kv : n) j[kv.first.Scalar()] = ToJson(kv.second);
    return j;
  }
  if (n.IsSequence()) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& e : n) j.push_back(ToJson(e));
    return j;
  }
  if (n.IsNull()) return nullptr;
  const std::string s = n.Scalar();
  const bool integer = !s.empty() && s.find_first_not_of("0123456789", s[0] == '-' ? 1 : 0) ==
                                          std::string::npos;
  if (n.Tag() != "!" && integer) return std::stol(s);
  if (n.Tag() != "!" && (s == "true" || s == "false")) return s == "true";
  return s;
}

TEST_P(ExampleTest, JsonPlanGivesTheSameSchedule) {
  const std::string name = GetParam();
  testing::ScopedTempDir tmp;
  const std::string plan_json = ToJson(YAML::LoadFile(ExamplesPath(name + ".yaml"))).dump(1);
  auto r = Rollout({"schedule", tmp.Write(name + ".json", plan_json), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json got = WithoutNames(nlohmann::json::parse(r.out));
  nlohmann::json want = WithoutNames(nlohmann::json::parse(ReadFile(ExamplesPath(name + ".json"))));
  EXPECT_EQ(got, want) << nlohmann::json::diff(want, got).dump(1);
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleTest,
                         ::testing::Values("constraints", "fs-101", "mixed-102", "mixed-103",
                                           "psplibish-104"));

TEST(ScheduleCli, TableAlignsCyrillicNames) {
  auto r = Rollout({"schedule", ExamplesPath("constraints.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Оценка партнёров"), std::string::npos);
  // Every task row puts its start date at the same display column.
  size_t col = std::string::npos;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    auto p = line.find("2027-");
    if (p == std::string::npos || line.rfind("finish ", 0) == 0) continue;
    size_t width = 0;
    for (size_t i = 0; i < p; ++i) width += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
    if (col == std::string::npos) col = width;
    EXPECT_EQ(width, col) << line;
  }
}

}  // namespace
}  // namespace rollout
