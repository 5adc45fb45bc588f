#include "tools/cli/plan_file.h"

#include <cstdio>
#include <utility>
#include <vector>

#include "tools/cli/builtin_workflow.h"
#include "tools/cli/cli.h"
#include "workflows/plan_reader.h"

namespace rollout {

bool PlanText(const std::string& path, std::string* text) {
  if (path == kBuiltinWorkflowName) {
    *text = BuiltinWorkflowText();
    return true;
  }
  return ReadPlanFile(path, text).empty();
}

bool PlanTextOrReport(const std::string& path, std::string* text) {
  if (path == kBuiltinWorkflowName) return PlanText(path, text);
  // ReadPlanFile's one error: cannot read, larger than the limit, or a NUL
  // byte (a binary file, /dev/zero); rendered as FILE: error: MESSAGE + hint.
  const Errors errors = ReadPlanFile(path, text);
  if (errors.empty()) return true;
  std::fputs(RenderErrors(path, "", errors).c_str(), stderr);
  return false;
}

std::optional<Plan> ReadPlanOrReport(const std::string& path, PhaseTimer* timer, Network* net) {
  std::string text;
  if (!PlanTextOrReport(path, &text)) return std::nullopt;
  Result<Plan> r = ReadPlan(path, text, timer, net);
  if (!r.ok()) {
    std::fputs(RenderErrors(path, text, r.errors()).c_str(), stderr);
    return std::nullopt;
  }
  return std::move(r.value());
}

namespace {

// A plan this large is not freed when the command ends: the process exits
// right after, and the kernel takes its memory back at once, where freeing a
// million tasks' strings and vectors one by one took 0.1-0.15 s (perf,
// `Plan::~Plan` and malloc's consolidation). The command line runs one
// command per process; smaller plans (the tests' in-process runs) are freed.
constexpr size_t kLeftToExitTasks = 100000;

void LeaveToExit(ScheduledPlan&& s) {
  if (s.plan.tasks.size() < kLeftToExitTasks) return;
  // Reachable from a static, so a leak checker does not report it.
  static std::vector<ScheduledPlan*>* const kept = new std::vector<ScheduledPlan*>();
  kept->push_back(new ScheduledPlan(std::move(s)));
}

}  // namespace

int WithScheduledPlan(const std::string& path, const GlobalOptions& global,
                      const std::function<int(ScheduledPlan&, PhaseTimer&)>& body) {
  PhaseTimer timer;
  Network net;
  std::optional<Plan> plan = ReadPlanOrReport(path, &timer, &net);
  if (!plan) {
    if (global.timings) PrintTimings(timer);
    return kExitUsage;
  }
  ScheduledPlan s = SchedulePlan(std::move(*plan), &timer, &net);
  const int code = body(s, timer);
  std::fflush(stdout);
  timer.Mark("output");
  if (global.timings) PrintTimings(timer);
  LeaveToExit(std::move(s));
  return code;
}

void PrintTimings(const PhaseTimer& timer) {
  for (const auto& [name, ms] : timer.phases())
    std::fprintf(stderr, "phase %s %.1f\n", name.c_str(), ms);
}

}  // namespace rollout
