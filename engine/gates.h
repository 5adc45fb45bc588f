// Checkpoint gates (issue #5): the state of a gate from progress, and the
// checks made when an approver passes or holds it. Pure: the CLI records
// the decision, storage keeps it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/network.h"
#include "engine/plan.h"
#include "engine/progress.h"

namespace rollout {

/// The one rule of "done" (cli.md "Progress rules"): a gate counts as done
/// for its successors when it has passed, any other task when its state is
/// done. |id| is a leaf task's id, |gate| whether it is a gate.
bool CountsAsDone(const std::string& id, bool gate, const Progress& progress);

/// CountsAsDone for task |task| (a leaf) of |plan|.
bool IsDone(const Plan& plan, int task, const Progress& progress);

/// The state of gate |id| given whether every predecessor counts as done:
/// passed or rejected by its latest decision, else ready or closed.
GateState GateStateGiven(const std::string& id, const Progress& progress,
                         bool predecessors_done);

/// The ids of the network predecessors of leaf |task| that are not done,
/// in plan order. Empty when the task is free to go.
std::vector<std::string> PendingPredecessors(const Plan& plan, const Network& net, int task,
                                             const Progress& progress);

/// The latest instant at which a predecessor of |task| was recorded done
/// (passed, for a gate); 0 when it has none.
Instant LastPredecessorDoneAt(const Plan& plan, const Network& net, int task,
                              const Progress& progress);

/// closed -> ready (all predecessors done) -> passed, or rejected (the last
/// decision was a rejection; it can still be approved later).
/// REQUIRES: plan.tasks[task].gate.
GateState GateStateOf(const Plan& plan, const Network& net, int task, const Progress& progress);

/// Whether |value| meets criterion |c| (min <= value, value <= max).
bool CriterionMet(const MetricCriterion& c, double value);

/// Each KPI criterion of |gate| that |metrics| does not meet, said with the
/// value and the shortfall, e.g. "partners_checked is 9, needs at least 12
/// (short by 3)". Empty when every criterion holds.
std::vector<std::string> FailingCriteria(const Gate& gate,
                                         const std::map<std::string, double>& metrics);

/// Why a gate decision is refused.
enum class GateRefusal : uint8_t {
  kNone,          // allowed
  kNotApprover,   // the person is not among the gate's approvers
  kNotReady,      // a predecessor is not done
  kKpiShort,      // a KPI criterion fails
  kAlreadyPassed  // approve: a no-op; reject: refused
};

struct GateCheck {
  GateRefusal refusal = GateRefusal::kNone;
  std::vector<std::string> reasons;  // one line each, for the user
};

/// May |person| approve gate |task| now? Checks, in order: approver, already
/// passed, predecessors done, KPI criteria against progress.metrics.
GateCheck CheckApprove(const Plan& plan, const Network& net, int task, const Progress& progress,
                       const std::string& person);

/// May |person| reject (hold) gate |task|? Approvers only; a passed gate
/// cannot be rejected.
GateCheck CheckReject(const Plan& plan, int task, const Progress& progress,
                      const std::string& person);

}  // namespace rollout
