// Semantic checks of a plan that the reader could parse (plan-format.md §1):
// references, role counts, group rules, duplicate ids and cycles.
#pragma once

#include "engine/plan.h"
#include "engine/result.h"

namespace rollout {

/// Every problem found, sorted by position; empty when the plan is valid.
Errors ValidatePlan(const Plan& plan);

}  // namespace rollout
