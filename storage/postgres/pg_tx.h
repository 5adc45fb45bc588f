// StoreTx over one PostgreSQL connection inside a transaction that PgStore
// opened; no method opens its own. Statements are in pg_tx_plans.cc (plan
// versions, baselines), pg_tx_progress.cc (progress, gate decisions,
// metrics, the audit trail) and pg_tx_alerts.cc (alerts, the outbox,
// tokens, the engine's bookkeeping).
//
// As in the SQLite schema, every plan_version column holds the global key
// plan_versions.version and the Store API speaks of project versions; rows
// that name a version join plan_versions for it (the plan text is stored
// out of line by PostgreSQL, so the join does not read it).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/postgres/pg_connection.h"
#include "storage/store.h"

namespace rollout::postgres {

/// What a transaction read of plan versions, which never change once
/// stored: the global key of (project, version) and, by that key, a task's
/// row, a person, a task's predecessors and upstream gates. Shared by the
/// bodies of one WriteEach batch (the server's group commit: fifty `done`s
/// on one plan read the same rows), so each is read once per transaction,
/// not once per body. Never kept past its transaction (another process may
/// copy a database over this one), and cleared when a body rolls back to
/// its savepoint (what it inserted is gone) or a copy deletes rows.
struct PgTxCache {
  std::map<std::pair<std::string, int>, int64_t> keys;
  std::map<std::pair<int64_t, std::string>, std::optional<PlanTaskRow>> tasks;
  std::map<std::pair<int64_t, std::string>, std::optional<PlanPersonRow>> people;
  std::map<std::pair<int64_t, std::string>, std::vector<TaskRef>> predecessors;
  std::map<std::pair<int64_t, std::string>, std::vector<std::string>> gates;
  void Clear() { *this = PgTxCache(); }
};

class PgTx final : public StoreTx {
 public:
  /// |location| names the database in errors; |shared| is the batch's
  /// cache (nullptr: one of its own).
  PgTx(PgConnection& db, const std::string& location, PgTxCache* shared = nullptr)
      : db_(db), location_(location), cache_(shared ? shared : &own_) {}

  std::vector<ProjectRow> Projects() override;
  std::optional<StoredPlan> CurrentPlan(const std::string& project, bool with_source) override;
  int InsertPlanVersion(const StoredPlan& plan, const PlanFacts& facts) override;
  std::vector<std::string> PlanTaskIds(const std::string& project, int version) override;
  std::optional<PlanTaskRow> FindPlanTask(const std::string& project, int version,
                                          const std::string& task) override;
  std::optional<PlanPersonRow> FindPlanPerson(const std::string& project, int version,
                                              const std::string& person) override;
  std::vector<PlanPersonRow> PlanPeople(const std::string& project, int version) override;
  std::vector<TaskRef> Predecessors(const std::string& project, int version,
                                    const std::string& task) override;
  std::vector<std::string> UpstreamGates(const std::string& project, int version,
                                         const std::string& task) override;
  void MarkLevelled(const std::string& project, int version) override;
  bool IsLevelled(const std::string& project, int version) override;

  int InsertBaseline(const std::string& project, const Baseline& b) override;
  std::optional<Baseline> CurrentBaseline(const std::string& project) override;

  Progress LoadProgress(const std::string& project) override;
  Progress LoadProgressOf(const std::string& project, const std::vector<std::string>& ids) override;
  void SaveTaskProgress(const std::string& project, const std::string& task, const TaskProgress& p,
                        const std::string& by) override;
  std::vector<std::pair<std::string, TaskState>> ProgressNotIn(
      const std::string& project, const std::vector<std::string>& keep) override;
  std::vector<std::string> DropProgressExcept(const std::string& project,
                                              const std::vector<std::string>& keep) override;
  int CountProgress(const std::string& project) override;
  std::map<std::string, std::string> LatestAlertAbout(const std::string& project,
                                                      const std::string& kind) override;
  void RenameTask(const std::string& project, const std::string& from,
                  const std::string& to) override;
  void InsertGateDecision(const std::string& project, const std::string& gate, bool approve,
                          const std::string& actor, const std::string& note, Instant at,
                          Date on_date) override;
  void SetMetric(const std::string& project, const std::string& metric, double value,
                 const std::string& by, Instant at) override;

  void AppendLog(const std::string& project, const LogEntry& entry) override;
  std::vector<LogEntry> ReadLog(const std::string& project) override;

  int64_t InsertAlert(const std::string& project, const Alert& alert, int plan_version,
                      const std::string& created_at,
                      const std::vector<std::string>& sinks) override;
  std::vector<StoredAlert> ListAlerts(const std::string& project, const std::string& person,
                                      bool everyone, bool include_acked) override;
  std::optional<StoredAlert> FindAlert(int64_t id, const std::string& person) override;
  bool AckAlert(int64_t id, const std::string& person, Instant at) override;
  std::vector<OutboxItem> PendingDeliveries(const std::vector<std::string>& sinks) override;
  std::vector<OutboxItem> ClaimDeliveries(const std::vector<std::string>& sinks,
                                          const std::string& owner, int64_t now_ms,
                                          int64_t lease_until_ms,
                                          const std::vector<std::string>& dead,
                                          const std::vector<OutboxItem>& held) override;
  std::vector<std::string> ClaimHolders(int64_t now_ms) override;
  void ReleaseClaims(const std::string& owner, const std::vector<OutboxItem>& held) override;
  bool MarkDelivered(int64_t alert_id, const std::string& sink, int64_t fence,
                     Instant at) override;
  bool MarkAttemptFailed(int64_t alert_id, const std::string& sink, int64_t fence,
                         Instant next_attempt_at, const std::string& error) override;

  int64_t InsertToken(const TokenRow& token) override;
  std::optional<TokenRow> FindTokenByHash(const std::string& hash) override;
  std::optional<TokenRow> FindToken(int64_t id) override;
  std::vector<TokenRow> ListTokens(const std::string& person) override;
  bool RevokeToken(int64_t id, Instant at) override;

  std::optional<std::string> EngineState(const std::string& key) override;
  void SetEngineState(const std::string& key, const std::string& value) override;

  std::vector<CopyRow> ReadTableRows(const CopyTable& table) override;
  void InsertTableRows(const CopyTable& table, const std::vector<CopyRow>& rows) override;
  int64_t CountTableRows(const CopyTable& table) override;
  void DeleteTableRows(const CopyTable& table) override;
  void ContinueIdsAfterCopy(const CopyTable& table) override;

 private:
  /// The global key of version |version| of |project|, or nullopt.
  std::optional<int64_t> FindKey(const std::string& project, int version);
  /// As FindKey, for writes: a missing version throws StoreError (kFailure).
  int64_t KeyOrThrow(const std::string& project, int version);

  PgConnection& db_;
  const std::string& location_;
  PgTxCache own_;
  PgTxCache* cache_;
};

}  // namespace rollout::postgres
