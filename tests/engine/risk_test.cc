#include "engine/risk.h"

#include <gtest/gtest.h>

#include <boost/math/distributions/beta.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "engine/leveller.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

struct Net {
  Plan plan;
  Network net;
  std::unique_ptr<WorkCalendar> cal;
  RiskInput input;

  int Node(const std::string& id) const { return net.task_node[plan.FindTask(id)]; }
};

Net NetOf(const std::string& yaml) {
  Result<Plan> r = ReadPlan("test.yaml", yaml);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.errors()[0].message);
  Net s;
  s.plan = std::move(r.value());
  s.net = std::move(BuildNetwork(s.plan, IndexTasks(s.plan)).value());
  s.cal = std::make_unique<WorkCalendar>(s.plan.calendar, s.plan.start);
  s.input.base = PlanInput(s.plan, s.net, *s.cal);
  s.input.nodes = PlanRiskNodes(s.plan, s.net);
  return s;
}

RiskResult Simulate(const Net& s, int iterations, uint64_t seed = 1, int threads = 1,
                    RiskDistribution d = RiskDistribution::kTriangular) {
  RiskOptions o;
  o.iterations = iterations;
  o.seed = seed;
  o.threads = threads;
  o.distribution = d;
  return RunRisk(s.net, s.input, o);
}

// CDF of the triangular distribution (a, c, b) at x, integrated by hand.
double TriangularCdf(double x, double a, double c, double b) {
  if (a == b) return x >= a ? 1 : 0;
  if (x <= a) return 0;
  if (x >= b) return 1;
  if (x <= c) return (x - a) * (x - a) / ((b - a) * (c - a));
  return 1 - (b - x) * (b - x) / ((b - a) * (b - c));
}

// The exact mean of ceil(X): sum over k >= 0 of P(ceil X > k) = P(X > k).
template <typename Cdf>
double MeanRoundedUp(int a, int b, Cdf cdf) {
  double mean = a;
  for (int k = a; k < b; ++k) mean += 1 - cdf(k);
  return mean;
}

struct Three {
  int a, m, b;
};

std::string ChainPlan(const std::vector<Three>& tasks) {
  std::string yaml = "plan: chain\nstart: 2027-01-11\ntasks:\n";
  for (size_t i = 0; i < tasks.size(); ++i) {
    yaml += "  - {id: t" + std::to_string(i) + ", estimate: {min: " + std::to_string(tasks[i].a) +
            ", likely: " + std::to_string(tasks[i].m) + ", max: " + std::to_string(tasks[i].b) +
            "}";
    if (i > 0) yaml += ", after: [t" + std::to_string(i - 1) + "]";
    yaml += "}\n";
  }
  return yaml;
}

const std::vector<Three> kChain = {{1, 3, 7}, {2, 2, 5}, {0, 4, 4},  {3, 5, 10},
                                   {1, 1, 1}, {2, 6, 9}, {4, 5, 12}, {0, 1, 3}};

//   t0 -> t1 -> ... -> t7: F is the sum of the rounded-up durations.
TEST(Risk, ChainMeanIsSumOfRoundedUpMeans) {
  const Net s = NetOf(ChainPlan(kChain));
  double exact = 0;
  for (const Three& t : kChain)
    exact += MeanRoundedUp(t.a, t.b, [&](double x) { return TriangularCdf(x, t.a, t.m, t.b); });
  const RiskResult r = Simulate(s, 10000);
  EXPECT_NEAR(r.mean_finish, exact, 0.01 * exact);
  // Rounding up matters: the mean of the unrounded durations is about 3.5 days less.
  double unrounded = 0;
  for (const Three& t : kChain) unrounded += (t.a + t.m + t.b) / 3.0;
  EXPECT_GT(exact - unrounded, 2.0);
  EXPECT_GT(std::abs(r.mean_finish - unrounded), 0.01 * exact);
}

TEST(Risk, PertChainMeanIsSumOfRoundedUpBetaMeans) {
  const Net s = NetOf(ChainPlan(kChain));
  double exact = 0;
  for (const Three& t : kChain) {
    if (t.a == t.b) {
      exact += t.a;
      continue;
    }
    const double w = t.b - t.a;
    boost::math::beta_distribution<double> beta(1 + 4.0 * (t.m - t.a) / w,
                                                1 + 4.0 * (t.b - t.m) / w);
    exact +=
        MeanRoundedUp(t.a, t.b, [&](double x) { return boost::math::cdf(beta, (x - t.a) / w); });
  }
  const RiskResult r = Simulate(s, 10000, 1, 1, RiskDistribution::kPert);
  EXPECT_NEAR(r.mean_finish, exact, 0.01 * exact);
  // PERT puts more weight on likely than the triangular does: another mean.
  const RiskResult tri = Simulate(s, 10000);
  EXPECT_GT(std::abs(r.mean_finish - tri.mean_finish), 0.5);
}

