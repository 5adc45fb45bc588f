// The report's data (cli.md "The report"): one plain value that the CLI
// (`rollout export html`) and the server (`/`) fill from a plan file or from
// the database, and that RenderReportHtml (report_html.h) turns into a page.
// Only the standard library: no plan model, no store, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rollout::report {

/// A civil date as days since 1970-01-01 (as engine/plan.h Date).
using Day = int32_t;

struct ReportTask {
  std::string id;
  std::string name;  // may be empty: the id is shown then
  int depth = 0;     // WBS depth: 0 for a top-level task or group
  std::string wbs;   // "1.2.3"
  bool group = false;
  bool milestone = false;  // duration 0, not a gate
  bool gate = false;
  std::string state;  // planned, started, done; gates closed, ready, passed, rejected
  int duration = 0;   // working days
  Day start = 0;      // forecast (or scheduled) dates, inclusive
  Day finish = 0;
  int total_float = 0;          // working days
  std::optional<Day> float_until;  // last date the task may finish on without delaying the project
  bool critical = false;
  bool late = false;  // not done and forecast after its baseline finish
  std::optional<Day> baseline_start, baseline_finish;
  std::optional<Day> deadline;
  int deadline_margin = 0;  // working days from the forecast finish to the deadline (< 0: missed)
  std::vector<std::string> people;  // display names
};

enum class LinkKind : uint8_t { kFS, kSS, kFF, kSF };

/// A link between two tasks (indices in ReportData::tasks).
struct ReportLink {
  int from = 0;
  int to = 0;
  LinkKind kind = LinkKind::kFS;
  int lag = 0;
  bool critical = false;  // both ends critical and the link drives the successor
};

struct ReportCriterion {
  std::string metric;  // display name
  std::optional<double> min, max;
  std::optional<double> current;  // the value recorded, if any
  bool met = false;
};

struct ReportGate {
  int task = 0;  // index in ReportData::tasks
  std::string state;
  Day forecast = 0;
  std::vector<ReportCriterion> criteria;
  std::vector<std::string> approvers;  // display names
};

struct ReportAlert {
  std::string kind;  // due_soon, overdue, gate_ready, slip, deadline_risk
  std::string task;  // id or empty
  std::string created_at;
  std::string message;
};

/// One person's work in a levelled schedule.
struct ReportLoad {
  std::string person;  // display name
  std::vector<int> tasks;  // indices in ReportData::tasks
  int busy_days = 0;       // working days of those tasks in this schedule (es..ef)
};

struct ReportData {
  std::string plan_id;
  std::string title;
  std::string lang;         // "en" or "ru"; empty: the thread's language (CurrentLang)
  std::string status_text;  // "2027-01-18T10:00:00+03:00", or the plan's start for a file
  Day today = 0;             // the status date (today's line)
  bool from_database = false;
  bool levelled = false;
  int version = 0;  // the stored plan version (database only)

  Day forecast_finish = 0;
  std::optional<Day> baseline_finish;
  int slip_days = 0;  // working days: > 0 late, < 0 early

  /// The calendar over [calendar_first, calendar_first + non_working.size()):
  /// 0 working, 1 a non-working weekday (weekend), 2 a holiday.
  Day calendar_first = 0;
  std::vector<uint8_t> non_working;

  std::vector<ReportTask> tasks;  // plan order: a group before its tasks
  /// The links as the plan writes them (a group's own `after`, a link from
  /// a group): the Gantt's arrows, between bars and summary bars.
  std::vector<ReportLink> plan_links;
  /// The network's links between leaf tasks (groups expanded): the graph.
  std::vector<ReportLink> links;
  std::vector<ReportGate> next_gates;
  std::vector<ReportAlert> alerts;
  std::vector<ReportLoad> load;  // when levelled

  /// Counts by state: leaves that are not gates, and gates.
  int done = 0, started = 0, planned = 0, gates_passed = 0, gates_open = 0;
};

}  // namespace rollout::report
