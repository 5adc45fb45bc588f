#include "engine/progress_rules.h"

#include <algorithm>

#include "po/messages.h"

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

// |finish|: the check of `done`, else of `start`.
RuleCheck CheckGatesAndPredecessors(const Actor& actor, const TaskFacts& task, bool finish) {
  RuleCheck r = CanChange(actor, task);
  if (!r.allowed()) return r;
  if (!task.closed_gates.empty()) {
    return Refuse(Refusal::kBlockedByGate,
                  finish ? Tr("cannot finish '{0}': gate '{1}' has not passed", task.id,
                              task.closed_gates.front())
                         : Tr("cannot start '{0}': gate '{1}' has not passed", task.id,
                              task.closed_gates.front()));
  }
  if (!task.pending_predecessors.empty()) {
    r.warnings.push_back(Tr("'{0}' starts before its predecessors are done: {1}", task.id,
                            JoinIds(task.pending_predecessors)));
  }
  return r;
}

}  // namespace

RuleCheck CanChange(const Actor& actor, const TaskFacts& task) {
  if (!actor.known) {
    return Refuse(Refusal::kUnknownPerson, Tr("'{0}' is not a person of the plan", actor.id));
  }
  if (actor.lead) return {};
  if (std::find(task.assigned.begin(), task.assigned.end(), actor.id) != task.assigned.end())
    return {};
  return Refuse(
      Refusal::kNotAssigned,
      Tr("'{0}' may not change '{1}': it is assigned to {2}, and only they or a lead "
         "may change it",
         actor.id, task.id,
         task.assigned.empty() ? TrC("it is assigned to", "nobody") : JoinIds(task.assigned)));
}

RuleCheck CanStart(const Actor& actor, const TaskFacts& task) {
  return CheckGatesAndPredecessors(actor, task, false);
}

RuleCheck CanFinish(const Actor& actor, const TaskFacts& task) {
  RuleCheck r = CheckGatesAndPredecessors(actor, task, true);
  // Predecessors matter for the warning only when the task was never started.
  if (r.allowed() && task.state != TaskState::kPlanned) r.warnings.clear();
  return r;
}

RuleCheck CanLead(const Actor& actor, const std::string& action) {
  if (!actor.known) {
    return Refuse(Refusal::kUnknownPerson, Tr("'{0}' is not a person of the plan", actor.id));
  }
  if (!actor.lead) {
    return Refuse(Refusal::kNotLead,
                  Tr("only a lead (a person with role 'lead') may {0}; '{1}' is not one",
                     action, actor.id));
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
