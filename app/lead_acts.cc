#include "app/lead_acts.h"

#include <cmath>
#include <cstdlib>

#include "app/scheduled_plan.h"
#include "app/stored_forecast.h"
#include "engine/spellcheck.h"
#include "po/messages.h"

namespace rollout {
namespace {

ErrorCode CodeOf(GateRefusal r) {
  switch (r) {
    case GateRefusal::kNotApprover: return ErrorCode::kNotApprover;
    case GateRefusal::kNotReady: return ErrorCode::kGateNotReady;
    case GateRefusal::kKpiShort: return ErrorCode::kKpiShort;
    case GateRefusal::kAlreadyPassed: return ErrorCode::kGatePassed;
    case GateRefusal::kNone: break;
  }
  return ErrorCode::kRefused;
}

// The lead check of a lead-only act inside |tx|; an empty error when allowed.
std::optional<Error> LeadRefusal(StoreTx& tx, const Session& s, const std::string& act) {
  const RuleCheck may = CanLead(StoredActor(tx, s.project(), s.plan.version, s.actor), act);
  if (may.allowed()) return std::nullopt;
  return RefusalError(may);
}

}  // namespace

Result<GateOutcome> DecideGate(const Session& session, const std::string& gate, bool approve,
                               const std::string& note) {
  if (!approve && note.empty())
    return MakeError(ErrorCode::kNoteRequired, Tr("a rejection needs a reason"), "", gate);
  Result<ScheduledPlan> parsed = ParseStoredPlan(session.plan);
  if (!parsed.ok()) return parsed.errors();
  const ScheduledPlan& s = parsed.value();
  const int index = s.plan.FindTask(gate);
  if (index < 0 || !s.plan.tasks[index].gate) {
    std::vector<std::string_view> gates;
    for (const Task& t : s.plan.tasks)
      if (t.gate) gates.push_back(t.id);
    return MakeError(ErrorCode::kUnknownGate,
                     index < 0 ? Tr("unknown gate '{0}'", gate) : Tr("'{0}' is not a gate", gate),
                     DidYouMean(gate, gates), gate);
  }
  GateCheck check;
  GateOutcome out{gate, approve, false};
  Status st = session.store->Write([&](StoreTx& tx) {
    const Progress progress = tx.LoadProgress(session.project());
    check = approve ? CheckApprove(s.plan, s.net, index, progress, session.actor)
                    : CheckReject(s.plan, index, progress, session.actor);
    if (check.refusal != GateRefusal::kNone) return Store::Outcome::kRollback;
    tx.InsertGateDecision(session.project(), gate, approve, session.actor, note, session.now,
                          session.today);
    tx.AppendLog(session.project(),
                 {session.now, session.Format(session.now), session.actor,
                  approve ? "approve" : "reject", gate, note, session.plan.version});
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) return st.errors();
  if (check.refusal == GateRefusal::kAlreadyPassed && approve) {
    out.already_passed = true;
    return out;
  }
  if (check.refusal != GateRefusal::kNone) {
    Errors errors;
    for (const std::string& r : check.reasons)
      errors.push_back(MakeError(CodeOf(check.refusal), r, "", gate));
    return errors;
  }
  return out;
}

bool ParseMetricValue(const std::string& text, double* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(*out);  // not nan, inf
}

Status SetMetricValue(const Session& session, const std::string& metric, const std::string& text) {
  double value = 0;
  if (!ParseMetricValue(text, &value))
    return MakeError(ErrorCode::kInvalid,
                     Tr("bad value '{0}' for metric '{1}': expected a number", text, metric), "",
                     metric);
  Result<ScheduledPlan> parsed = ParseStoredPlan(session.plan);
  if (!parsed.ok()) return parsed.errors();
  std::vector<std::string_view> ids;
  bool known = false;
  for (const Metric& m : parsed.value().plan.metrics) {
    ids.push_back(m.id);
    known = known || m.id == metric;
  }
  if (!known)
    return MakeError(ErrorCode::kUnknownMetric, Tr("unknown metric '{0}'", metric),
                     DidYouMean(metric, ids), metric);
  std::optional<Error> refused;
  Status st = session.store->Write([&](StoreTx& tx) {
    refused = LeadRefusal(tx, session, Tr("set a metric"));
    if (refused) return Store::Outcome::kRollback;
    tx.SetMetric(session.project(), metric, value, session.actor, session.now);
    tx.AppendLog(session.project(), {session.now, session.Format(session.now), session.actor,
                                     "metric", std::nullopt, metric + " = " + text,
                                     session.plan.version});
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) return st;
  if (refused) return *refused;
  return OkStatus();
}

Result<Baseline> Rebaseline(const Session& session) {
  Result<ScheduledPlan> parsed = ParseStoredPlan(session.plan);
  if (!parsed.ok()) return parsed.errors();
  const ScheduledPlan& s = parsed.value();
  std::optional<Error> refused;
  Baseline b;
  Status st = session.store->Write([&](StoreTx& tx) {
    refused = LeadRefusal(tx, session, Tr("take a baseline"));
    if (refused) return Store::Outcome::kRollback;
    const StoredForecast f =
        ForecastOf(s, ReadProjectState(tx, session.project(), session.plan.version), session.today);
    b = BaselineOf(s, f.schedule, f.levelled ? &f.assigned : nullptr);
    b.plan_version = session.plan.version;
    b.taken_at = session.now;
    b.taken_by = session.actor;
    b.id = tx.InsertBaseline(session.project(), b);
    tx.AppendLog(session.project(),
                 {session.now, session.Format(session.now), session.actor, "baseline",
                  std::nullopt, "baseline " + std::to_string(b.id) + ": finish " + b.finish,
                  session.plan.version});
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) return st.errors();
  if (refused) return *refused;
  return b;
}

}  // namespace rollout
