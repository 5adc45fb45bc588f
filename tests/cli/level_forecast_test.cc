// A levelled plan in the database: the forecast at --now (schedule, tasks)
// and the engine's alerts use the levelled dates, with the actuals fixed.
//
// The plan: one worker, ann, day 0 = Mon 2027-01-11 (offsets 0..4 = Jan
// 11..15, 5..9 = Jan 18..22). y (3 d, deadline Fri 15), x (3 d), z (2 d,
// after x), each needs the worker. Levelled (y first, for its deadline):
// y 0..3 (Jan 11-13), x 3..6 (Jan 14-18), z 6..8 (Jan 19-20): 8 days.
// Without levelling: y and x on 0..3, z 3..5: 5 days.
#include <gtest/gtest.h>

#include "tests/testing/test_db.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/testing/engine_fixture.h"

namespace rollout {
namespace {

using testing::EngineFixture;
using testing::RunResult;

constexpr const char* kPlain = R"(plan: lf
start: 2027-01-11
timezone: UTC
roles: {lead: {name: Lead}, worker: {name: Worker}}
people:
  - {id: boss, roles: [lead]}
  - {id: ann, name: "Анна", roles: [worker]}
tasks:
  - {id: y, duration: 3, needs: {worker: 1}, deadline: 2027-01-15}
  - {id: x, duration: 3, needs: {worker: 1}}
  - {id: z, duration: 2, after: [x], needs: {worker: 1}}
)";

std::string Levelled() {
  std::string plan = kPlain;
  plan.insert(plan.find("roles:"), "levelled: true\n");
  return plan;
}

struct Times {
  int es = 0, ef = 0;
  std::vector<std::string> assigned;
};

std::map<std::string, Times> ScheduleJson(const EngineFixture& f, const std::string& now,
                                          nlohmann::json* whole) {
  RunResult r = f.As("boss", now, {"schedule", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  *whole = nlohmann::json::parse(r.out);
  std::map<std::string, Times> out;
  for (const auto& t : (*whole)["tasks"]) {
    Times x{t["es"].get<int>(), t["ef"].get<int>(), {}};
    if (t.contains("assigned")) x.assigned = t["assigned"].get<std::vector<std::string>>();
    out[t["id"].get<std::string>()] = x;
  }
  return out;
}

class LevelForecastCliDb : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(LevelForecastCliDb, NothingHappenedTheForecastIsTheLevelledBaseline) {
  EngineFixture f(GetParam(), Levelled());
  nlohmann::json j;
  std::map<std::string, Times> s = ScheduleJson(f, "2027-01-08T10:00", &j);
  EXPECT_EQ(j["levelled"], true);
  EXPECT_EQ(j["duration"], 8);
  EXPECT_EQ(j["finish"], "2027-01-20");
  EXPECT_EQ(s["y"].es, 0);
  EXPECT_EQ(s["x"].es, 3);
  EXPECT_EQ(s["z"].es, 6);
  EXPECT_EQ(s["z"].assigned, std::vector<std::string>{"ann"});
  // The same dates as levelling the file, and as the baseline in `tasks`.
  RunResult file = f.As("boss", "2027-01-08T10:00",
                        {"schedule", f.Write("again.yaml", Levelled()), "--level", "--json"});
  ASSERT_EQ(file.exit_code, 0) << file.err;
  const nlohmann::json file_json = nlohmann::json::parse(file.out);  // outlives the loop
  for (const auto& t : file_json["tasks"]) {
    EXPECT_EQ(s[t["id"].get<std::string>()].es, t["es"].get<int>()) << t["id"];
    EXPECT_EQ(s[t["id"].get<std::string>()].ef, t["ef"].get<int>()) << t["id"];
  }
  RunResult tasks = f.As("boss", "2027-01-08T10:00", {"tasks", "--json"});
  ASSERT_EQ(tasks.exit_code, 0) << tasks.err;
  for (const auto& t : nlohmann::json::parse(tasks.out)) {
    EXPECT_EQ(t["start"], t["forecast_start"]) << t["id"];
    EXPECT_EQ(t["finish"], t["forecast_finish"]) << t["id"];
    EXPECT_EQ(t["assigned"], nlohmann::json::array({"ann"})) << t["id"];
  }
}

TEST_P(LevelForecastCliDb, ALateStartPushesTheWorkersLaterTasks) {
  EngineFixture f(GetParam(), Levelled());
  ASSERT_EQ(f.As("ann", "2027-01-13T09:30", {"start", "y"}).exit_code, 0);
  nlohmann::json j;
  // Thursday 14 (t = 3): y runs 2..5 (Jan 13-15); ann is busy until then,
  // so x waits although nothing links it to y: 5..8, z 8..10.
  std::map<std::string, Times> s = ScheduleJson(f, "2027-01-14T10:00", &j);
  EXPECT_EQ(j["levelled"], true);
  EXPECT_EQ(s["y"].es, 2);
  EXPECT_EQ(s["y"].ef, 5);
  EXPECT_EQ(s["x"].es, 5);
  EXPECT_EQ(s["z"].es, 8);
  EXPECT_EQ(j["finish"], "2027-01-22");
  RunResult tasks = f.As("boss", "2027-01-14T10:00", {"tasks", "--json"});
  ASSERT_EQ(tasks.exit_code, 0) << tasks.err;
  for (const auto& t : nlohmann::json::parse(tasks.out)) {
    if (t["id"] != "z") continue;
    EXPECT_EQ(t["finish"], "2027-01-20");
    EXPECT_EQ(t["forecast_finish"], "2027-01-22");
  }
  // The plain plan's forecast would start x today, on top of y.
  EngineFixture plain(GetParam(), kPlain);
  ASSERT_EQ(plain.As("ann", "2027-01-13T09:30", {"start", "y"}).exit_code, 0);
  std::map<std::string, Times> p = ScheduleJson(plain, "2027-01-14T10:00", &j);
  EXPECT_EQ(j["levelled"], false);
  EXPECT_EQ(p["x"].es, 3);
}

TEST_P(LevelForecastCliDb, ANewBaselineOfALevelledPlanIsItsLevelledForecast) {
  EngineFixture f(GetParam(), Levelled());
  ASSERT_EQ(f.As("ann", "2027-01-13T09:30", {"start", "y"}).exit_code, 0);
  RunResult b = f.As("boss", "2027-01-14T10:00", {"baseline"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(b.out.find("finish 2027-01-22 (10 working days)"), std::string::npos) << b.out;
  // Taken again at the same moment, the forecast is the new baseline: the
  // people were stored with it and the order gives the same dates back.
  RunResult tasks = f.As("boss", "2027-01-14T10:00", {"tasks", "--json"});
  ASSERT_EQ(tasks.exit_code, 0) << tasks.err;
  for (const auto& t : nlohmann::json::parse(tasks.out)) {
    EXPECT_EQ(t["start"], t["forecast_start"]) << t["id"];
    EXPECT_EQ(t["finish"], t["forecast_finish"]) << t["id"];
    EXPECT_EQ(t["assigned"], nlohmann::json::array({"ann"})) << t["id"];
  }
}

std::vector<std::string> Kinds(const nlohmann::json& alerts, const std::string& task) {
  std::vector<std::string> out;
  for (const auto& a : alerts)
    if (a["task"] == task)
      out.push_back(a["kind"].get<std::string>() + " " + a["about"].get<std::string>());
  return out;
}

TEST_P(LevelForecastCliDb, DeadlineRiskComesFromTheLevelledForecast) {
  // ann starts x first on Monday: with one worker, y can only follow x and
  // finishes Mon 18, after its deadline. Without levelling y would be
  // forecast on Jan 11-13, in time.
  EngineFixture levelled(GetParam(), Levelled());
  EngineFixture plain(GetParam(), kPlain);
  for (EngineFixture* f : {&levelled, &plain}) {
    ASSERT_EQ(f->As("ann", "2027-01-11T09:30", {"start", "x"}).exit_code, 0);
    RunResult once = f->Once("2027-01-11T12:00");
    ASSERT_EQ(once.exit_code, 0) << once.err;
  }
  const std::vector<std::string> with = Kinds(levelled.Alerts(), "y");
  EXPECT_NE(std::find(with.begin(), with.end(), "deadline_risk 2027-01-18"), with.end())
      << ::testing::PrintToString(with);
  for (const std::string& k : Kinds(plain.Alerts(), "y"))
    EXPECT_EQ(k.rfind("deadline_risk", 0), std::string::npos) << k;
  // z keeps its levelled baseline finish (Jan 20): no slip.
  for (const auto& a : levelled.Alerts()) EXPECT_NE(a["kind"], "slip") << a.dump();
}

TEST(LevelForecastCli, LoadLevelIsRememberedForTheVersion) {
  testing::ScopedTempDir tmp;
  const std::string plan = tmp.Write("p.yaml", kPlain);
  const std::string db = tmp.path() + "/l.db";
  RunResult load = testing::Rollout(
      {"--db", db, "--now", "2027-01-08T10:00", "--as", "boss", "load", "--level", plan});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  EXPECT_NE(load.out.find("levelled: 1 person,"), std::string::npos) << load.out;
  RunResult s = testing::Rollout({"--db", db, "--now", "2027-01-08T10:00", "schedule", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(nlohmann::json::parse(s.out)["levelled"], true);
  EXPECT_EQ(nlohmann::json::parse(s.out)["duration"], 8);
}

INSTANTIATE_TEST_SUITE_P(Backends, LevelForecastCliDb, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout
