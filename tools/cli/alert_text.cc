#include "tools/cli/alert_text.h"

#include <cstdlib>

#include "po/messages.h"
#include "tools/cli/cli.h"

namespace rollout {
namespace {

std::string Arg(const StoredAlert& a, const char* key) {
  auto it = a.args.find(key);
  return it == a.args.end() ? "" : it->second;
}

// A date argument as the reader reads dates (15.03.2027 in Russian).
std::string DateArg(const StoredAlert& a, const char* key) { return HumanDate(Arg(a, key)); }

std::string Label(const StoredAlert& a) {
  const std::string name = Arg(a, "name");
  return name.empty() ? Tr("'{0}'", a.task) : Tr("'{0}' ({1})", a.task, name);
}

}  // namespace

std::string AlertText(const StoredAlert& a) {
  if (a.args.empty() && !a.message.empty()) return a.message;
  if (a.kind == "due_soon")
    return Tr("{0} is due {1} (baseline finish), not done yet", Label(a), DateArg(a, "finish"));
  if (a.kind == "overdue")
    return Tr("{0} is overdue: its baseline finish {1} has passed and it is not done", Label(a),
              DateArg(a, "finish"));
  if (a.kind == "gate_ready")
    return Tr("gate {0} is ready: every predecessor is done; approve with 'rollout gate approve {1}'",
              Label(a), a.task);
  if (a.kind == "deadline_risk")
    return Tr("{0} is forecast to finish {1}, after its deadline {2}", Label(a),
              DateArg(a, "forecast"), DateArg(a, "deadline"));
  if (a.kind == "slip")
    return Tr("the forecast finish {0} is later than the baseline finish {1} (by {2})",
              DateArg(a, "forecast"), DateArg(a, "baseline"),
              WorkingDays(std::atol(Arg(a, "late").c_str())));
  return a.kind;
}

}  // namespace rollout
