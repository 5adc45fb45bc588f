#include "tools/cli/alert_text.h"

#include <cstdlib>

#include "tools/cli/cli.h"

namespace rollout {
namespace {

std::string Arg(const StoredAlert& a, const char* key) {
  auto it = a.args.find(key);
  return it == a.args.end() ? "" : it->second;
}

std::string Label(const StoredAlert& a) {
  const std::string name = Arg(a, "name");
  return name.empty() ? "'" + a.task + "'" : "'" + a.task + "' (" + name + ")";
}

}  // namespace

std::string AlertText(const StoredAlert& a) {
  if (a.args.empty() && !a.message.empty()) return a.message;
  if (a.kind == "due_soon")
    return Label(a) + " is due " + Arg(a, "finish") + " (baseline finish), not done yet";
  if (a.kind == "overdue")
    return Label(a) + " is overdue: its baseline finish " + Arg(a, "finish") +
           " has passed and it is not done";
  if (a.kind == "gate_ready")
    return "gate " + Label(a) + " is ready: every predecessor is done; approve with "
           "'rollout gate approve " + a.task + "'";
  if (a.kind == "deadline_risk")
    return Label(a) + " is forecast to finish " + Arg(a, "forecast") + ", after its deadline " +
           Arg(a, "deadline");
  if (a.kind == "slip")
    return "the forecast finish " + Arg(a, "forecast") + " is later than the baseline finish " +
           Arg(a, "baseline") + " (by " + WorkingDays(std::atol(Arg(a, "late").c_str())) + ")";
  return a.kind;
}

}  // namespace rollout
