// Round trips on generated plans (issue #15 "Done when"): random networks
// with every link type, lags of either sign, milestones, groups, links to
// groups and not_before dates; plan -> mspdi -> plan and plan -> csv -> plan
// must keep every task's dates and floats.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "tests/testing/run_binary.h"

namespace rollout {
namespace {

using testing::Rollout;
using testing::RunResult;
using testing::ScopedTempDir;

// Tasks t0..t{n-1} in groups of 8 (g0, g1, ...); each task links to up to
// two earlier tasks (of any group) with a random type and lag; every group
// after the first links FS to the group before it half of the time.
std::string GeneratedPlan(unsigned seed, int n) {
  std::mt19937 rng(seed);
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
  const char* const types[] = {"FS", "SS", "FF", "SF"};
  std::string y = "plan: gen" + std::to_string(seed) +
                  "\nstart: 2027-01-11\ncalendar:\n  holidays: [2027-02-23, "
                  "\"2027-03-08..2027-03-09\"]\n  working: [2027-02-20]\ntasks:\n";
  for (int i = 0; i < n; ++i) {
    if (i % 8 == 0) {
      y += "  - id: g" + std::to_string(i / 8) + "\n";
      if (i > 0 && pick(2) == 0) y += "    after: [g" + std::to_string(i / 8 - 1) + "]\n";
      y += "    tasks:\n";
    }
    y += "      - id: t" + std::to_string(i) +
         "\n        duration: " + std::to_string(pick(6) == 0 ? 0 : 1 + pick(9)) + "\n";
    if (i > 0) {
      y += "        after:\n";
      const int links = 1 + pick(2);
      for (int k = 0; k < links; ++k) {
        const int p = pick(i);
        y += std::string("          - {task: t") + std::to_string(p) + ", type: " + types[pick(4)] +
             ", lag: " + std::to_string(pick(7) - 2) + "}\n";
      }
    }
    if (pick(10) == 0)
      y += "        not_before: 2027-0" + std::to_string(2 + pick(3)) + "-1" +
           std::to_string(pick(9)) + "\n";
  }
  return y;
}

nlohmann::json Schedule(const std::string& plan) {
  RunResult r = Rollout({"schedule", plan, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out.empty() ? "{}" : r.out);
}

void ExpectSame(const nlohmann::json& a, const nlohmann::json& b, const std::string& what) {
  ASSERT_EQ(a["tasks"].size(), b["tasks"].size()) << what;
  EXPECT_EQ(a["finish"], b["finish"]) << what;
  for (size_t i = 0; i < a["tasks"].size(); ++i)
    for (const char* k : {"group", "es", "ef", "ls", "lf", "total_float", "start", "finish"})
      EXPECT_EQ(a["tasks"][i].value(k, nlohmann::json()), b["tasks"][i].value(k, nlohmann::json()))
          << what << " task " << a["tasks"][i]["id"] << " " << k;
}

TEST(GeneratedRoundTrip, MspdiAndCsvKeepTheSchedule) {
  for (unsigned seed = 1; seed <= 6; ++seed) {
    ScopedTempDir dir;
    const std::string plan = dir.Write("plan.yaml", GeneratedPlan(seed, 60));
    const nlohmann::json original = Schedule(plan);
    ASSERT_FALSE(original.empty()) << GeneratedPlan(seed, 60);

    RunResult xml = Rollout({"export", "mspdi", plan, "--out", dir.path() + "/p.xml"});
    ASSERT_EQ(xml.exit_code, 0) << xml.err;
    RunResult from_xml = Rollout({"import", "mspdi", dir.path() + "/p.xml"});
    ASSERT_EQ(from_xml.exit_code, 0) << from_xml.err;
    EXPECT_EQ(from_xml.err, "");
    ExpectSame(original, Schedule(dir.Write("x.yaml", from_xml.out)),
               "mspdi seed " + std::to_string(seed));

    RunResult csv = Rollout({"export", "csv", plan, "--out", dir.path() + "/p.csv"});
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    RunResult from_csv = Rollout({"import", "csv", dir.path() + "/p.csv", "--calendar", plan});
    ASSERT_EQ(from_csv.exit_code, 0) << from_csv.err;
    const nlohmann::json back = Schedule(dir.Write("c.yaml", from_csv.out));
    // CSV has no deadlines; there are none here, so the floats match too.
    ExpectSame(original, back, "csv seed " + std::to_string(seed));
  }
}

}  // namespace
}  // namespace rollout
