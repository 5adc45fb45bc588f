// What the reporting commands show (tasks, status, projects, schedule from
// the database), as plain values computed from a ProjectView. The local
// command and the team server compute them with the same functions; the
// server sends them as JSON (app/wire.h) and the client reads them back,
// so both paths hand one value to one renderer (tools/cli).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/project_view.h"
#include "app/session.h"
#include "storage/records.h"

namespace rollout {

// --- rollout tasks ------------------------------------------------------

struct TaskFilter {
  bool mine = false;   // assigned to the actor (gates: approved by them)
  bool ready = false;  // not done, every predecessor done
  bool late = false;   // not done, forecast after the baseline
};

struct TaskLine {
  std::string id, name, kind, state;
  std::vector<std::string> assigned;
  std::optional<std::string> start, finish;  // baseline dates
  std::string forecast_start, forecast_finish;
  bool late = false;
  std::optional<double> percent;  // ProjectView::PercentOf
  std::optional<int> remaining;   // ProjectView::RemainingOf
  std::string deliverable, notes;
};

/// kUnknownPerson (naming the people there are) when |actor| is not a
/// person of |v|'s plan: `tasks --mine` of nobody is an error, not an empty list.
std::optional<Error> UnknownPersonOf(const ProjectView& v, const std::string& actor);

/// The leaf tasks and gates of |v| that pass |filter|, in plan order.
std::vector<TaskLine> TaskLines(const ProjectView& v, const TaskFilter& filter,
                                const std::string& actor);

// --- rollout status ------------------------------------------------------

struct StatusLate {
  std::string id, name;
  std::string due;  // baseline finish, or "?"
  std::string forecast;
  std::vector<std::string> people;
};

struct StatusGate {
  std::string id, name, state, forecast;
  std::string action;            // "approve" or "finish"
  std::vector<std::string> who;  // approvers, or "task (people)" of unfinished predecessors
};

struct StatusMissed {
  std::string id, name, state;
  std::string forecast, deadline;  // YYYY-MM-DD
  int late = 0;                    // working days
};

struct StatusReport {
  std::string plan, title, loaded_by, now;
  int version = 0;
  int done = 0, started = 0, planned = 0, gates_passed = 0, gates_open = 0;
  std::string forecast_finish;
  std::optional<std::string> baseline_finish;
  int slip_days = 0;
  std::vector<StatusLate> late;  // every late task
  std::vector<StatusMissed> missed;  // deadlines the forecast misses (engine/deadlines.h)
  std::vector<StatusGate> next_gates;
};

inline constexpr size_t kStatusMaxGates = 3;

StatusReport StatusOf(const Session& session, const ProjectView& v);

// --- rollout projects ------------------------------------------------------

struct ProjectLine {
  ProjectRow row;
  std::string forecast;  // YYYY-MM-DD, or empty when it cannot be computed
  int slip = 0;          // working days, forecast - baseline
  bool has_baseline = false;
};

/// Every project of |store| with its forecast at |request|'s now (its
/// project field is ignored).
Result<std::vector<ProjectLine>> ProjectLines(Store& store, const SessionRequest& request);

// --- rollout schedule (from the database) -------------------------------

struct ScheduleRow {
  std::string id, name;
  bool group = false;
  int depth = 0;     // nesting in groups
  std::string mark;  // "◆ " gate, "◇ " milestone, else ""
  int duration = 0, es = 0, ef = 0, ls = 0, lf = 0, total_float = 0, free_float = 0;
  bool critical = false;
  std::string start, finish;  // the table's dates (a group's span)
  std::vector<std::string> assigned;
};

struct ScheduleReport {
  std::string plan, start, finish, forecast_at;
  int duration = 0;
  bool levelled = false;
  std::vector<ScheduleRow> tasks;
  std::vector<std::string> critical_path;
};

/// The report of a scheduled plan; |forecast_at| is the time it is a
/// forecast at (empty for a plan file).
ScheduleReport ScheduleReportOf(const ScheduledPlan& s, const std::string& forecast_at);

}  // namespace rollout
