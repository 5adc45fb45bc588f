#include "engine/alert_rules.h"

#include <gtest/gtest.h>

#include "workflows/plan_reader.h"

namespace rollout {
namespace {

// Mon 2027-01-11 .. : a(5) Mon 11..Fri 15 -> b(3) Mon 18..Wed 20 (deadline
// Wed 20); gate g after a; c(1) on day 0.
constexpr const char* kPlan = R"(plan: p
start: 2027-01-11
remind_days: 2
roles: {lead: {name: L}, manager: {name: M}}
people:
  - {id: boss, roles: [lead]}
  - {id: ann, roles: [manager]}
  - {id: bob, roles: [manager]}
metrics: {kpi: {name: K}}
tasks:
  - {id: a, name: "Аудит", duration: 5, assignee: ann}
  - {id: b, duration: 3, after: [a], needs: {manager: 1}, deadline: 2027-01-20}
  - {id: c, duration: 1, assignee: bob}
  - {id: m, duration: 0, after: [b]}
  - {id: g, after: [a], gate: {approve: [boss], metrics: [{metric: kpi, min: 12}]}}
)";

class AlertRulesTest : public ::testing::Test {
 protected:
  AlertRulesTest() : AlertRulesTest(0) {}
  explicit AlertRulesTest(int offset_minutes) : zone_(offset_minutes) {
    Result<Plan> r = ReadPlan("test.yaml", kPlan);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.errors()[0].message);
    plan_ = std::move(r.value());
    net_ = std::move(BuildNetwork(plan_, IndexTasks(plan_)).value());
    cal_ = std::make_unique<WorkCalendar>(plan_.calendar, plan_.start);
    baseline_schedule_ = ComputeCriticalPath(plan_, net_, PlanInput(plan_, net_, *cal_));
    baseline_ = BaselineFromSchedule(plan_, *cal_, baseline_schedule_);
    forecast_ = baseline_schedule_;
  }

  Instant At(const char* date, int hour, int minute = 0) const {
    Date d = 0;
    EXPECT_TRUE(ParseDate(date, &d));
    return zone_.ToInstant(d, hour * 60 + minute);
  }

  DueAlerts Eval(Instant now) const {
    AlertContext ctx{&plan_,     &net_,      cal_.get(), &zone_,
                     &baseline_, &progress_, &forecast_, nullptr};
    return EvaluateAlerts(ctx, now);
  }

  // The alerts of |kind| in |due|, as "task@about:recipient,recipient".
  static std::vector<std::string> Of(const DueAlerts& due, AlertKind kind) {
    std::vector<std::string> out;
    for (const Alert& a : due.alerts) {
      if (a.kind != kind) continue;
      std::string s = a.task + "@" + a.about + ":";
      for (size_t i = 0; i < a.recipients.size(); ++i) s += (i ? "," : "") + a.recipients[i];
      out.push_back(s);
    }
    return out;
  }

  void Done(const std::string& id, Instant at) {
    TaskProgress& t = progress_.tasks[id];
    t.state = TaskState::kDone;
    t.finished = zone_.ToLocal(at).date;
    t.finished_at = at;
  }

  FixedOffsetZone zone_;
  Plan plan_;
  Network net_;
  std::unique_ptr<WorkCalendar> cal_;
  Schedule baseline_schedule_;
  BaselineDates baseline_;
  Progress progress_;
  Schedule forecast_;
};

using Strings = std::vector<std::string>;

TEST_F(AlertRulesTest, DueSoonFallsDueRemindDaysBeforeTheFinish) {
  // a finishes Fri 15: two working days before is Wed 13, at 09:00.
  DueAlerts before = Eval(At("2027-01-13", 8, 59));
  // c finished (baseline) on Mon 11: past its finish, no due_soon any more.
  EXPECT_EQ(Of(before, AlertKind::kDueSoon), Strings{});
  ASSERT_TRUE(before.next.has_value());
  EXPECT_EQ(*before.next, At("2027-01-13", 9));
  DueAlerts at = Eval(At("2027-01-13", 9));
  EXPECT_EQ(Of(at, AlertKind::kDueSoon), Strings{"a@2027-01-15:ann"});
}

