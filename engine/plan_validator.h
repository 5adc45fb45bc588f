// Semantic checks of a plan that the reader could parse (plan-format.md §1):
// references, role counts, group rules, duplicate ids and cycles.
#pragma once

#include "engine/network.h"
#include "engine/plan.h"
#include "engine/result.h"

namespace rollout {

/// Every problem found, sorted by position; empty when the plan is valid.
Errors ValidatePlan(const Plan& plan);

/// The same; when the plan is valid and |net| is not null, also hands out
/// the network built for the cycle check, so that the caller need not build
/// it again (a million-task plan spends most of a validation there).
Errors ValidatePlan(const Plan& plan, Network* net);

}  // namespace rollout
