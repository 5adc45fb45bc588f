// Schedule risk of a plan file or of a stored project (plan-format.md §8):
// the Monte Carlo of engine/risk.h on the plan's schedule, or on the
// forecast at now with done work fixed at its actuals, and what
// `rollout risk` shows of it. Prints nothing.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/scheduled_plan.h"
#include "app/session.h"
#include "engine/result.h"
#include "engine/risk.h"
#include "workflows/phase_timer.h"

namespace rollout {

/// What the command line may override of the plan's `risk` settings.
struct RiskRequest {
  std::optional<int> iterations;
  std::optional<uint64_t> seed;
  bool level = false;  // the levelled schedule in every iteration
  int threads = 0;     // 0 = every core
};

inline constexpr std::array<int, 4> kRiskPercents = {10, 50, 80, 90};

struct RiskDeadline {
  int task = 0;  // index in Plan::tasks
  Date deadline = 0;
  double probability = 0;  // share of iterations in which the task finished by it
};

struct RiskTask {
  int task = 0;        // index in Plan::tasks (leaf tasks, plan order)
  bool drawn = false;  // has an estimate that varies in this run
  double criticality = 0;
  double cruciality = 0;
};

struct RiskReport {
  ScheduledPlan s;      // s.schedule: the deterministic schedule (or forecast) compared with
  RiskOptions options;  // as run
  bool levelled = false;
  bool from_database = false;
  std::string warning;  // why a levelled run fell back to the plain one
  RiskResult result;
  int deterministic_duration = 0;
  Date deterministic_finish = 0;
  std::array<int, 4> percentile{};  // offsets F of kRiskPercents
  std::array<Date, 4> percentile_date{};
  double on_time_deterministic = 0;
  std::optional<Date> baseline_finish;
  std::optional<double> on_time_baseline;
  std::vector<RiskDeadline> deadlines;  // tasks with a deadline, plan order
  std::vector<RiskTask> tasks;          // leaf tasks, plan order

  /// The date of the last working day of a project of length |f|.
  Date FinishDate(int f) const;
};

/// The risk of a plan file (validated and scheduled; with request.level,
/// levelled here unless s.levelled says it already is). Fails only when
/// levelling is impossible.
Result<RiskReport> RiskOfPlan(ScheduledPlan s, const RiskRequest& request);

/// The risk of the session's project: its forecast at session.today, done
/// work at its actuals, started work drawn again but lasting at least until
/// tomorrow; levelled when the stored plan is levelled or |request| asks.
/// REQUIRES: the session was opened with the plan's text.
Result<RiskReport> RiskOfProject(const Session& session, const RiskRequest& request,
                                 PhaseTimer* timer = nullptr);

}  // namespace rollout
