// The acts of leads and approvers: pass or hold a gate, record a KPI value,
// take a new baseline. Each is one write transaction that checks the person
// and the state first; a refusal writes nothing.
#pragma once

#include <string>
#include <vector>

#include "app/session.h"
#include "engine/gates.h"
#include "storage/records.h"

namespace rollout {

struct GateOutcome {
  std::string gate;
  bool approve = true;
  bool already_passed = false;  // approve of a passed gate: a no-op
};

/// Approves (checks approver, predecessors, KPI criteria) or rejects (needs
/// a note) |gate|. A refusal is one Error per reason (kNotApprover,
/// kGateNotReady, kKpiShort, kGatePassed), each with subject = the gate;
/// kUnknownGate (hint: a did-you-mean) when |gate| is not a gate.
Result<GateOutcome> DecideGate(const Session& session, const std::string& gate, bool approve,
                               const std::string& note);

/// Parses a KPI value: a finite number.
bool ParseMetricValue(const std::string& text, double* out);

/// Records |metric| = |text| (leads). kUnknownMetric (hint: a did-you-mean),
/// kInvalid for a value that is not a finite number, a refusal.
Status SetMetricValue(const Session& session, const std::string& metric, const std::string& text);

/// Takes the forecast at now as the new baseline (leads); returns it.
Result<Baseline> Rebaseline(const Session& session);

}  // namespace rollout
