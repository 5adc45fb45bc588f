// `rollout risk`, run as the real binary: the JSON of plan-format.md §8 on
// tests/data/risk_small.{yaml,json}, byte-identical output whatever the
// threads, the text report, refused plans (exit 2, FILE:LINE:COL) and the
// database path (the forecast at now, done work at its actuals).
//
// risk_small: audit.sales (3/5/10), audit.partners (2/4/12) and audit.stock
// (3, fixed) side by side, then gate1 (deadline Fri 2027-01-22), then
// rollout (1w/2w/4w, deadline Fri 2027-02-19). Day 0 is Monday 2027-01-11;
// deterministically F = 5 + 10 = 15: the last working day is offset 14,
// Friday 2027-01-29.
#include <gtest/gtest.h>

#include "tests/testing/test_db.h"

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/db_fixture.h"
#include "tests/testing/run_binary.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

using nlohmann::json;
using testing::DataPath;
using testing::ReadFile;
using testing::Rollout;
using testing::RolloutIn;
using testing::RunResult;

const std::string kDataDir = DataPath("");

json RiskJson(const std::vector<std::string>& args) {
  RunResult r = RolloutIn(kDataDir, args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  return json::parse(r.out);
}

TEST(RiskCli, JsonHasTheShapeOfTheContract) {
  const json j = RiskJson({"risk", "risk_small.yaml", "--json"});
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"deadlines", "deterministic_finish", "distribution",
                                            "finish", "iterations", "plan", "probability_on_time",
                                            "seed", "tasks"}));
  EXPECT_EQ(j["plan"], "risk-small");
  EXPECT_EQ(j["iterations"], 4000);  // the plan's risk settings
  EXPECT_EQ(j["seed"], 7);
  EXPECT_EQ(j["distribution"], "triangular");
  EXPECT_EQ(j["deterministic_finish"], "2027-01-29");
  const json& f = j["finish"];
  // Every estimate's mean lies above its likely value: the finish moves later.
  EXPECT_LE(f["p10"].get<std::string>(), f["p50"].get<std::string>());
  EXPECT_LT(f["p50"].get<std::string>(), f["p90"].get<std::string>());
  EXPECT_LE(f["p80"].get<std::string>(), f["p90"].get<std::string>());
  EXPECT_GT(f["p50"].get<std::string>(), "2027-01-29");
  EXPECT_GT(f["mean_duration"].get<double>(), 16.0);
  const double on_time = j["probability_on_time"]["deterministic"];
  EXPECT_GT(on_time, 0.0);
  EXPECT_LT(on_time, 0.5);
  EXPECT_FALSE(j["probability_on_time"].contains("baseline"));  // no database
  ASSERT_EQ(j["deadlines"].size(), 2u);
  EXPECT_EQ(j["deadlines"][0]["task"], "gate1");
  EXPECT_EQ(j["deadlines"][0]["deadline"], "2027-01-22");
  EXPECT_EQ(j["deadlines"][1]["task"], "rollout");
  EXPECT_GT(j["deadlines"][1]["probability"].get<double>(), 0.9);  // 5 weeks of room
  // Leaf tasks in plan order; the fixed audit.stock never drives the finish.
  ASSERT_EQ(j["tasks"].size(), 5u);
  EXPECT_EQ(j["tasks"][0]["id"], "audit.sales");
  EXPECT_EQ(j["tasks"][2]["id"], "audit.stock");
  EXPECT_EQ(j["tasks"][2]["cruciality"], 0);
  EXPECT_EQ(j["tasks"][4]["id"], "rollout");
  EXPECT_EQ(j["tasks"][4]["criticality"], 1);  // every path passes through it
  EXPECT_GT(j["tasks"][4]["cruciality"].get<double>(), j["tasks"][0]["cruciality"].get<double>());
}

