#include "engine/critical_path.h"

#include <gtest/gtest.h>

#include "workflows/plan_reader.h"

namespace rollout {
namespace {

struct Scheduled {
  Plan plan;
  Schedule s;
  const TaskTimes& operator[](const std::string& id) const {
    return s.tasks[plan.FindTask(id)];
  }
};

Scheduled ScheduleText(const std::string& yaml) {
  Result<Plan> r = ReadPlan("test.yaml", yaml);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.errors()[0].message);
  Scheduled out{std::move(r.value()), {}};
  Network net = std::move(BuildNetwork(out.plan, IndexTasks(out.plan)).value());
  WorkCalendar cal(out.plan.calendar, out.plan.start);
  out.s = ComputeCriticalPath(out.plan, net, PlanInput(out.plan, net, cal));
  return out;
}

//   a(3) --> b(2) --> d(1)
//     \--> c(1) ---/
TEST(CriticalPath, SingleChainAndFloat) {
  Scheduled x = ScheduleText(R"(plan: p
start: 2027-01-11
tasks:
  - {id: a, duration: 3}
  - {id: b, duration: 2, after: [a]}
  - {id: c, duration: 1, after: [a]}
  - {id: d, duration: 1, after: [b, c]}
)");
  EXPECT_EQ(x.s.finish, 6);
  EXPECT_EQ(x["d"].es, 5);
  EXPECT_EQ(x["c"].total_float, 1);
  EXPECT_EQ(x["c"].free_float, 1);
  EXPECT_TRUE(x["b"].critical);
  EXPECT_FALSE(x["c"].critical);
  ASSERT_EQ(x.s.critical_path.size(), 3u);
  EXPECT_EQ(x.plan.tasks[x.s.critical_path[1]].id, "b");
}

TEST(CriticalPath, AllLinkTypesWithLags) {
  Scheduled x = ScheduleText(R"(plan: p
start: 2027-01-11
tasks:
  - {id: a, duration: 4}
  - {id: ss, duration: 2, after: [{task: a, type: SS, lag: 1}]}
  - {id: ff, duration: 2, after: [{task: a, type: FF, lag: 2}]}
  - {id: sf, duration: 3, after: [{task: a, type: SF, lag: 5}]}
  - {id: neg, duration: 1, after: [{task: a, type: FS, lag: -2}]}
)");
  EXPECT_EQ(x["ss"].es, 1);
  EXPECT_EQ(x["ff"].ef, 6);
  EXPECT_EQ(x["ff"].es, 4);
  EXPECT_EQ(x["sf"].ef, 5);
  EXPECT_EQ(x["sf"].es, 2);
  EXPECT_EQ(x["neg"].es, 2);
  EXPECT_EQ(x.s.finish, 6);
  // FF: lf_a <= lf_ff - 2 = 4, so a is critical.
  EXPECT_EQ(x["a"].lf, 4);
  EXPECT_TRUE(x["a"].critical);
}

TEST(CriticalPath, GroupsExpandToLeavesAndSummarise) {
  Scheduled x = ScheduleText(R"(plan: p
start: 2027-01-11
tasks:
  - id: g
    tasks:
      - {id: a, duration: 2}
      - {id: b, duration: 5}
  - {id: c, duration: 1, after: [g]}
  - id: h
    after: [a]
    tasks:
      - {id: d, duration: 1}
)");
  EXPECT_EQ(x["c"].es, 5);
  EXPECT_EQ(x["d"].es, 2);
  EXPECT_EQ(x["g"].es, 0);
  EXPECT_EQ(x["g"].ef, 5);
  EXPECT_EQ(x["g"].total_float, 0);
  EXPECT_EQ(x["h"].ef, 3);
}

TEST(CriticalPath, DeadlineGivesNegativeFloat) {
  Scheduled x = ScheduleText(R"(plan: p
start: 2027-01-11
tasks:
  - {id: a, duration: 5}
  - {id: b, duration: 5, after: [a], deadline: 2027-01-19}
)");
  // The deadline is offset 7 (Mon 11 .. Tue 19 = 7 working days).
  EXPECT_EQ(x["b"].lf, 7);
  EXPECT_EQ(x["b"].total_float, -3);
  EXPECT_EQ(x["a"].total_float, -3);
}

TEST(CriticalPath, NotBeforeAndMilestoneDates) {
  Scheduled x = ScheduleText(R"(plan: p
start: 2027-01-11
tasks:
  - {id: a, duration: 2, not_before: 2027-01-13}
  - {id: m, duration: 0, after: [a]}
  - {id: z, duration: 0}
)");
  EXPECT_EQ(x["a"].es, 2);
  EXPECT_EQ(x["m"].es, 4);
  WorkCalendar cal(x.plan.calendar, x.plan.start);
  EXPECT_EQ(FormatDate(DatesOf(cal, 4, 4).start), "2027-01-14");  // end of the day before
  EXPECT_EQ(FormatDate(DatesOf(cal, 0, 0).start), "2027-01-11");
}

}  // namespace
}  // namespace rollout
