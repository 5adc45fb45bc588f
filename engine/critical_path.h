// The critical path method (plan-format.md §4): forward and backward passes
// over the network's one topological order, floats, critical flags.
//
// Textbook CPM (Kelley & Walker) with the four precedence types and lags of
// the precedence diagramming method, on integer working-day offsets. The
// passes read and write flat arrays indexed by node; nothing is allocated per
// node. Groups are summarised from their leaves afterwards.
#pragma once

#include <climits>
#include <vector>

#include "engine/network.h"
#include "engine/plan.h"
#include "engine/work_calendar.h"

namespace rollout {

/// Per-node inputs of a pass. The plain schedule of a file fills them from
/// the plan; the forecast (cli.md) overrides them with actuals.
struct CpmInput {
  std::vector<int> duration;  // working days
  std::vector<int> min_es;    // lower bound on es (not_before, "now")
  std::vector<int> max_lf;    // upper bound on lf (deadline); INT_MAX if none
  std::vector<int> fixed_es;  // actual start offset, or kNotFixed
  static constexpr int kNotFixed = INT_MIN;
};

/// Times of one task or group, in working-day offsets.
struct TaskTimes {
  int es = 0, ef = 0, ls = 0, lf = 0;
  int total_float = 0;
  int free_float = 0;  // leaves only
  bool critical = false;
};

struct Schedule {
  std::vector<TaskTimes> tasks;     // parallel to Plan::tasks
  int finish = 0;                   // F = max ef over leaves
  std::vector<int> critical_path;   // critical leaves ordered by (es, ef, id)
};

/// The two passes over the nodes alone (no groups, no critical path): the
/// arrays are indexed by node and reused from one run to the next, so that
/// repeated runs on one network with other inputs (engine/risk.h) allocate
/// nothing.
struct CpmPasses {
  std::vector<int> es, ef, ls, lf, free_float;
  int finish = 0;          // F = max ef
  std::vector<int> bound;  // scratch of the forward pass
};

/// Runs the forward and the backward pass into |out| (reusing its arrays).
/// REQUIRES: the vectors of |input| have net.size() entries.
void RunPasses(const Network& net, const CpmInput& input, CpmPasses* out);

/// The inputs of the plain schedule: durations, not_before and deadlines.
CpmInput PlanInput(const Plan& plan, const Network& net, const WorkCalendar& cal);

/// Runs both passes and summarises groups.
/// REQUIRES: the vectors of |input| have net.size() entries.
Schedule ComputeCriticalPath(const Plan& plan, const Network& net, const CpmInput& input);

/// Dates of a scheduled task (plan-format.md §4 "Calendar dates").
struct TaskDates {
  Date start = 0;
  Date finish = 0;
};
TaskDates DatesOf(const WorkCalendar& cal, int es, int ef);

}  // namespace rollout
