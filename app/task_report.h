// `rollout show TASK`: everything about one task (cli.md "Remaining work and
// views mid-project") — its state and people, baseline and forecast, float,
// the tasks it waits for and those waiting for it, its deadline's margin,
// deliverable and notes, its audit trail and alerts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/project_view.h"
#include "app/session.h"
#include "storage/records.h"

namespace rollout {

/// A task linked to the one shown.
struct LinkedTask {
  std::string id;
  std::string name;
  std::string kind;   // task, milestone, gate, group
  std::string state;  // as ProjectView::StateOf ("" for a group)
  std::string type;   // FS, SS, FF, SF
  int lag = 0;
};

/// A KPI criterion of a gate with the value recorded so far.
struct CriterionState {
  std::string metric;
  std::optional<double> min, max;
  std::optional<double> value;
  bool met = false;
};

struct TaskReport {
  std::string id, name, kind, state;
  std::string group;  // the enclosing group's id, or ""
  std::vector<std::string> people;  // assignees (levelled: the forecast's), gates: approvers
  int duration = 0;
  std::optional<BaselineTask> baseline;
  Date forecast_start = 0, forecast_finish = 0;
  int total_float = 0, free_float = 0;
  bool critical = false;
  bool late = false;  // forecast finish after the baseline finish
  std::optional<Date> started, finished;  // actual dates
  std::optional<int> remaining;
  std::optional<double> percent;
  std::optional<Date> not_before;
  std::optional<Date> deadline;
  /// Working days from the forecast finish to the deadline: off_end(deadline)
  /// − off_end(finish); negative when it is missed.
  std::optional<int> deadline_margin;
  std::string deliverable, notes;
  std::vector<LinkedTask> predecessors, successors;
  std::vector<CriterionState> criteria;  // gates
  std::vector<LogEntry> log;             // entries about this task, oldest first
  std::vector<StoredAlert> alerts;       // every alert about it, acked or not
};

/// The report of |task| (a task, gate, milestone or group) at session.today.
/// Errors: kUnknownTask (with a did-you-mean), those of LoadProjectView.
/// REQUIRES: the session was opened with the plan's text.
Result<TaskReport> ShowTask(const Session& session, const std::string& task);

}  // namespace rollout