//   m0 --.
//   m1 ---+   no links: F = the longest of the four
//   m2 ---+
//   m3 --'
TEST(Risk, MergePercentilesFollowTheDistributionOfTheMaximum) {
  const std::vector<Three> k = {{2, 4, 9}, {3, 4, 8}, {1, 5, 7}, {4, 4, 10}};
  std::string yaml = "plan: merge\nstart: 2027-01-11\ntasks:\n";
  for (size_t i = 0; i < k.size(); ++i)
    yaml += "  - {id: m" + std::to_string(i) + ", estimate: {min: " + std::to_string(k[i].a) +
            ", likely: " + std::to_string(k[i].m) + ", max: " + std::to_string(k[i].b) + "}}\n";
  const Net s = NetOf(yaml);
  auto exact_cdf = [&](int d) {
    double p = 1;
    for (const Three& t : k) p *= TriangularCdf(d, t.a, t.m, t.b);
    return p;
  };
  const RiskResult r = Simulate(s, 10000);
  for (int d = 0; d <= 11; ++d) EXPECT_NEAR(r.ShareFinishedBy(d), exact_cdf(d), 0.015) << d;
  for (int percent : {10, 50, 80, 90}) {
    int q = 0;
    while (exact_cdf(q) < percent / 100.0) ++q;
    // Far enough from the step on both sides that sampling noise cannot move it.
    ASSERT_GT(exact_cdf(q) - percent / 100.0, 0.02);
    ASSERT_GT(percent / 100.0 - exact_cdf(q - 1), 0.02);
    EXPECT_EQ(r.Percentile(percent), q) << "P" << percent;
  }
  // The merge makes the deterministic finish (the largest likely, 5) optimistic.
  EXPECT_NEAR(r.ShareFinishedBy(5), exact_cdf(5), 0.015);
  EXPECT_LT(r.ShareFinishedBy(5), 0.1);
}

//   a(3) -> b(2) -> d(1);  a -> c(1) -> d
TEST(Risk, WithoutEstimatesEveryIterationIsTheCpm) {
  const Net s = NetOf(R"(plan: p
start: 2027-01-11
tasks:
  - {id: a, duration: 3}
  - {id: b, duration: 2, after: [a]}
  - {id: c, duration: 1, after: [a]}
  - {id: d, duration: 1, after: [b, c]}
)");
  const RiskResult r = Simulate(s, 500, 7, 2);
  for (int percent : {10, 50, 80, 90}) EXPECT_EQ(r.Percentile(percent), 6);
  EXPECT_DOUBLE_EQ(r.mean_finish, 6);
  EXPECT_DOUBLE_EQ(r.ShareFinishedBy(6), 1);
  EXPECT_DOUBLE_EQ(r.ShareFinishedBy(5), 0);
  EXPECT_EQ(r.critical[s.Node("b")], 500);
  EXPECT_EQ(r.critical[s.Node("c")], 0);
  EXPECT_EQ(r.cruciality[s.Node("a")], 0);
}

// a draws a long tail; b is fixed at 5 days beside it. a is critical when it
// lasts >= 5 days, b when a lasts <= 5.
TEST(Risk, CriticalityAndCrucialityOfTwoParallelTasks) {
  const Net s = NetOf(R"(plan: p
start: 2027-01-11
tasks:
  - {id: a, estimate: {min: 1, likely: 2, max: 20}}
  - {id: b, duration: 5}
)");
  const RiskResult r = Simulate(s, 10000, 3, 2);
  auto cdf = [](double x) { return TriangularCdf(x, 1, 2, 20); };
  EXPECT_NEAR(r.critical[s.Node("a")] / 10000.0, 1 - cdf(4), 0.015);
  EXPECT_NEAR(r.critical[s.Node("b")] / 10000.0, cdf(5), 0.015);
  EXPECT_GT(r.cruciality[s.Node("a")], 0.8);  // F = max(a, 5): mostly a
  EXPECT_EQ(r.cruciality[s.Node("b")], 0);    // not drawn
}

TEST(Risk, SameSeedSameResultWhateverTheThreads) {
  const Net s =
      NetOf(ChainPlan(kChain) + "  - {id: side, estimate: {min: 10, likely: 20, max: 40}}\n");
  const RiskResult one = Simulate(s, 3001, 42, 1);
  for (int threads : {2, 3, 8}) {
    const RiskResult many = Simulate(s, 3001, 42, threads);
    EXPECT_EQ(many.finish, one.finish) << threads;
    EXPECT_EQ(many.critical, one.critical) << threads;
    EXPECT_EQ(many.deadline_kept, one.deadline_kept) << threads;
    EXPECT_EQ(many.cruciality, one.cruciality) << threads;
    EXPECT_EQ(many.mean_finish, one.mean_finish) << threads;
  }
  EXPECT_NE(Simulate(s, 3001, 43, 1).finish, one.finish);
}

