// The levelling commands run as real processes: schedule --level --json,
// --by-person, load-chart and import psplib.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "tests/testing/run_binary.h"
#include "tests/testing/test_db.h"

namespace rollout {
namespace {

using testing::DataPath;
using testing::ExamplesPath;
using testing::Rollout;
using testing::AllBackends;
using testing::Backend;
using testing::BackendName;
using testing::ScopedTempDir;
using testing::TestDatabase;

TEST(LevelCli, ScheduleLevelJsonAssignsPeopleWithoutDoubleBooking) {
  auto r = Rollout({"schedule", ExamplesPath("psplibish-104.yaml"), "--level", "--json",
                    "--seed", "3", "--effort", "300"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["levelled"].get<bool>());
  std::map<std::string, std::set<int>> busy;
  int staffed = 0;
  for (const auto& t : j["tasks"]) {
    if (!t.contains("assigned")) continue;
    ++staffed;
    for (const auto& p : t["assigned"])
      for (int d = t["es"].get<int>(); d < t["ef"].get<int>(); ++d)
        EXPECT_TRUE(busy[p.get<std::string>()].insert(d).second) << p << " on day " << d;
  }
  EXPECT_GT(staffed, 0);
  auto again = Rollout({"schedule", ExamplesPath("psplibish-104.yaml"), "--level", "--json",
                        "--seed", "3", "--effort", "300"});
  EXPECT_EQ(again.out, r.out);  // deterministic for a seed
}

TEST(LevelCli, ByPersonAndLoadChartShowPeople) {
  auto r = Rollout({"schedule", ExamplesPath("psplibish-104.yaml"), "--by-person"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("m1"), std::string::npos);
  EXPECT_NE(r.out.find("PERSON"), std::string::npos);
  auto c = Rollout({"load-chart", ExamplesPath("psplibish-104.yaml")});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(c.out, r.out);
  auto bad = Rollout({"schedule", ExamplesPath("psplibish-104.yaml"), "--by-person", "--json"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST(LevelCli, ImportPsplibPrintsAPlanThatSchedules) {
  auto r = Rollout({"import", "psplib", DataPath("psplib/j301_1.sm")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ScopedTempDir dir;
  const std::string plan = dir.Write("j301_1.yaml", r.out);
  auto s = Rollout({"schedule", plan, "--level", "--json", "--effort", "2000"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const int makespan = nlohmann::json::parse(s.out)["duration"].get<int>();
  EXPECT_GE(makespan, 43);  // the proven optimum of j301_1
  EXPECT_LE(makespan, 45);
}

TEST(LevelCli, ImportRefusesBadInput) {
  ScopedTempDir dir;
  EXPECT_EQ(Rollout({"import", "psplib", dir.path() + "/missing.sm"}).exit_code, 2);
  const std::string junk = dir.Write("junk.sm", "hello\n");
  auto r = Rollout({"import", "psplib", junk});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(Rollout({"import", "mspdi", junk}).exit_code, 2);
}

// One person, two 3-day tasks that need her: unlevelled both run on days
// 0..2 (baseline 3 days); levelled they run one after the other (6 days).
// On both backends: the levelled schedule is stored as the baseline.
class LevelDb : public ::testing::TestWithParam<Backend> {};

TEST_P(LevelDb, LoadLevelTakesTheLevelledScheduleAsBaseline) {
  ScopedTempDir tmp;
  const std::string plan = tmp.Write("p.yaml", R"(plan: p
start: 2027-01-11
roles: {lead: {name: Lead}}
people: [{id: ann, roles: [lead]}]
tasks:
  - {id: a, duration: 3, needs: {lead: 1}}
  - {id: b, duration: 3, needs: {lead: 1}}
)");
  const std::vector<std::string> env = {"ROLLOUT_USER=ann", "ROLLOUT_NOW=2027-01-08T10:00"};
  TestDatabase plain_db(GetParam(), "plain.db"), levelled_db(GetParam(), "levelled.db");
  auto plain = Rollout({"--db", plain_db.location(), "load", plan}, env);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find("(3 working days)"), std::string::npos) << plain.out;
  auto levelled = Rollout({"--db", levelled_db.location(), "load", plan, "--level"}, env);
  ASSERT_EQ(levelled.exit_code, 0) << levelled.err;
  EXPECT_NE(levelled.out.find("(6 working days)"), std::string::npos) << levelled.out;
}

INSTANTIATE_TEST_SUITE_P(Backends, LevelDb, AllBackends(), BackendName);

}  // namespace
}  // namespace rollout
