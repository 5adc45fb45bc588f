// rollout gate approve|reject, against the real binary.
#include <gtest/gtest.h>

#include "tests/testing/test_db.h"

#include "tests/testing/engine_fixture.h"

namespace rollout::testing {
namespace {

constexpr const char* kNoon = "2027-01-12T12:00";

int CountActions(const EngineFixture& f, const std::string& action) {
  RunResult r = f.As("boss", kNoon, {"log", "--json"});
  int n = 0;
  for (const auto& e : nlohmann::json::parse(r.out)) n += e["action"] == action;
  return n;
}

class GateCommand : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(GateCommand, RefusesUntilEveryPredecessorIsDone) {
  EngineFixture f(GetParam());
  RunResult r = f.As("boss", kNoon, {"gate", "approve", "g"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("gate 'g' is not ready: 'a' is not done"), std::string::npos) << r.err;
  EXPECT_EQ(CountActions(f, "approve"), 0);
}

TEST_P(GateCommand, OnlyApproversDecide) {
  EngineFixture f(GetParam());
  ASSERT_EQ(f.As("ann", kNoon, {"done", "a"}).exit_code, 0);
  RunResult r = f.As("ann", kNoon, {"gate", "approve", "g"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("'ann' may not approve gate 'g'; its approvers are: boss"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(f.As("bob", kNoon, {"gate", "reject", "g", "--note", "no"}).exit_code, 3);
}

TEST_P(GateCommand, KpiShortRefusesSayingByHowMuchThenApproves) {
  EngineFixture f(GetParam());
  ASSERT_EQ(f.As("ann", kNoon, {"done", "a"}).exit_code, 0);
  RunResult missing = f.As("boss", kNoon, {"gate", "approve", "g"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("kpi has no recorded value, needs at least 5"), std::string::npos);
  ASSERT_EQ(f.As("boss", kNoon, {"metric", "set", "kpi", "3"}).exit_code, 0);
  RunResult short_kpi = f.As("boss", kNoon, {"gate", "approve", "g"});
  EXPECT_EQ(short_kpi.exit_code, 3);
  EXPECT_NE(short_kpi.err.find("kpi is 3, needs at least 5 (short by 2)"), std::string::npos)
      << short_kpi.err;
  EXPECT_EQ(CountActions(f, "approve"), 0);
  // Downstream of a gate that has not passed nothing starts.
  RunResult blocked = f.As("ann", kNoon, {"start", "b"});
  EXPECT_EQ(blocked.exit_code, 3);
  EXPECT_NE(blocked.err.find("g"), std::string::npos);

  ASSERT_EQ(f.As("boss", kNoon, {"metric", "set", "kpi", "5"}).exit_code, 0);
  RunResult ok = f.As("boss", kNoon, {"gate", "approve", "g", "--note", "audit accepted"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "gate g passed by boss at 2027-01-12T12:00:00+00:00\n");
  EXPECT_EQ(CountActions(f, "approve"), 1);
  EXPECT_EQ(f.As("ann", kNoon, {"start", "b"}).exit_code, 0);
  RunResult again = f.As("boss", kNoon, {"gate", "approve", "g"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, "gate g has already passed; nothing to do\n");
  EXPECT_EQ(CountActions(f, "approve"), 1);
}

TEST_P(GateCommand, RejectNeedsANoteAndCanBeApprovedLater) {
  EngineFixture f(GetParam());
  ASSERT_EQ(f.As("ann", kNoon, {"done", "a"}).exit_code, 0);
  EXPECT_EQ(f.As("boss", kNoon, {"gate", "reject", "g"}).exit_code, 2);
  RunResult r = f.As("boss", kNoon, {"gate", "reject", "g", "--note", "numbers missing"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CountActions(f, "reject"), 1);
  EXPECT_EQ(f.As("ann", kNoon, {"start", "b"}).exit_code, 3);
  ASSERT_EQ(f.As("boss", kNoon, {"metric", "set", "kpi", "7"}).exit_code, 0);
  EXPECT_EQ(f.As("boss", kNoon, {"gate", "approve", "g"}).exit_code, 0);
  EXPECT_EQ(f.As("boss", kNoon, {"gate", "reject", "g", "--note", "late"}).exit_code, 3);
}

TEST_P(GateCommand, UnknownGateIsAUsageError) {
  EngineFixture f(GetParam());
  RunResult r = f.As("boss", kNoon, {"gate", "approve", "h"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown gate 'h'"), std::string::npos);
  EXPECT_EQ(f.As("boss", kNoon, {"gate", "approve", "a"}).exit_code, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, GateCommand, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout::testing
