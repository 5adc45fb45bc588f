// What every exporter of formats/ reads: a scheduled plan and, when it comes
// from the database, the progress and baseline recorded against it. The CLI
// fills it from a plan file (app/scheduled_plan.h) or from the database's
// forecast at now (app/project_view.h); formats/ never opens a file or a
// database itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/critical_path.h"
#include "engine/plan.h"
#include "engine/progress.h"
#include "engine/work_calendar.h"

namespace rollout {

/// One task, group, milestone or gate as an exporter shows it.
struct ExportTask {
  Date start = 0;  // scheduled (or forecast) dates; a group spans its leaves
  Date finish = 0;
  std::vector<std::string> assigned;  // fixed assignees, or the people levelling chose
  std::vector<std::string>
      people;         // who acts on it: assignees or holders of its roles; a gate's approvers
  std::string state;  // planned, started, done; gates closed, ready, passed, rejected
  std::optional<Date> actual_start;
  std::optional<Date> actual_finish;
  int percent_complete = 0;            // 0..100, from progress (database only)
  std::optional<Date> baseline_start;  // baseline 0 (database only)
  std::optional<Date> baseline_finish;
  int baseline_duration = 0;
  /// ics SEQUENCE (database only): plan versions after the first plus the
  /// acts recorded on the task (start, done, reopen, gate decisions). It
  /// never falls and rises with every event that can move the task.
  int sequence = 0;
};

/// REQUIRES: |plan|, |schedule| and |cal| outlive the view; |tasks| is
/// parallel to plan->tasks and schedule->tasks.
struct ExportView {
  const Plan* plan = nullptr;
  const Schedule* schedule = nullptr;
  const WorkCalendar* cal = nullptr;
  std::vector<ExportTask> tasks;
  bool from_database = false;  // progress and baseline fields are meaningful
  Instant stamp = 0;           // when the export was made (ics DTSTAMP), UTC seconds
  std::optional<Date> today;   // database: the plan-local date of now (MSPDI StatusDate)
};

/// The dates of task |i| as every exporter writes them (plan-format.md §4;
/// a group from its first leaf day to its last).
ExportTask ScheduledDates(const ExportView& view, int i);

/// "1.2.3": the outline number of task |i| (its position among its
/// siblings, from the top), which exporters use as the WBS code.
std::vector<std::string> OutlineNumbers(const Plan& plan);

/// Depth of task |i|: 1 for a top-level task.
int OutlineLevel(const Plan& plan, int i);

}  // namespace rollout
