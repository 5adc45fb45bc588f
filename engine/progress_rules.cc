#include "engine/progress_rules.h"

#include <algorithm>

namespace rollout {
namespace {

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

RuleCheck Refuse(Refusal why, std::string reason) {
  RuleCheck r;
  r.refusal = why;
  r.reason = std::move(reason);
  return r;
}

RuleCheck CheckGatesAndPredecessors(const Actor& actor, const TaskFacts& task,
                                    const char* verb) {
  RuleCheck r = CanChange(actor, task);
  if (!r.allowed()) return r;
  if (!task.closed_gates.empty()) {
    return Refuse(Refusal::kBlockedByGate,
                  "cannot " + std::string(verb) + " '" + task.id + "': gate '" +
                      task.closed_gates.front() + "' has not passed");
  }
  if (!task.pending_predecessors.empty()) {
    r.warnings.push_back("'" + task.id + "' starts before its predecessors are done: " +
                         JoinIds(task.pending_predecessors));
  }
  return r;
}

}  // namespace

RuleCheck CanChange(const Actor& actor, const TaskFacts& task) {
  if (!actor.known) {
    return Refuse(Refusal::kUnknownPerson,
                  "'" + actor.id + "' is not a person of the plan");
  }
  if (actor.lead) return {};
  if (std::find(task.assigned.begin(), task.assigned.end(), actor.id) != task.assigned.end())
    return {};
  return Refuse(Refusal::kNotAssigned,
                "'" + actor.id + "' may not change '" + task.id + "': it is assigned to " +
                    (task.assigned.empty() ? std::string("nobody") : JoinIds(task.assigned)) +
                    ", and only they or a lead may change it");
}

RuleCheck CanStart(const Actor& actor, const TaskFacts& task) {
  return CheckGatesAndPredecessors(actor, task, "start");
}

RuleCheck CanFinish(const Actor& actor, const TaskFacts& task) {
  RuleCheck r = CheckGatesAndPredecessors(actor, task, "finish");
  // Predecessors matter for the warning only when the task was never started.
  if (r.allowed() && task.state != TaskState::kPlanned) r.warnings.clear();
  return r;
}

RuleCheck CanLead(const Actor& actor, const std::string& action) {
  if (!actor.known) {
    return Refuse(Refusal::kUnknownPerson, "'" + actor.id + "' is not a person of the plan");
  }
  if (!actor.lead) {
    return Refuse(Refusal::kNotLead,
                  "only a lead (a person with role 'lead') may " + action + "; '" + actor.id +
                      "' is not one");
  }
  return {};
}

std::vector<std::string> AssigneesOf(const Plan& plan, int task) {
  const Task& t = plan.tasks[task];
  if (!t.assignee.empty()) return t.assignee;
  std::vector<std::string> out;
  for (const Person& p : plan.people) {
    bool needed = std::any_of(t.needs.begin(), t.needs.end(), [&](const Need& n) {
      return std::find(p.roles.begin(), p.roles.end(), n.role) != p.roles.end();
    });
    if (needed) out.push_back(p.id);
  }
  return out;
}

std::vector<std::vector<int>> UpstreamGates(const Plan& plan, const Network& net) {
  const CsrGraph& g = net.graph;
  std::vector<std::vector<int>> up(net.size());
  for (uint32_t v : net.topo) {
    std::vector<int>& mine = up[v];
    std::sort(mine.begin(), mine.end());
    mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
    const int task = net.node_task[v];
    const bool gate = plan.tasks[task].gate.has_value();
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      std::vector<int>& theirs = up[target(e, g)];
      theirs.insert(theirs.end(), mine.begin(), mine.end());
      if (gate) theirs.push_back(task);
    }
  }
  return up;
}

}  // namespace rollout
