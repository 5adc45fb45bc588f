#include "engine/forecast.h"

#include <gtest/gtest.h>

#include "workflows/plan_reader.h"

namespace rollout {
namespace {

// Day 0 is Monday 2027-01-11; offsets 0..4 are Jan 11..15, 5..9 Jan 18..22.
constexpr const char* kPlan = R"(plan: p
start: 2027-01-11
roles: {lead: {name: Lead}}
people: [{id: boss, roles: [lead]}]
tasks:
  - {id: a, duration: 3}
  - {id: b, duration: 2, after: [a]}
  - {id: g, after: [b], gate: true}
  - {id: c, duration: 4, after: [g]}
  - {id: free, duration: 1}
)";

class Forecast : public ::testing::Test {
 protected:
  Forecast() {
    Result<Plan> r = ReadPlan("p.yaml", kPlan);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.errors()[0].message);
    plan_ = std::move(r.value());
    net_ = std::move(BuildNetwork(plan_, IndexTasks(plan_)).value());
    cal_ = std::make_unique<WorkCalendar>(plan_.calendar, plan_.start);
  }
  Date D(const char* text) {
    Date d = 0;
    EXPECT_TRUE(ParseDate(text, &d)) << text;
    return d;
  }
  const TaskTimes& At(const Schedule& s, const char* id) { return s.tasks[plan_.FindTask(id)]; }
  void Done(const char* id, const char* start, const char* finish) {
    TaskProgress& p = progress_.tasks[id];
    p.state = TaskState::kDone;
    p.started = D(start);
    p.finished = D(finish);
  }
  void Started(const char* id, const char* start) {
    TaskProgress& p = progress_.tasks[id];
    p.state = TaskState::kStarted;
    p.started = D(start);
  }

  Plan plan_;
  Network net_;
  std::unique_ptr<WorkCalendar> cal_;
  Progress progress_;
};

TEST_F(Forecast, NothingRecordedOnDayZeroIsThePlan) {
  Schedule f = ComputeForecast(plan_, net_, *cal_, progress_, D("2027-01-11"));
  Schedule base = ComputeCriticalPath(plan_, net_, PlanInput(plan_, net_, *cal_));
  EXPECT_EQ(f.finish, base.finish);
  EXPECT_EQ(At(f, "c").es, 5);
  EXPECT_EQ(f.finish, 9);
}

TEST_F(Forecast, UnstartedTasksMoveToToday) {
  // Wednesday of week 2 (offset 7): nothing started, so a starts at t = 7.
  Schedule f = ComputeForecast(plan_, net_, *cal_, progress_, D("2027-01-20"));
  EXPECT_EQ(At(f, "a").es, 7);
  EXPECT_EQ(At(f, "free").es, 7);
  EXPECT_EQ(At(f, "c").es, 12);
  EXPECT_EQ(f.finish, 16);
}

TEST_F(Forecast, DoneTaskUsesActualDates) {
  // a took Jan 11..Jan 18 (5 working days instead of 3).
  Done("a", "2027-01-11", "2027-01-18");
  Schedule f = ComputeForecast(plan_, net_, *cal_, progress_, D("2027-01-19"));
  EXPECT_EQ(At(f, "a").es, 0);
  EXPECT_EQ(At(f, "a").ef, 6);  // off_end(Jan 18)
  EXPECT_EQ(At(f, "b").es, 6);  // today is offset 6 too
}

TEST_F(Forecast, StartedTaskRunsAtLeastUntilTomorrow) {
  Started("a", "2027-01-11");
  // Friday Jan 15 = offset 4: a should have ended at 3, is still open, so ef = t + 1 = 5.
  Schedule f = ComputeForecast(plan_, net_, *cal_, progress_, D("2027-01-15"));
  EXPECT_EQ(At(f, "a").es, 0);
  EXPECT_EQ(At(f, "a").ef, 5);
  EXPECT_EQ(At(f, "b").es, 5);
  // On Tuesday Jan 12 (t = 1) the planned duration still governs: ef = 3.
  Schedule early = ComputeForecast(plan_, net_, *cal_, progress_, D("2027-01-12"));
  EXPECT_EQ(At(early, "a").ef, 3);
}

TEST_F(Forecast, PassedGateSitsAtEndOfPassDate) {
  Done("a", "2027-01-11", "2027-01-13");
  Done("b", "2027-01-14", "2027-01-15");
  GateProgress& g = progress_.gates["g"];
  g.passed = true;
  g.passed_on = D("2027-01-19");  // offset 6, off_end = 7
  Schedule f = ComputeForecast(plan_, net_, *cal_, progress_, D("2027-01-19"));
  EXPECT_EQ(At(f, "g").es, 7);
  EXPECT_EQ(At(f, "g").ef, 7);
  EXPECT_EQ(At(f, "c").es, 7);
  EXPECT_EQ(f.finish, 11);
}

TEST_F(Forecast, UnpassedGateWaitsForToday) {
  Done("a", "2027-01-11", "2027-01-13");
  Done("b", "2027-01-14", "2027-01-15");
  // The gate is ready but not passed: it is not in the past, so it sits at t.
  Schedule f = ComputeForecast(plan_, net_, *cal_, progress_, D("2027-01-21"));
  EXPECT_EQ(At(f, "g").es, 8);
  EXPECT_EQ(At(f, "c").es, 8);
}

TEST_F(Forecast, DoneMilestoneSpansItsDay) {
  // A done task of any duration takes es = off_start(start), ef = off_end(finish).
  Done("free", "2027-01-12", "2027-01-12");
  Schedule f = ComputeForecast(plan_, net_, *cal_, progress_, D("2027-01-20"));
  EXPECT_EQ(At(f, "free").es, 1);
  EXPECT_EQ(At(f, "free").ef, 2);
}

}  // namespace
}  // namespace rollout
