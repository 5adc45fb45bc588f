// The alert rules (cli.md "The engine and its alerts") as a pure function of
// (plan, baseline, progress, forecast, now): which alerts have fallen due up
// to |now|, and the next instant at which a new one could. No I/O, no clock:
// engine/runtime/ asks, stores what is new and sleeps until the next instant.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/critical_path.h"
#include "engine/network.h"
#include "engine/plan.h"
#include "engine/progress.h"
#include "engine/time_zone.h"
#include "engine/work_calendar.h"

namespace rollout {

enum class AlertKind : uint8_t { kDueSoon, kOverdue, kGateReady, kSlip, kDeadlineRisk };

/// "due_soon", "overdue", "gate_ready", "slip", "deadline_risk".
const char* AlertKindName(AlertKind kind);
bool ParseAlertKind(std::string_view name, AlertKind* out);

/// One alert. Its identity is (kind, task, about): the store keeps each
/// identity once, so an alert raised again is not a new alert.
struct Alert {
  AlertKind kind = AlertKind::kDueSoon;
  std::string task;                     // empty for slip
  std::string about;                    // a plan-local date YYYY-MM-DD (see EvaluateAlerts)
  Instant due_at = 0;                   // when it fell due
  std::vector<std::string> recipients;  // person ids, each once
  /// What its message is rendered from at the edge (tools/), by kind:
  /// every kind about a task has "name" (the task's name, may be empty);
  /// due_soon, overdue: "finish" (baseline finish date);
  /// deadline_risk: "forecast", "deadline"; slip: "forecast", "baseline",
  /// "late" (working days).
  std::map<std::string, std::string> args;
};

/// The baseline dates the rules compare against, by task id.
struct BaselineDates {
  std::map<std::string, TaskDates> tasks;
  Date finish = 0;  // the baseline project finish date
};

/// Dates of every task of |schedule| (a baseline taken at load).
BaselineDates BaselineFromSchedule(const Plan& plan, const WorkCalendar& cal,
                                   const Schedule& schedule);

/// What the rules read. Borrowed, all required.
struct AlertContext {
  const Plan* plan = nullptr;
  const Network* net = nullptr;
  const WorkCalendar* cal = nullptr;
  const TimeZone* zone = nullptr;
  const BaselineDates* baseline = nullptr;
  const Progress* progress = nullptr;
  /// The forecast at |now| (ComputeForecast with today = the local date of now).
  const Schedule* forecast = nullptr;
  /// Optional, per task: the people of a levelled forecast, who then receive
  /// the task's alerts instead of AssigneesOf (issue #6). May be null.
  const std::vector<std::vector<std::string>>* assigned = nullptr;
  /// Optional: the `about` date of the latest slip (task "") and
  /// deadline_risk (by task id) alerts already raised. A new one is raised
  /// only when the forecast lies at least plan->slip_threshold working days
  /// past it (alert noise, issue #12). May be null: every later date counts.
  const std::map<std::pair<AlertKind, std::string>, Date>* last_raised = nullptr;
};

struct DueAlerts {
  std::vector<Alert> alerts;    // in a stable order: by due_at, then kind, then task
  std::optional<Instant> next;  // strictly after now; nullopt if nothing can fall due
};

/// The alerts due at |now|:
///  - due_soon (about = baseline finish date): due at the start of working
///    hours, remind_days working days before the baseline finish date (not
///    before day 0), while not done and now < the baseline finish instant;
///  - overdue (about = baseline finish date): due at the baseline finish
///    instant (end of working hours on that date) while not done;
///  - gate_ready (about = date the last predecessor was done): every
///    predecessor done, the gate not passed;
///  - slip (no task; about = forecast finish date): forecast finish date >
///    baseline finish date;
///  - deadline_risk (about = forecast finish date): forecast finish date of a
///    task, milestone or gate > its deadline, while not done (a gate: not
///    passed; it goes to the gate's approvers and the leads).
/// due_soon and overdue concern tasks with a duration only.
DueAlerts EvaluateAlerts(const AlertContext& ctx, Instant now);

}  // namespace rollout