TEST(Risk, DeadlineKeptIsTheShareFinishingByIt) {
  // Day 0 is Monday 2027-01-11: the deadline Friday 2027-01-15 is offset 5.
  const Net s = NetOf(R"(plan: p
start: 2027-01-11
tasks:
  - {id: a, estimate: {min: 2, likely: 4, max: 8}, deadline: 2027-01-15}
)");
  const RiskResult r = Simulate(s, 10000);
  EXPECT_NEAR(r.deadline_kept[s.Node("a")] / 10000.0, TriangularCdf(5, 2, 4, 8), 0.015);
}

TEST(Risk, StartedTaskLastsAtLeastUntilTomorrowDoneTaskIsFixed) {
  Net s = NetOf(R"(plan: p
start: 2027-01-11
tasks:
  - {id: done, estimate: {min: 1, likely: 2, max: 9}}
  - {id: started, estimate: {min: 1, likely: 2, max: 4}, after: [done]}
)");
  // As a forecast at offset t = 6: `done` took 3 days, `started` began at 3.
  s.input.base.fixed_es[s.Node("done")] = 0;
  s.input.base.duration[s.Node("done")] = 3;
  s.input.base.fixed_es[s.Node("started")] = 3;
  s.input.base.duration[s.Node("started")] = 4;
  std::vector<bool> done(s.net.size(), false);
  done[s.Node("done")] = true;
  s.input.nodes = ForecastRiskNodes(s.plan, s.net, s.input.base, done, 6);
  EXPECT_FALSE(s.input.nodes[s.Node("done")].drawn);
  EXPECT_TRUE(s.input.nodes[s.Node("started")].drawn);
  EXPECT_EQ(s.input.nodes[s.Node("started")].floor, 4);
  const RiskResult r = Simulate(s, 1000);
  // started: max(draw in 1..4, 4) = 4 days from offset 3, whatever it draws.
  EXPECT_EQ(r.Percentile(10), 7);
  EXPECT_EQ(r.Percentile(90), 7);
}

// Two tasks for the one person: levelled, one follows the other, so F is
// the sum of both; without levelling they run side by side (the maximum).
TEST(Risk, LevelledIterationsKeepPeopleApart) {
  Net s = NetOf(R"(plan: p
start: 2027-01-11
roles: {dev: {name: Dev}}
people:
  - {id: ann, roles: [dev]}
tasks:
  - {id: x, estimate: {min: 1, likely: 3, max: 6}, needs: {dev: 1}}
  - {id: y, estimate: {min: 2, likely: 4, max: 8}, needs: {dev: 1}}
)");
  auto mean = [](int a, int m, int b) {
    return MeanRoundedUp(a, b, [&](double x) { return TriangularCdf(x, a, m, b); });
  };
  const RiskResult plain = Simulate(s, 10000);
  EXPECT_LT(plain.mean_finish, mean(2, 4, 8) + 1.0);

  Result<LevelledSchedule> det = LevelPlan(s.plan, s.net, *s.cal, {});
  ASSERT_TRUE(det.ok());
  EXPECT_EQ(det.value().schedule.finish, 7);
  std::vector<std::vector<int>> people(s.net.size(), std::vector<int>{0});
  std::vector<int> es(s.net.size());
  for (size_t v = 0; v < s.net.size(); ++v)
    es[v] = det.value().schedule.tasks[s.net.node_task[v]].es;
  s.input.levelling =
      MakeRiskLevelling(BuildLevelProblem(s.plan, s.net, *s.cal).value(), s.input.base, people, es);
  const RiskResult levelled = Simulate(s, 10000, 1, 2);
  const double exact = mean(1, 3, 6) + mean(2, 4, 8);
  EXPECT_NEAR(levelled.mean_finish, exact, 0.01 * exact);
  // The floats of a levelled schedule follow links only (plan-format.md §5):
  // the task levelled last ends the project in every iteration...
  EXPECT_EQ(std::max(levelled.critical[s.Node("x")], levelled.critical[s.Node("y")]), 10000);
  // ...and the duration of each drives the finish (F = x + y).
  EXPECT_GT(levelled.cruciality[s.Node("x")], 0.5);
  EXPECT_GT(levelled.cruciality[s.Node("y")], 0.5);
  EXPECT_EQ(Simulate(s, 10000, 1, 1).finish, levelled.finish);
}

}  // namespace
}  // namespace rollout
