// The worked examples of the contract: `rollout schedule X.yaml --json` must
// print X.json (key order, whitespace and `name` fields aside).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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

TEST_P(ExampleTest, JsonPlanGivesTheSameSchedule) {
  // The same plan as JSON (converted here) must schedule identically.
  const std::string name = GetParam();
  auto yaml = Rollout({"schedule", ExamplesPath(name + ".yaml"), "--json"});
  ASSERT_EQ(yaml.exit_code, 0) << yaml.err;
  EXPECT_FALSE(yaml.out.empty());
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
