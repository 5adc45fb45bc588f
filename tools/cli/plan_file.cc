#include "tools/cli/plan_file.h"

#include <cstdio>

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
  return code;
}

void PrintTimings(const PhaseTimer& timer) {
  for (const auto& [name, ms] : timer.phases())
    std::fprintf(stderr, "phase %s %.1f\n", name.c_str(), ms);
}

}  // namespace rollout
