// Deadlines a schedule misses (cli.md "Remaining work and views
// mid-project"): one rule for `plan check`, `load`, `status`, the Gantt and
// the engine's deadline_risk alert.
#pragma once

#include <optional>
#include <vector>

#include "engine/critical_path.h"
#include "engine/plan.h"
#include "engine/work_calendar.h"

namespace rollout {

struct MissedDeadline {
  int task = -1;      // index in Plan::tasks
  Date finish = 0;    // the schedule's finish date of the task
  Date deadline = 0;
  int late = 0;       // working days after the deadline: off_end(finish) − off_end(deadline)
};

/// Leaf task |i| of |schedule| when it finishes after its deadline.
std::optional<MissedDeadline> DeadlineMissed(const Plan& plan, const WorkCalendar& cal,
                                             const Schedule& schedule, int i);

/// Every leaf task, gate and milestone of |schedule| finishing after its
/// deadline, in plan order.
std::vector<MissedDeadline> MissedDeadlines(const Plan& plan, const WorkCalendar& cal,
                                            const Schedule& schedule);

}  // namespace rollout
