// The stored plan with everything recorded against it and its forecast at
// now: what the reporting commands (tasks, schedule, status) show.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/progress.h"
#include "storage/plan_store.h"
#include "tools/cli/db_context.h"
#include "tools/cli/plan_file.h"

namespace rollout {

struct DbView {
  ScheduledPlan s;  // s.schedule is the forecast at now
  Progress progress;
  std::optional<Baseline> baseline;
  /// Per task: AssigneesOf, or for a levelled plan the people of the
  /// levelled forecast; gates: approvers.
  std::vector<std::vector<std::string>> people;
  std::vector<std::vector<int>> preds;  // per task: direct network predecessors

  /// "planned", "started", "done"; gates: "closed", "ready", "passed", "rejected".
  std::string StateOf(int task) const;
  bool IsDone(int task) const;  // done, or a passed gate
  /// Forecast dates of task |task|.
  TaskDates ForecastDates(int task) const;
  /// The baseline entry of |task|, or nullptr.
  const BaselineTask* BaselineOf(int task) const;
  /// Not done and forecast to finish after its baseline finish.
  bool IsLate(int task) const;
  /// Direct network predecessors of leaf |task| (indices in Plan::tasks).
  const std::vector<int>& Predecessors(int task) const { return preds[task]; }
};

/// Reads progress and the baseline in one snapshot, reparses the plan and
/// computes the forecast at ctx.today (levelled for a levelled plan version,
/// engine/runtime/stored_forecast.h). Prints and returns an exit code.
int LoadDbView(DbContext& ctx, DbView* view);

}  // namespace rollout
