#include "engine/gates.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "po/messages.h"

namespace rollout {
namespace {

std::string FormatNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// The plan indices of the network predecessors of leaf |task|, each once.
std::vector<int> PredecessorTasks(const Network& net, int task) {
  std::vector<int> out;
  const int node = net.task_node[task];
  if (node < 0) return out;
  // CSR graphs store out-edges only: scan every node's edges for |node|.
  for (uint32_t u = 0; u < net.size(); ++u)
    for (auto e : boost::make_iterator_range(boost::out_edges(u, net.graph)))
      if (static_cast<int>(boost::target(e, net.graph)) == node) {
        out.push_back(net.node_task[u]);
        break;
      }
  std::sort(out.begin(), out.end());
  return out;
}

std::string JoinOrNobody(const std::vector<std::string>& ids) {
  std::string s;
  for (const std::string& id : ids) s += (s.empty() ? "" : ", ") + id;
  return s.empty() ? TrC("its approvers are", "nobody") : s;
}

bool IsApprover(const Plan& plan, int task, const std::string& person) {
  const std::vector<std::string> approvers = plan.Approvers(task);
  return std::find(approvers.begin(), approvers.end(), person) != approvers.end();
}

}  // namespace

bool CountsAsDone(const std::string& id, bool gate, const Progress& progress) {
  if (gate) {
    auto it = progress.gates.find(id);
    return it != progress.gates.end() && it->second.passed;
  }
  auto it = progress.tasks.find(id);
  return it != progress.tasks.end() && it->second.state == TaskState::kDone;
}

bool IsDone(const Plan& plan, int task, const Progress& progress) {
  const Task& t = plan.tasks[task];
  return CountsAsDone(t.id, t.gate.has_value(), progress);
}

GateState GateStateGiven(const std::string& id, const Progress& progress,
                         bool predecessors_done) {
  auto it = progress.gates.find(id);
  if (it != progress.gates.end()) {
    if (it->second.passed) return GateState::kPassed;
    if (it->second.rejected) return GateState::kRejected;
  }
  return predecessors_done ? GateState::kReady : GateState::kClosed;
}

std::vector<std::string> PendingPredecessors(const Plan& plan, const Network& net, int task,
                                             const Progress& progress) {
  std::vector<std::string> out;
  for (int p : PredecessorTasks(net, task))
    if (!IsDone(plan, p, progress)) out.push_back(plan.tasks[p].id);
  return out;
}

Instant LastPredecessorDoneAt(const Plan& plan, const Network& net, int task,
                              const Progress& progress) {
  Instant last = 0;
  for (int p : PredecessorTasks(net, task)) {
    const std::string& id = plan.tasks[p].id;
    if (plan.tasks[p].gate) {
      auto it = progress.gates.find(id);
      if (it != progress.gates.end()) last = std::max(last, it->second.decided_at);
    } else {
      auto it = progress.tasks.find(id);
      if (it != progress.tasks.end()) last = std::max(last, it->second.finished_at);
    }
  }
  return last;
}

GateState GateStateOf(const Plan& plan, const Network& net, int task, const Progress& progress) {
  return GateStateGiven(plan.tasks[task].id, progress,
                        PendingPredecessors(plan, net, task, progress).empty());
}

bool CriterionMet(const MetricCriterion& c, double value) {
  return (!c.min || value >= *c.min) && (!c.max || value <= *c.max);
}

std::vector<std::string> FailingCriteria(const Gate& gate,
                                         const std::map<std::string, double>& metrics) {
  std::vector<std::string> out;
  for (const MetricCriterion& c : gate.metrics) {
    auto it = metrics.find(c.metric);
    if (it == metrics.end()) {
      out.push_back(c.min ? Tr("{0} has no recorded value, needs at least {1}", c.metric,
                               FormatNumber(*c.min))
                          : Tr("{0} has no recorded value, needs at most {1}", c.metric,
                               FormatNumber(c.max.value_or(0))));
      continue;
    }
    const double v = it->second;
    if (c.min && v < *c.min)
      out.push_back(Tr("{0} is {1}, needs at least {2} (short by {3})", c.metric, FormatNumber(v),
                       FormatNumber(*c.min), FormatNumber(*c.min - v)));
    if (c.max && v > *c.max)
      out.push_back(Tr("{0} is {1}, needs at most {2} (over by {3})", c.metric, FormatNumber(v),
                       FormatNumber(*c.max), FormatNumber(v - *c.max)));
  }
  return out;
}

GateCheck CheckApprove(const Plan& plan, const Network& net, int task, const Progress& progress,
                       const std::string& person) {
  const Task& t = plan.tasks[task];
  if (!IsApprover(plan, task, person))
    return {GateRefusal::kNotApprover,
            {Tr("'{0}' may not approve gate '{1}'; its approvers are: {2}", person, t.id,
                JoinOrNobody(plan.Approvers(task)))}};
  if (GateStateOf(plan, net, task, progress) == GateState::kPassed)
    return {GateRefusal::kAlreadyPassed, {Tr("gate '{0}' has already passed", t.id)}};
  std::vector<std::string> pending = PendingPredecessors(plan, net, task, progress);
  if (!pending.empty()) {
    GateCheck check{GateRefusal::kNotReady, {}};
    for (const std::string& p : pending)
      check.reasons.push_back(Tr("gate '{0}' is not ready: '{1}' is not done", t.id, p));
    return check;
  }
  std::vector<std::string> failing = FailingCriteria(*t.gate, progress.metrics);
  if (!failing.empty()) return {GateRefusal::kKpiShort, std::move(failing)};
  return {};
}

GateCheck CheckReject(const Plan& plan, int task, const Progress& progress,
                      const std::string& person) {
  const Task& t = plan.tasks[task];
  if (!IsApprover(plan, task, person))
    return {GateRefusal::kNotApprover,
            {Tr("'{0}' may not reject gate '{1}': not one of its approvers", person, t.id)}};
  auto it = progress.gates.find(t.id);
  if (it != progress.gates.end() && it->second.passed)
    return {GateRefusal::kAlreadyPassed,
            {Tr("gate '{0}' has already passed and cannot be rejected", t.id)}};
  return {};
}

}  // namespace rollout