TEST(RiskCli, SameSeedSameBytesWithOneAndTwoThreads) {
  RunResult one = RolloutIn(kDataDir, {"risk", "risk_small.yaml", "--json", "--threads", "1"});
  RunResult two = RolloutIn(kDataDir, {"risk", "risk_small.yaml", "--json", "--threads", "2"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(one.out, two.out);
  RunResult other = RolloutIn(kDataDir, {"risk", "risk_small.yaml", "--json", "--seed", "8"});
  EXPECT_NE(other.out, one.out);
}

TEST(RiskCli, JsonPlanReadsTheSameEstimates) {
  RunResult yaml = RolloutIn(kDataDir, {"risk", "risk_small.yaml", "--json"});
  RunResult js = RolloutIn(kDataDir, {"risk", "risk_small.json", "--json"});
  ASSERT_EQ(js.exit_code, 0) << js.err;
  EXPECT_EQ(js.out, yaml.out);
}

TEST(RiskCli, FlagsOverrideThePlansSettings) {
  const json j =
      RiskJson({"risk", "risk_small.yaml", "--json", "--iterations", "1000", "--seed", "3"});
  EXPECT_EQ(j["iterations"], 1000);
  EXPECT_EQ(j["seed"], 3);
}

TEST(RiskCli, WithoutEstimatesEveryPercentileIsTheCpmFinish) {
  const json j = RiskJson({"risk", "good_small.yaml", "--json", "--iterations", "200"});
  const std::string finish = j["deterministic_finish"];
  EXPECT_EQ(finish, "2027-01-22");  // a (5) -> b (1w) -> m -> g
  for (const char* p : {"p10", "p50", "p80", "p90"}) EXPECT_EQ(j["finish"][p], finish) << p;
  EXPECT_EQ(j["probability_on_time"]["deterministic"], 1);
  EXPECT_EQ(j["finish"]["mean_duration"], 10);
}

TEST(RiskCli, LevelledRunIsReproducibleToo) {
  RunResult one =
      RolloutIn(kDataDir, {"risk", "risk_small.yaml", "--json", "--level", "--threads", "1"});
  RunResult two =
      RolloutIn(kDataDir, {"risk", "risk_small.yaml", "--json", "--level", "--threads", "2"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
}

// Every estimate of the built-in workflow made certain (min = likely = max):
// each levelled iteration must then give the deterministic levelled
// schedule back (one SGS pass in its own order is a fixed point).
TEST(RiskCli, LevelledWithCertainEstimatesIsTheLevelledSchedule) {
  const std::string text =
      ReadFile(std::string(ROLLOUT_SOURCE_DIR) + "/workflows/distribution-transition.yaml");
  const std::regex estimate(R"(estimate: \{min: \d+, likely: (\d+), max: \d+\})");
  const std::string certain =
      std::regex_replace(text, estimate, "estimate: {min: $1, likely: $1, max: $1}");
  ASSERT_NE(certain, text);
  testing::ScopedTempDir dir;
  const std::string path = dir.Write("certain.yaml", certain);
  RunResult levelled = Rollout({"schedule", path, "--level", "--json"});
  ASSERT_EQ(levelled.exit_code, 0) << levelled.err;
  const std::string finish = json::parse(levelled.out)["finish"];
  RunResult r = Rollout({"risk", path, "--level", "--json", "--iterations", "300"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["deterministic_finish"], finish);
  for (const char* p : {"p10", "p50", "p80", "p90"}) EXPECT_EQ(j["finish"][p], finish) << p;
  // Levelling lengthens the plain schedule: the plain run differs.
  RunResult plain = Rollout({"risk", path, "--json", "--iterations", "300"});
  EXPECT_NE(json::parse(plain.out)["deterministic_finish"], finish);
}

TEST(RiskCli, TextReportFitsTheTerminalAndNamesTheDrivers) {
  RunResult r = Rollout({"risk", DataPath("risk_small.yaml")}, {"COLUMNS=80"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("schedule risk of 'risk-small'\n4000 iterations, triangular, seed 7\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("deterministic finish 2027-01-29 (15 working days)\n"), std::string::npos);
  EXPECT_NE(r.out.find("  P50   "), std::string::npos);
  EXPECT_NE(r.out.find("most critical tasks"), std::string::npos);
  EXPECT_NE(r.out.find("rollout  Внедрение"), std::string::npos);
  EXPECT_NE(r.out.find("what drives the finish"), std::string::npos);
  EXPECT_NE(r.out.find("█"), std::string::npos);
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);  // no colour without a terminal
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(DisplayWidth(line), 80) << line;
}

TEST(RiskCli, TextReportOfTheBuiltInWorkflowFitsSixtyColumns) {
  RunResult r =
      Rollout({"risk", "builtin:distribution-transition", "--iterations", "2000"}, {"COLUMNS=60"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("support.regulations"), std::string::npos);  // the tornado's top
  std::istringstream lines(r.out);
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) EXPECT_LE(DisplayWidth(line), 60) << line;
  EXPECT_GT(n, 30);
}

TEST(RiskCli, RefusedPlanIsReportedWithPositionsAndExit2) {
  RunResult r = RolloutIn(kDataDir, {"risk", "bad_risk.yaml", "--json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, ReadFile(DataPath("bad_risk.stderr")));
}

TEST(RiskCli, MinAboveLikelyGolden) {
  // The first problem of bad_risk.stderr spelled out: position, echo, caret, hint.
  const std::string err = ReadFile(DataPath("bad_risk.stderr"));
  EXPECT_NE(err.find("bad_risk.yaml:5:23: error: the estimate of task 'a' is not min <= likely "
                     "<= max: min 5, likely 3, max 8\n"
                     "      - {id: a, estimate: {min: 5, likely: 3, max: 8}}\n"
                     "                          ^\n"
                     "hint: give the shortest, the most likely and the longest duration, in that "
                     "order\n"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("error: gate 'g' cannot have an estimate"), std::string::npos);
  EXPECT_NE(err.find("error: unknown key 'mode' in an estimate"), std::string::npos);
}

TEST(RiskCli, BadFlagsExit2) {
  RunResult r = RolloutIn(kDataDir, {"risk", "risk_small.yaml", "--iterations", "0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  r = RolloutIn(kDataDir, {"risk", "risk_small.yaml", "--iterations", "1000001"});
  EXPECT_EQ(r.exit_code, 2);
  r = RolloutIn(kDataDir, {"risk", "risk_small.yaml", "--threads", "0"});
  EXPECT_EQ(r.exit_code, 2);
}

// The fixture's project loaded again with estimates: a (2/3/12, petrova)
// then b (2 days, sidorov); day 0 is Monday 2027-01-11.
const char* const kRiskDbPlan = R"(plan: p
start: 2027-01-11
timezone: Europe/Moscow
roles: {lead: {name: Lead}, manager: {name: Manager}}
people:
  - {id: boss, name: Boss, roles: [lead]}
  - {id: petrova, name: "Мария Петрова", roles: [manager]}
  - {id: sidorov, name: Sidorov, roles: [manager]}
tasks:
  - {id: a, estimate: {min: 2, likely: 3, max: 12}, assignee: petrova}
  - {id: b, duration: 2, after: [a], assignee: sidorov}
)";

class RiskCliDb : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(RiskCliDb, DatabaseForecastKeepsDoneWorkAtItsActuals) {
  testing::DbFixture f(GetParam());
  f.OkAt("2027-01-11T09:00", "boss", {"load", f.WritePlan("risk.yaml", kRiskDbPlan)});
  RunResult before = f.Run({"risk", "--json", "--iterations", "2000"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  const json b = json::parse(before.out);
  EXPECT_LT(b["finish"]["p10"].get<std::string>(), b["finish"]["p90"].get<std::string>());
  EXPECT_TRUE(b["probability_on_time"].contains("baseline"));
  EXPECT_GT(b["tasks"][0]["cruciality"].get<double>(), 0.9);

  // a done on Wednesday 13 (offsets 1..2); b then runs Thursday 14 and Friday 15.
  f.OkAt("2027-01-12T09:00", "petrova", {"start", "a"});
  f.OkAt("2027-01-13T17:00", "petrova", {"done", "a"});
  f.now = "2027-01-14T09:00";
  RunResult after = f.Run({"risk", "--json", "--iterations", "2000"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  const json a = json::parse(after.out);
  for (const char* p : {"p10", "p50", "p80", "p90"}) EXPECT_EQ(a["finish"][p], "2027-01-15") << p;
  EXPECT_EQ(a["deterministic_finish"], "2027-01-15");
  EXPECT_EQ(a["tasks"][0]["cruciality"], 0);
  EXPECT_EQ(a["probability_on_time"]["deterministic"], 1);
  // The baseline (a at its likely 3 days: Jan 11..13, b Jan 14..15) is kept.
  EXPECT_EQ(a["probability_on_time"]["baseline"], 1);

  RunResult text = f.Run({"risk"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("schedule risk of 'p' (forecast at now)"), std::string::npos) << text.out;
}

TEST_P(RiskCliDb, DatabaseIsOnlyRead) {
  testing::DbFixture f(GetParam());
  const std::string before = testing::DatabaseContents(f.db());
  ASSERT_FALSE(before.empty());
  RunResult r = f.Run({"risk", "--json", "--iterations", "100"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::DatabaseContents(f.db()), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, RiskCliDb, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout
