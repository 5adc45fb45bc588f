// Schedule risk (plan-format.md §8): a Monte Carlo over the network. Each
// iteration draws the duration of every estimated task from its three-point
// distribution (triangular, or PERT as a scaled Beta), rounds it up to whole
// working days and runs the critical path method of engine/critical_path.h
// on the network built once (only the durations change); with levelling,
// one serial schedule-generation pass with the people and the task order of
// the deterministic levelled schedule. Pure: no I/O, no clock, no exceptions.
//
// The result does not depend on the number of threads: iterations come in
// blocks of kRiskBlock, block b draws from its own generator seeded from
// (seed, b), and everything summed over iterations is an integer (exact in
// any order). Design and cost: docs/risk.md.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/critical_path.h"
#include "engine/level_problem.h"
#include "engine/network.h"
#include "engine/plan.h"

namespace rollout {

/// Iterations drawn from one generator stream.
inline constexpr int kRiskBlock = 128;

/// What one node of the network does in an iteration.
struct RiskNode {
  bool drawn = false;  // draws from |estimate|; else fixed at the base duration
  Estimate estimate;   // working days (drawn only)
  /// The shortest duration the node can take: a started task has been
  /// running, so it lasts at least until the day after today (engine/forecast.h).
  int floor = 0;
};

/// The levelled variant: the problem with every node's people fixed and the
/// activity list of the deterministic levelled schedule.
struct RiskLevelling {
  LevelProblem problem;   // people fixed (WithPeopleFixed); pinned actuals if any
  std::vector<int> list;  // activity list: a topological order
};

/// Everything a run needs besides the options. |base| is the deterministic
/// input (the plan's, or the forecast's at now); |nodes| is parallel to it.
struct RiskInput {
  CpmInput base;
  std::vector<RiskNode> nodes;
  std::optional<RiskLevelling> levelling;
};

struct RiskOptions {
  RiskDistribution distribution = RiskDistribution::kTriangular;
  int iterations = 10000;  // 1..kMaxRiskIterations
  uint64_t seed = 1;
  int threads = 0;  // 0 = std::thread::hardware_concurrency()
};

struct RiskResult {
  int iterations = 0;
  std::vector<int> finish;  // project length F of each iteration, sorted ascending
  double mean_finish = 0;   // working days
  /// Per node: iterations in which the node was critical (total float <= 0).
  std::vector<int64_t> critical;
  /// Per node: iterations in which ef <= base.max_lf (the deadline kept);
  /// meaningful only for nodes with a deadline.
  std::vector<int64_t> deadline_kept;
  /// Per node: Pearson correlation of the drawn duration and F; 0 when either
  /// does not vary.
  std::vector<double> cruciality;

  /// The smallest F by which at least |percent| % of the iterations finished.
  int Percentile(int percent) const;
  /// The share of iterations with F <= |offset|.
  double ShareFinishedBy(int offset) const;
};

/// The nodes of a plain schedule: every task with an estimate is drawn.
std::vector<RiskNode> PlanRiskNodes(const Plan& plan, const Network& net);

/// The nodes of a forecast at now whose input is |forecast|
/// (engine/forecast.h ForecastInput) and whose tasks |done| (per node) are
/// done: done work stays at its actuals; a started task (fixed es, not done)
/// draws its whole duration and lasts at least until the day after |today|
/// (offset |t|); the rest draws as in the plan.
std::vector<RiskNode> ForecastRiskNodes(const Plan& plan, const Network& net,
                                        const CpmInput& forecast, const std::vector<bool>& done,
                                        int t);

/// The levelled variant of |input| for levelling |problem| (BuildLevelProblem
/// of the plan): each node keeps the people |people| (per node, indices of
/// Plan::people) and nodes go in the order of |es| (the deterministic
/// levelled schedule). Nodes fixed in |input|.base are pinned there.
RiskLevelling MakeRiskLevelling(LevelProblem problem, const CpmInput& base,
                                const std::vector<std::vector<int>>& people,
                                const std::vector<int>& es);

/// Runs the Monte Carlo. REQUIRES: |input| built for |net|, options.iterations >= 1.
RiskResult RunRisk(const Network& net, const RiskInput& input, const RiskOptions& options);

}  // namespace rollout
