// StoreTx over one SQLite connection inside a transaction that
// Database::Write or Database::Read opened; no method opens its own.
// Statements are in sqlite_tx_plans.cc (plan versions, baselines),
// sqlite_tx_progress.cc (progress, gate decisions, metrics, the audit trail)
// and sqlite_tx_alerts.cc (alerts, the outbox, the engine's bookkeeping).
//
// The Store API counts versions per project (plan_versions.project_version);
// every plan_version column of the schema holds the global key
// plan_versions.version. A SqliteTx translates between the two and
// remembers what it looked up: it lives for one transaction only.
#pragma once

#include <SQLiteCpp/Database.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/sqlite/statement_cache.h"
#include "storage/json_columns.h"
#include "storage/store.h"

namespace rollout::sqlite {

class SqliteTx final : public StoreTx {
 public:
  /// |path| names the database in errors.
  SqliteTx(SQLite::Database& db, StatementCache& statements, const std::string& path)
      : db_(db), statements_(statements), path_(path) {}

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
  std::optional<int> FindKey(const std::string& project, int version);
  /// As FindKey, for writes: a missing version throws StoreError (kFailure).
  int KeyOrThrow(const std::string& project, int version);
  /// The project's version that global version |global| is; 0 for none.
  /// Rows that name a version translate through this map rather than a
  /// join: a join reads the plan_versions row, whose project_version sits
  /// after the plan text (one page read per 4 KiB of plan), while the map
  /// is read once from the head index.
  int ProjectVersionOf(const SQLite::Column& global);
  /// Fills the temporary table keep_ids with |keep|.
  void FillKeep(const std::vector<std::string>& keep);

  /// The connection's prepared statement of |sql| (StatementCache::Get).
  SQLite::Statement& Stmt(const std::string& sql) { return statements_.Get(db_, sql); }

  SQLite::Database& db_;
  StatementCache& statements_;
  const std::string& path_;
  std::map<std::pair<std::string, int>, int> keys_;     // (project, version) -> global version
  std::optional<std::map<int, int>> project_versions_;  // global -> project version, all
};


}  // namespace rollout::sqlite
