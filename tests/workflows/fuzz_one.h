// One fuzz input through the plan reader and, when the plan is valid, the
// schedule: the critical path, every task's dates and (for small plans) the
// leveller. Shared by the libFuzzer target and the replay test, so that an
// input kept in tests/data/fuzz goes through what the fuzzer ran.
#pragma once

#include <string>

#include "engine/critical_path.h"
#include "engine/leveller.h"
#include "engine/network.h"
#include "engine/work_calendar.h"
#include "workflows/plan_reader.h"

namespace rollout::fuzz {

/// What became of an input read as |path| (the name decides YAML or JSON).
struct Outcome {
  bool valid = false;
  size_t errors = 0;
};

inline Outcome RunPlan(const std::string& path, const std::string& text) {
  Outcome out;
  Network net;
  Result<Plan> r = ReadPlan(path, text, nullptr, &net);
  if (!r.ok()) {
    out.errors = r.errors().size();
    (void)RenderErrors(path, text, r.errors());
    return out;
  }
  out.valid = true;
  const Plan& plan = r.value();
  if (net.subtree_end.empty()) net = std::move(BuildNetwork(plan, IndexTasks(plan)).value());
  WorkCalendar cal(plan.calendar, plan.start);
  Schedule s = ComputeCriticalPath(plan, net, PlanInput(plan, net, cal));
  for (const TaskTimes& t : s.tasks) {
    (void)DatesOf(cal, t.es, t.ef);
    (void)FormatDate(DatesOf(cal, t.es, t.ef).finish);
  }
  if (net.size() <= 50) {
    LevelOptions options;
    options.effort = 20;
    Result<LevelledSchedule> levelled = LevelPlan(plan, net, cal, options);
    if (levelled.ok())
      for (const TaskTimes& t : levelled.value().schedule.tasks) (void)DatesOf(cal, t.es, t.ef);
  }
  return out;
}

}  // namespace rollout::fuzz
