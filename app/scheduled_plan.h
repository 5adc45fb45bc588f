// A plan read, validated and scheduled, and what the store keeps of it: the
// facts progress commands check and a baseline. Used by the file commands,
// by `load` and by everything that reads a stored plan again.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/critical_path.h"
#include "engine/network.h"
#include "engine/plan.h"
#include "engine/result.h"
#include "engine/work_calendar.h"
#include "storage/records.h"
#include "workflows/phase_timer.h"

namespace rollout {

struct ScheduledPlan {
  Plan plan;
  Network net;
  std::unique_ptr<WorkCalendar> cal;
  Schedule schedule;
  bool levelled = false;
  std::vector<std::vector<std::string>> assigned;  // per task; empty if none
};

/// Builds the network (unless |net| holds the one the validator handed out)
/// and runs the critical path (marks "schedule").
ScheduledPlan SchedulePlan(Plan plan, PhaseTimer* timer = nullptr, Network* net = nullptr);

struct LevelRequest {
  int effort = 0;  // automatic (engine/leveller.h)
  uint64_t seed = 1;
  /// Called now and then with (schedules tried, schedules to try); may be empty.
  std::function<void(int, int)> progress;
};

/// Replaces s->schedule by the levelled one, fills s->assigned and sets
/// s->levelled; the leveller's errors when levelling is impossible (a task
/// needs people who can never work on it together).
Status LevelInPlace(ScheduledPlan* s, const LevelRequest& request);

/// Reads the text of a stored plan version again and schedules it (no
/// levelling). kStoredPlanUnreadable when it no longer reads.
Result<ScheduledPlan> ParseStoredPlan(const StoredPlan& stored);

/// Tasks (with kind and assignees), people, leaf links and upstream gates.
PlanFacts FactsOf(const ScheduledPlan& s);

/// A baseline of |schedule| (the plan's own, or a forecast) for |s|'s tasks;
/// with |assigned| (per task, a levelled schedule's people) each task keeps
/// its people.
Baseline BaselineOf(const ScheduledPlan& s, const Schedule& schedule,
                    const std::vector<std::vector<std::string>>* assigned = nullptr);

/// The kind of a task: task, milestone, gate or group.
const char* KindOf(const Task& t);

}  // namespace rollout
