// A stored project with everything recorded against it and its forecast at
// now: what the reporting use cases (tasks, schedule, status) show.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/scheduled_plan.h"
#include "app/session.h"
#include "engine/progress.h"
#include "storage/records.h"
#include "workflows/phase_timer.h"

namespace rollout {

struct ProjectView {
  ScheduledPlan s;  // s.schedule is the forecast at now
  Progress progress;
  std::optional<Baseline> baseline;
  /// Per task: AssigneesOf, or for a levelled plan the people of the
  /// levelled forecast; gates: approvers.
  std::vector<std::vector<std::string>> people;
  std::vector<std::vector<int>> preds;  // per task: direct network predecessors
  std::string warning;                  // why a levelled plan fell back, when it did
  Date today = 0;                       // the date the forecast is at

  /// "planned", "started", "done"; gates: "closed", "ready", "passed", "rejected".
  std::string StateOf(int task) const;
  bool IsDone(int task) const;  // engine/gates.h CountsAsDone
  /// Forecast dates of task |task|.
  TaskDates ForecastDates(int task) const;
  /// The baseline entry of |task|, or nullptr.
  const BaselineTask* BaselineOf(int task) const;
  /// Not done and forecast to finish after its baseline finish.
  bool IsLate(int task) const;
  /// Not done, every direct predecessor done.
  bool IsReady(int task) const;
  /// Direct network predecessors of leaf |task| (indices in Plan::tasks).
  const std::vector<int>& Predecessors(int task) const { return preds[task]; }
  /// Working days left of leaf |task| as the forecast counts them: done 0;
  /// started the last `progress` record, else forecast ef − off_start(today);
  /// planned its duration; gates nullopt.
  std::optional<int> RemainingOf(int task) const;
  /// Percent complete: the recorded percentage, else derived from
  /// RemainingOf and the duration (done 100, planned 0); gates nullopt.
  std::optional<double> PercentOf(int task) const;
  /// The forecast project finish date.
  Date ForecastFinish() const;
};

/// Reads progress and the baseline in one snapshot, parses the plan again
/// and computes the forecast at session.today (levelled for a levelled plan
/// version, app/stored_forecast.h). REQUIRES: the session was opened with
/// the plan's text.
Result<ProjectView> LoadProjectView(const Session& session, PhaseTimer* timer = nullptr);

}  // namespace rollout
