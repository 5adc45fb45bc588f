// From a scheduled plan to what the database stores beside its text: the
// facts progress commands check, and a baseline.
#pragma once

#include "engine/critical_path.h"
#include "storage/plan_store.h"
#include "tools/cli/plan_file.h"

namespace rollout {

/// Tasks (with kind and assignees), people, leaf links and upstream gates.
PlanFacts FactsOf(const ScheduledPlan& s);

/// A baseline of |schedule| (the plan's own, or a forecast) for |s|'s tasks;
/// with |assigned| (per task, a levelled schedule's people) each task keeps
/// its people.
Baseline BaselineOf(const ScheduledPlan& s, const Schedule& schedule,
                    const std::vector<std::vector<std::string>>* assigned = nullptr);

/// The kind of task |i|: task, milestone, gate or group.
const char* KindOf(const Task& t);

}  // namespace rollout
