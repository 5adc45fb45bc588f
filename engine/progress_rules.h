// Who may record what on a task, and what blocks it (cli.md "Progress
// rules"). Pure: the CLI gathers the facts (from the database, inside the
// write transaction) and these functions decide.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/network.h"
#include "engine/plan.h"
#include "engine/progress.h"

namespace rollout {

/// The person acting, as the plan knows them.
struct Actor {
  std::string id;
  bool known = false;  // a person of the plan
  bool lead = false;   // holds the role `lead`
};

/// What the rules need to know about one leaf task at this moment.
struct TaskFacts {
  std::string id;
  std::vector<std::string> assigned;           // AssigneesOf
  TaskState state = TaskState::kPlanned;
  std::vector<std::string> closed_gates;       // upstream gates that have not passed
  std::vector<std::string> pending_predecessors;  // direct predecessors not done
};

enum class Refusal : uint8_t {
  kNone,
  kUnknownPerson,  // the actor is not a person of the plan
  kNotAssigned,    // staff acting on a task not assigned to them
  kNotLead,        // a lead-only action
  kBlockedByGate,  // downstream of a gate that has not passed
};

struct RuleCheck {
  Refusal refusal = Refusal::kNone;
  std::string reason;                 // for the user, when refused
  std::vector<std::string> warnings;  // allowed, but worth saying
  bool allowed() const { return refusal == Refusal::kNone; }
};

/// Leads may change any task; staff only tasks assigned to them.
RuleCheck CanChange(const Actor& actor, const TaskFacts& task);
/// CanChange, then: no closed gate upstream; a warning naming the
/// predecessors that are not done yet.
RuleCheck CanStart(const Actor& actor, const TaskFacts& task);
/// As CanStart (done on a never-started task also starts it).
RuleCheck CanFinish(const Actor& actor, const TaskFacts& task);
/// Lead-only actions (load, baseline, metric set). |action| is the caller's
/// phrase in the thread's language (Tr("load a plan")), put into the refusal.
RuleCheck CanLead(const Actor& actor, const std::string& action);

/// The people assigned to leaf |task|: its `assignee` list, else the people
/// holding the roles it `needs` (before levelling), in plan order.
std::vector<std::string> AssigneesOf(const Plan& plan, int task);

/// For every node of |net|, the gates upstream of it: the gate nodes among its
/// transitive predecessors, as indices in Plan::tasks, sorted.
std::vector<std::vector<int>> UpstreamGates(const Plan& plan, const Network& net);

}  // namespace rollout
