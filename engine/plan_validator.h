// Semantic checks of a plan that the reader could parse (plan-format.md §1):
// references, role counts, group rules, duplicate ids and cycles.
#pragma once

#include <chrono>
#include <cstdint>

#include "engine/network.h"
#include "engine/plan.h"
#include "engine/result.h"

namespace rollout {

// Limits (docs/plan-format.md "Limits"). Every date of a plan, and every date
// its schedule reaches, lies in [kMinDate, kMaxDate]; with durations and lags
// bounded too, no offset of a schedule overflows an int.
inline constexpr Date kMinDate =
    std::chrono::sys_days(std::chrono::year(1900) / 1 / 1).time_since_epoch().count();
inline constexpr Date kMaxDate =
    std::chrono::sys_days(std::chrono::year(9999) / 12 / 31).time_since_epoch().count();
inline constexpr int kMaxDuration = 100000;  // working days
inline constexpr int kMaxLag = 100000;       // working days, either sign
/// Iterations of a Monte Carlo run (`risk.iterations`, `--iterations`).
inline constexpr int kMaxRiskIterations = 1000000;
/// Calendar dates that `holidays` and `working` may name in all (each range
/// is stored day by day), and the same for the `off` days of all people.
inline constexpr int64_t kMaxCalendarDays = 3000000;
inline constexpr int64_t kMaxOffDays = 10000000;
/// Task-to-task links once links from and to groups are expanded.
inline constexpr int64_t kMaxExpandedLinks = 20000000;

/// Every problem found, sorted by position; empty when the plan is valid.
Errors ValidatePlan(const Plan& plan);

/// The same; when the plan is valid and |net| is not null, also hands out
/// the network built for the cycle check, so that the caller need not build
/// it again (a million-task plan spends most of a validation there).
Errors ValidatePlan(const Plan& plan, Network* net);

/// The same on |threads| threads (0: two for a plan of
/// TaskIndex::kParallelTasks tasks or more on a machine with two cores,
/// else one); the answer does not depend on them.
Errors ValidatePlan(const Plan& plan, Network* net, unsigned threads);

}  // namespace rollout
