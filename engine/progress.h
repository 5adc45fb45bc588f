// What has happened to a plan: task states with actual dates, gate
// decisions and KPI values (cli.md "Progress rules"). Plain data; storage/
// loads it, the forecast and the alert rules read it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "engine/plan.h"

namespace rollout {

/// Seconds since 1970-01-01T00:00Z. The engine never reads a clock: every
/// function that needs "now" takes an Instant.
using Instant = int64_t;

enum class TaskState : uint8_t { kPlanned, kStarted, kDone };
enum class GateState : uint8_t { kClosed, kReady, kPassed, kRejected };

const char* TaskStateName(TaskState s);  // "planned", "started", "done"
const char* GateStateName(GateState s);  // "closed", "ready", "passed", "rejected"

struct TaskProgress {
  TaskState state = TaskState::kPlanned;
  std::optional<Date> started;   // plan-local date of the actual start
  std::optional<Date> finished;  // plan-local date of the actual finish
  Instant started_at = 0;
  Instant finished_at = 0;
  /// A started task's remaining working days as last recorded (`rollout
  /// progress`), and the percentage it was given as, if it was. Cleared by
  /// every change of state.
  std::optional<int> remaining;
  std::optional<double> percent;
  Instant remaining_at = 0;
};

struct GateProgress {
  bool passed = false;
  bool rejected = false;           // the last decision was a rejection
  std::optional<Date> passed_on;   // plan-local date of the approval
  Instant decided_at = 0;
  std::string note;
};

/// Progress of one stored plan, keyed by task id. Tasks absent from the
/// maps are planned (gates: closed, or ready when their predecessors are done).
struct Progress {
  std::map<std::string, TaskProgress> tasks;
  std::map<std::string, GateProgress> gates;
  std::map<std::string, double> metrics;
};

}  // namespace rollout
