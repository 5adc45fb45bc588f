#include "engine/gates.h"

#include <gtest/gtest.h>

#include "workflows/plan_reader.h"

namespace rollout {
namespace {

//   a --> g1 --> b --> g2 (approved by the person 'ann' or any lead)
class GatesTest : public ::testing::Test {
 protected:
  GatesTest() {
    Result<Plan> r = ReadPlan("test.yaml", R"(plan: p
start: 2027-01-11
roles: {lead: {name: L}, manager: {name: M}}
people:
  - {id: boss, roles: [lead]}
  - {id: ann, roles: [manager]}
metrics: {kpi: {name: K}, defects: {name: D}}
tasks:
  - {id: a, duration: 2}
  - {id: g1, after: [a], gate: {metrics: [{metric: kpi, min: 12}, {metric: defects, max: 2}]}}
  - {id: b, duration: 1, after: [g1]}
  - {id: g2, after: [b], gate: {approve: [ann, lead]}}
)");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.errors()[0].message);
    plan_ = std::move(r.value());
    net_ = std::move(BuildNetwork(plan_, IndexTasks(plan_)).value());
  }
  int T(const char* id) const { return plan_.FindTask(id); }
  void Done(const char* id) { progress_.tasks[id].state = TaskState::kDone; }

  Plan plan_;
  Network net_;
  Progress progress_;
};

TEST_F(GatesTest, StatesFollowProgressAndDecisions) {
  EXPECT_EQ(GateStateOf(plan_, net_, T("g1"), progress_), GateState::kClosed);
  Done("a");
  EXPECT_EQ(GateStateOf(plan_, net_, T("g1"), progress_), GateState::kReady);
  progress_.gates["g1"].rejected = true;
  EXPECT_EQ(GateStateOf(plan_, net_, T("g1"), progress_), GateState::kRejected);
  progress_.gates["g1"].passed = true;
  EXPECT_EQ(GateStateOf(plan_, net_, T("g1"), progress_), GateState::kPassed);
}

TEST_F(GatesTest, AGateCountsAsDoneOnlyWhenPassed) {
  Done("a");
  Done("b");
  EXPECT_EQ(PendingPredecessors(plan_, net_, T("b"), progress_), std::vector<std::string>{"g1"});
  EXPECT_EQ(GateStateOf(plan_, net_, T("g2"), progress_), GateState::kReady);
  progress_.gates["g1"].passed = true;
  EXPECT_TRUE(PendingPredecessors(plan_, net_, T("b"), progress_).empty());
}

TEST_F(GatesTest, FailingCriteriaSayByHowMuch) {
  std::map<std::string, double> m{{"kpi", 9}, {"defects", 3.5}};
  EXPECT_EQ(FailingCriteria(*plan_.tasks[T("g1")].gate, m),
            (std::vector<std::string>{"kpi is 9, needs at least 12 (short by 3)",
                                      "defects is 3.5, needs at most 2 (over by 1.5)"}));
  m = {{"kpi", 12}, {"defects", 2}};
  EXPECT_TRUE(FailingCriteria(*plan_.tasks[T("g1")].gate, m).empty());
  m = {{"defects", 0}};
  EXPECT_EQ(FailingCriteria(*plan_.tasks[T("g1")].gate, m),
            std::vector<std::string>{"kpi has no recorded value, needs at least 12"});
  // How to record it is the command line's hint (tools/cli/hints.cc), not the core's words.
}

TEST_F(GatesTest, ApproveChecksApproverReadinessAndKpis) {
  EXPECT_EQ(CheckApprove(plan_, net_, T("g1"), progress_, "ann").refusal,
            GateRefusal::kNotApprover);
  GateCheck not_ready = CheckApprove(plan_, net_, T("g1"), progress_, "boss");
  EXPECT_EQ(not_ready.refusal, GateRefusal::kNotReady);
  EXPECT_EQ(not_ready.reasons, std::vector<std::string>{"gate 'g1' is not ready: 'a' is not done"});
  Done("a");
  progress_.metrics = {{"kpi", 9}, {"defects", 0}};
  GateCheck short_kpi = CheckApprove(plan_, net_, T("g1"), progress_, "boss");
  EXPECT_EQ(short_kpi.refusal, GateRefusal::kKpiShort);
  EXPECT_EQ(short_kpi.reasons,
            std::vector<std::string>{"kpi is 9, needs at least 12 (short by 3)"});
  progress_.metrics["kpi"] = 12;
  EXPECT_EQ(CheckApprove(plan_, net_, T("g1"), progress_, "boss").refusal, GateRefusal::kNone);
  progress_.gates["g1"].passed = true;
  EXPECT_EQ(CheckApprove(plan_, net_, T("g1"), progress_, "boss").refusal,
            GateRefusal::kAlreadyPassed);
}

TEST_F(GatesTest, ApproversMayBePeopleOrRoles) {
  Done("a");
  progress_.gates["g1"].passed = true;
  Done("b");
  EXPECT_EQ(CheckApprove(plan_, net_, T("g2"), progress_, "ann").refusal, GateRefusal::kNone);
  EXPECT_EQ(CheckApprove(plan_, net_, T("g2"), progress_, "boss").refusal, GateRefusal::kNone);
  EXPECT_EQ(CheckReject(plan_, T("g2"), progress_, "ann").refusal, GateRefusal::kNone);
}

TEST_F(GatesTest, RejectIsForApproversAndNotAfterPassing) {
  EXPECT_EQ(CheckReject(plan_, T("g1"), progress_, "ann").refusal, GateRefusal::kNotApprover);
  EXPECT_EQ(CheckReject(plan_, T("g1"), progress_, "boss").refusal, GateRefusal::kNone);
  progress_.gates["g1"].passed = true;
  EXPECT_EQ(CheckReject(plan_, T("g1"), progress_, "boss").refusal, GateRefusal::kAlreadyPassed);
}

}  // namespace
}  // namespace rollout
