// A plan file read, validated and scheduled, for the commands that work on
// files (plan check, schedule, critical, gantt, demo).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/scheduled_plan.h"
#include "engine/critical_path.h"
#include "engine/network.h"
#include "engine/plan.h"
#include "engine/work_calendar.h"
#include "workflows/phase_timer.h"

namespace rollout {

/// Reads and validates |path|. On failure prints every error (with the
/// offending line) to stderr and returns nullopt: the caller exits 2.
/// With |net|, the network the validator built is moved there.
std::optional<Plan> ReadPlanOrReport(const std::string& path, PhaseTimer* timer = nullptr,
                                     Network* net = nullptr);

/// The plan text of |path|, where "builtin:distribution-transition" (or an
/// empty path) means the built-in workflow.
bool PlanText(const std::string& path, std::string* text);

/// PlanText through ReadPlanFile, or its one error (cannot read, larger
/// than kMaxPlanFileBytes, a NUL byte) as FILE: error: MESSAGE and its hint
/// on stderr, and false.
bool PlanTextOrReport(const std::string& path, std::string* text);

struct GlobalOptions;

/// The common frame of the file commands: reads, validates and schedules
/// |path|, runs |body| (which prints), marks "output", prints the timings
/// when asked. Returns 2 when the plan is invalid, else what |body| returns.
int WithScheduledPlan(const std::string& path, const GlobalOptions& global,
                      const std::function<int(ScheduledPlan&, PhaseTimer&)>& body);

/// Prints `phase NAME MS` for each phase on stderr.
void PrintTimings(const PhaseTimer& timer);

}  // namespace rollout
