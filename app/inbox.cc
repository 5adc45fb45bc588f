#include "app/inbox.h"
#include "po/messages.h"

namespace rollout {

Result<std::vector<StoredAlert>> ListInbox(const Session& session, bool include_acked) {
  std::vector<StoredAlert> alerts;
  std::optional<Error> unknown;
  Status st = session.store->Read([&](StoreTx& tx) {
    std::vector<std::string> people;
    for (const PlanPersonRow& p : tx.PlanPeople(session.project(), session.plan.version))
      people.push_back(p.person);
    unknown = UnknownPerson(session.actor, session.project(), people);
    if (unknown) return;
    const bool lead = StoredActor(tx, session.project(), session.plan.version, session.actor).lead;
    alerts = tx.ListAlerts(session.project(), session.actor, lead, include_acked);
  });
  if (!st.ok()) return st.errors();
  if (unknown) return *unknown;
  return alerts;
}

Result<AckOutcome> AckAlert(const Session& session, int64_t id) {
  AckOutcome out;
  std::optional<Error> problem;
  Status st = session.store->Write([&](StoreTx& tx) {
    problem.reset();
    std::optional<StoredAlert> a = tx.FindAlert(id, session.actor);
    if (!a || a->project != session.project()) {
      problem = MakeError(ErrorCode::kUnknownAlert, Tr("no alert #{0}", id));
      return Store::Outcome::kRollback;
    }
    bool mine = false;
    for (const std::string& r : a->recipients) mine = mine || r == session.actor;
    if (!mine && !StoredActor(tx, session.project(), session.plan.version, session.actor).lead) {
      problem = MakeError(ErrorCode::kNotRecipient,
                          Tr("alert #{0} is not addressed to '{1}'", id, session.actor));
      return Store::Outcome::kRollback;
    }
    out.alert = *a;
    out.fresh = tx.AckAlert(id, session.actor, session.now);
    if (!out.fresh) return Store::Outcome::kRollback;
    tx.AppendLog(session.project(),
                 {session.now, session.Format(session.now), session.actor, "ack",
                  a->task.empty() ? std::nullopt : std::optional<std::string>(a->task),
                  "alert #" + std::to_string(id) + " " + a->kind, session.plan.version});
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) return st.errors();
  if (problem) return *problem;
  return out;
}

Result<std::vector<LogEntry>> ReadAuditLog(const Session& session) {
  std::vector<LogEntry> log;
  Status st = session.store->Read([&](StoreTx& tx) { log = tx.ReadLog(session.project()); });
  if (!st.ok()) return st.errors();
  return log;
}

Result<std::vector<ProjectRow>> ListProjects(Store& store) {
  std::vector<ProjectRow> rows;
  Status st = store.Read([&](StoreTx& tx) { rows = tx.Projects(); });
  if (!st.ok()) return st.errors();
  return rows;
}

}  // namespace rollout
