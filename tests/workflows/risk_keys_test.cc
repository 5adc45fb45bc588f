// The keys of plan-format.md §8 through the real reader, YAML and JSON: a
// leaf task's `estimate` and the plan's `risk` (docs/risk.md "Decisions").
// Error tests compare the whole rendered text.
#include <gtest/gtest.h>

#include <string>

#include "engine/plan_validator.h"
#include "tests/testing/plan_text.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

std::string Check(const std::string& text, const std::string& path = "plan.yaml") {
  return testing::CheckPlanText(text, path);
}
Plan Read(const std::string& text, const std::string& path = "plan.yaml") {
  return testing::ReadPlanText(text, path);
}

const char kHead[] = "plan: p\nstart: 2027-01-11\n";

TEST(RiskKeys, EstimateGivesTheDurationAndKeepsItsPoints) {
  const Plan p = Read(std::string(kHead) +
                      "tasks:\n"
                      "  - {id: a, estimate: {min: 1w, likely: \"8d\", max: 3w}}\n"
                      "  - {id: b, duration: 4, estimate: {min: 0, likely: 4, max: 4}}\n"
                      "  - {id: c, duration: 2}\n");
  ASSERT_EQ(p.tasks.size(), 3u);
  ASSERT_TRUE(p.tasks[0].estimate);
  EXPECT_EQ(p.tasks[0].estimate->min, 5);
  EXPECT_EQ(p.tasks[0].estimate->likely, 8);
  EXPECT_EQ(p.tasks[0].estimate->max, 15);
  EXPECT_EQ(p.tasks[0].duration, 8);
  EXPECT_TRUE(p.tasks[0].has_duration);
  EXPECT_EQ(p.tasks[1].duration, 4);
  EXPECT_EQ(p.tasks[1].estimate->min, 0);
  EXPECT_FALSE(p.tasks[2].estimate);
  EXPECT_EQ(p.risk.distribution, RiskDistribution::kTriangular);  // the defaults
  EXPECT_EQ(p.risk.iterations, 10000);
  EXPECT_EQ(p.risk.seed, 1u);
}

TEST(RiskKeys, RiskSettings) {
  const Plan p =
      Read(std::string(kHead) +
           "risk: {distribution: pert, iterations: 1000000, seed: 18446744073709551615}\n"
           "tasks: [{id: a, duration: 1}]\n");
  EXPECT_EQ(p.risk.distribution, RiskDistribution::kPert);
  EXPECT_EQ(p.risk.iterations, kMaxRiskIterations);
  EXPECT_EQ(p.risk.seed, 18446744073709551615u);
}

TEST(RiskKeys, JsonPlanReadsTheSameKeys) {
  const Plan p = Read(R"({"plan": "p", "start": "2027-01-11",
  "risk": {"distribution": "pert", "iterations": 500, "seed": 9},
  "tasks": [{"id": "a", "estimate": {"min": 2, "likely": 3, "max": "2w"}}]})",
                      "plan.json");
  EXPECT_EQ(p.risk.distribution, RiskDistribution::kPert);
  EXPECT_EQ(p.risk.iterations, 500);
  EXPECT_EQ(p.risk.seed, 9u);
  ASSERT_TRUE(p.tasks[0].estimate);
  EXPECT_EQ(p.tasks[0].estimate->max, 10);
  EXPECT_EQ(p.tasks[0].duration, 3);
}

TEST(RiskKeys, JsonErrorsArePositionedToo) {
  // JSON members come sorted ("estimate" before "id"): the checks wait for the id.
  EXPECT_EQ(Check("{\"plan\": \"p\", \"start\": \"2027-01-11\", \"tasks\": [\n"
                  "  {\"id\": \"a\", \"estimate\": {\"min\": 4, \"likely\": 3, \"max\": 5}}]}\n",
                  "plan.json"),
            "plan.json:2:27: error: the estimate of task 'a' is not min <= likely <= max: min 4, "
            "likely 3, max 5\n"
            "      {\"id\": \"a\", \"estimate\": {\"min\": 4, \"likely\": 3, \"max\": 5}}]}\n"
            "                              ^\n"
            "hint: give the shortest, the most likely and the longest duration, in that order\n");
}

TEST(RiskKeys, AllZeroEstimateIsAMilestone) {
  EXPECT_EQ(
      Check(std::string(kHead) + "tasks:\n  - {id: m, estimate: {min: 0, likely: 0, max: 0}}\n"),
      "plan.yaml:4:23: error: the estimate of task 'm' has max 0\n"
      "      - {id: m, estimate: {min: 0, likely: 0, max: 0}}\n"
      "                          ^\n"
      "hint: a task that takes no time is a milestone: write 'duration: 0' and no estimate\n");
}

TEST(RiskKeys, BadScalarsInRisk) {
  EXPECT_EQ(Check(std::string(kHead) +
                  "risk: {seed: -1, iterations: many}\ntasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:3:14: error: expected a whole number 0..18446744073709551615 for 'seed', "
            "got '-1'\n"
            "    risk: {seed: -1, iterations: many}\n"
            "                 ^\n"
            "plan.yaml:3:30: error: expected an integer for 'iterations', got 'many'\n"
            "    risk: {seed: -1, iterations: many}\n"
            "                                 ^\n");
  EXPECT_EQ(Check(std::string(kHead) + "risk: pert\ntasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:3:7: error: expected a map {distribution, iterations, seed} for 'risk', got "
            "a scalar\n"
            "    risk: pert\n"
            "          ^\n"
            "hint: write risk: {distribution: triangular, iterations: 10000, seed: 1}\n");
}

TEST(RiskKeys, MaxDurationsMustStayBefore9999) {
  // 2027..9999 holds about 2.08 million working days: 25 tasks in a row of
  // 1 likely day fit easily, at their max of 100000 days each they do not.
  std::string yaml = std::string(kHead) + "tasks:\n";
  for (int i = 0; i < 25; ++i) {
    yaml += "  - {id: t" + std::to_string(i) + ", estimate: {min: 1, likely: 1, max: 100000}" +
            (i > 0 ? ", after: [t" + std::to_string(i - 1) + "]" : std::string()) + "}\n";
  }
  const std::string err = Check(yaml);
  EXPECT_NE(err.find("would finish after 9999-12-31"), std::string::npos) << err;
}

}  // namespace
}  // namespace rollout