TEST_F(AlertRulesTest, DueSoonBeforeProjectStartFallsDueAtTheStart) {
  // c finishes on day 0 (Mon 11): its reminder is clamped to Mon 11 09:00.
  EXPECT_TRUE(Eval(At("2027-01-11", 8, 59)).alerts.empty());
  EXPECT_EQ(*Eval(At("2027-01-11", 8, 59)).next, At("2027-01-11", 9));
  EXPECT_EQ(Of(Eval(At("2027-01-11", 9)), AlertKind::kDueSoon), Strings{"c@2027-01-11:bob"});
}

TEST_F(AlertRulesTest, DueSoonGoesToEveryHolderOfANeededRole) {
  // b finishes Wed 20: reminder Mon 18 09:00, to both managers.
  Done("a", At("2027-01-15", 17));
  Done("c", At("2027-01-11", 17));
  EXPECT_EQ(Of(Eval(At("2027-01-18", 9)), AlertKind::kDueSoon), Strings{"b@2027-01-20:ann,bob"});
}

TEST_F(AlertRulesTest, OverdueAtTheEndOfTheFinishDayToAssigneesAndLeads) {
  EXPECT_EQ(Of(Eval(At("2027-01-15", 17, 59)), AlertKind::kOverdue),
            Strings{"c@2027-01-11:bob,boss"});
  DueAlerts due = Eval(At("2027-01-15", 18));
  EXPECT_EQ(Of(due, AlertKind::kOverdue),
            (Strings{"c@2027-01-11:bob,boss", "a@2027-01-15:ann,boss"}));
  // Its finish has passed: no due_soon for a any more.
  EXPECT_EQ(Of(due, AlertKind::kDueSoon), Strings{});
}

TEST_F(AlertRulesTest, DoneTasksRaiseNothing) {
  Done("c", At("2027-01-11", 12));
  Done("a", At("2027-01-14", 12));
  DueAlerts due = Eval(At("2027-01-16", 12));
  EXPECT_EQ(Of(due, AlertKind::kOverdue), Strings{});
  EXPECT_EQ(Of(due, AlertKind::kDueSoon), Strings{});
}

TEST_F(AlertRulesTest, MilestonesGetNoDueSoonOrOverdue) {
  DueAlerts due = Eval(At("2027-02-01", 12));
  for (const Alert& a : due.alerts) EXPECT_NE(a.task, "m") << AlertKindName(a.kind);
}

TEST_F(AlertRulesTest, GateReadyWhenEveryPredecessorIsDoneUntilItPasses) {
  EXPECT_EQ(Of(Eval(At("2027-01-15", 16)), AlertKind::kGateReady), Strings{});
  Done("a", At("2027-01-15", 17));
  DueAlerts due = Eval(At("2027-01-15", 17));
  EXPECT_EQ(Of(due, AlertKind::kGateReady), Strings{"g@2027-01-15:boss"});
  EXPECT_EQ(due.alerts.back().kind, AlertKind::kGateReady);
  EXPECT_EQ(due.alerts.back().due_at, At("2027-01-15", 17));
  progress_.gates["g"].passed = true;
  EXPECT_EQ(Of(Eval(At("2027-01-15", 18)), AlertKind::kGateReady), Strings{});
}

TEST_F(AlertRulesTest, SlipWhenTheForecastFinishIsLaterThanTheBaseline) {
  EXPECT_EQ(Of(Eval(At("2027-01-12", 10)), AlertKind::kSlip), Strings{});
  forecast_.finish += 2;  // baseline finish Wed 20 -> Fri 22
  DueAlerts due = Eval(At("2027-01-12", 10));
  ASSERT_EQ(Of(due, AlertKind::kSlip), Strings{"@2027-01-22:boss"});
  EXPECT_EQ(due.alerts.back().args.at("late"), "2");  // rendered "by 2 working days" (tools/)
}

TEST_F(AlertRulesTest, DeadlineRiskWhenATaskIsForecastPastItsDeadline) {
  const int b = plan_.FindTask("b");
  forecast_.tasks[b].es += 1;
  forecast_.tasks[b].ef += 1;  // Tue 19 .. Thu 21, deadline Wed 20
  EXPECT_EQ(Of(Eval(At("2027-01-12", 10)), AlertKind::kDeadlineRisk),
            Strings{"b@2027-01-21:ann,bob,boss"});
  Done("b", At("2027-01-12", 10));
  EXPECT_EQ(Of(Eval(At("2027-01-12", 10)), AlertKind::kDeadlineRisk), Strings{});
}

// Issue #12: a gate or a milestone forecast past its deadline raises
// deadline_risk too (the engine used to skip gates before the check).
TEST_F(AlertRulesTest, DeadlineRiskForGatesAndMilestones) {
  Date thu14 = 0, tue19 = 0;
  ASSERT_TRUE(ParseDate("2027-01-14", &thu14));
  ASSERT_TRUE(ParseDate("2027-01-19", &tue19));
  plan_.tasks[plan_.FindTask("g")].deadline = thu14;  // g sits at the end of a: Fri 15
  plan_.tasks[plan_.FindTask("m")].deadline = tue19;  // m after b: Wed 20
  EXPECT_EQ(Of(Eval(At("2027-01-12", 10)), AlertKind::kDeadlineRisk),
            (Strings{"g@2027-01-15:boss", "m@2027-01-20:boss"}));
  progress_.gates["g"].passed = true;
  EXPECT_EQ(Of(Eval(At("2027-01-12", 10)), AlertKind::kDeadlineRisk),
            Strings{"m@2027-01-20:boss"});
}

TEST_F(AlertRulesTest, NextIsTheEarliestFutureInstant) {
  // Saturday noon: nothing is due before Mon 18 00:00 (the forecast may move),
  // and b's reminder is Mon 18 09:00.
  Done("a", At("2027-01-15", 12));
  Done("c", At("2027-01-11", 12));
  progress_.gates["g"].passed = true;
  DueAlerts due = Eval(At("2027-01-16", 12));
  EXPECT_TRUE(due.alerts.empty());
  ASSERT_TRUE(due.next.has_value());
  EXPECT_EQ(*due.next, At("2027-01-18", 0));
  EXPECT_EQ(*Eval(At("2027-01-18", 0)).next, At("2027-01-18", 9));
}

class AlertRulesMoscowTest : public AlertRulesTest {
 protected:
  AlertRulesMoscowTest() : AlertRulesTest(180) {}
};

TEST_F(AlertRulesMoscowTest, InstantsAreInThePlanZone) {
  // 09:00 in UTC+3 is 06:00Z.
  DueAlerts due = Eval(At("2027-01-13", 9));
  ASSERT_EQ(Of(due, AlertKind::kDueSoon), Strings{"a@2027-01-15:ann"});
  EXPECT_EQ(due.alerts.back().due_at, 1799820000);  // 2027-01-13T06:00:00Z
}

TEST(AlertKind, NamesRoundTrip) {
  for (AlertKind k : {AlertKind::kDueSoon, AlertKind::kOverdue, AlertKind::kGateReady,
                      AlertKind::kSlip, AlertKind::kDeadlineRisk}) {
    AlertKind back = AlertKind::kDueSoon;
    ASSERT_TRUE(ParseAlertKind(AlertKindName(k), &back));
    EXPECT_EQ(back, k);
  }
  AlertKind unused;
  EXPECT_FALSE(ParseAlertKind("late", &unused));
}

}  // namespace
}  // namespace rollout
