// The seam between the use cases (app/), the engine runtime and the
// database: a Store runs transactions, and a StoreTx is what a transaction
// body may read and write. Every backend (storage/sqlite/,
// storage/postgres/) implements both; nothing outside storage/ sees SQL or a
// database type (docs/architecture.md, docs/database.md).
//
// Projects: a store holds any number of projects, each keyed by its plan id
// (cli.md "Many projects in one database"). Every per-project call names the
// project; versions are counted per project from 1. Alert ids are unique in
// the whole store.
//
// Errors: a backend's failure is an Error of class kFailure naming the
// store's location; StoreTx methods may throw StoreError (or a backend's own
// exception) to abort the transaction, which Store::Write turns into a Status.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/alert_rules.h"
#include "engine/progress.h"
#include "engine/result.h"
#include "storage/copy_tables.h"
#include "storage/records.h"

namespace rollout {

/// What one transaction may do. Borrowed by a body for the length of one
/// Store::Read or Store::Write call; never kept.
class StoreTx {
 public:
  virtual ~StoreTx() = default;

  // --- Projects and plan versions -------------------------------------
  /// Every project, by id.
  virtual std::vector<ProjectRow> Projects() = 0;
  /// The latest version of |project|, or nullopt when there is none.
  /// Without |with_source| the text is left empty (the fast path of
  /// start/done, which need no plan text).
  virtual std::optional<StoredPlan> CurrentPlan(const std::string& project,
                                                bool with_source = true) = 0;
  /// Stores |plan| as the next version of project |plan.plan_id| (a new
  /// project when the id is new) with its facts; returns the version.
  virtual int InsertPlanVersion(const StoredPlan& plan, const PlanFacts& facts) = 0;
  /// Task ids of |version| (leaves and groups), in plan order.
  virtual std::vector<std::string> PlanTaskIds(const std::string& project, int version) = 0;
  virtual std::optional<PlanTaskRow> FindPlanTask(const std::string& project, int version,
                                                  const std::string& task) = 0;
  virtual std::optional<PlanPersonRow> FindPlanPerson(const std::string& project, int version,
                                                      const std::string& person) = 0;
  virtual std::vector<PlanPersonRow> PlanPeople(const std::string& project, int version) = 0;
  /// The direct network predecessors of leaf |task| (groups expanded).
  virtual std::vector<TaskRef> Predecessors(const std::string& project, int version,
                                            const std::string& task) = 0;
  /// The gates among the transitive predecessors of |task|.
  virtual std::vector<std::string> UpstreamGates(const std::string& project, int version,
                                                 const std::string& task) = 0;
  /// Records that |version| is levelled (load --level, `levelled: true`).
  virtual void MarkLevelled(const std::string& project, int version) = 0;
  virtual bool IsLevelled(const std::string& project, int version) = 0;

  // --- Baselines -------------------------------------------------------
  /// Stores a baseline of |project| (b.plan_version names the version);
  /// returns its id.
  virtual int InsertBaseline(const std::string& project, const Baseline& b) = 0;
  /// The latest baseline of |project|, or nullopt.
  virtual std::optional<Baseline> CurrentBaseline(const std::string& project) = 0;

  // --- Progress, gate decisions, KPI values -----------------------------
  /// Everything recorded on |project|: task states, the latest decision of
  /// every gate, KPI values.
  virtual Progress LoadProgress(const std::string& project) = 0;
  /// The tasks and gates of |ids| only (no metrics): what start/done need.
  virtual Progress LoadProgressOf(const std::string& project,
                                  const std::vector<std::string>& ids) = 0;
  /// Writes the state of |task| (kPlanned deletes its record).
  virtual void SaveTaskProgress(const std::string& project, const std::string& task,
                                const TaskProgress& p, const std::string& by) = 0;
  /// Tasks with progress (started or done) that are not in |keep|, with their state.
  virtual std::vector<std::pair<std::string, TaskState>> ProgressNotIn(
      const std::string& project, const std::vector<std::string>& keep) = 0;
  /// Deletes the progress of every task not in |keep|; returns the ids dropped.
  virtual std::vector<std::string> DropProgressExcept(const std::string& project,
                                                      const std::vector<std::string>& keep) = 0;
  /// Moves the progress and gate decisions of task |from| to |to| (a task
  /// renamed in a new version, `renamed_from`); what |to| had is replaced.
  virtual void RenameTask(const std::string& project, const std::string& from,
                          const std::string& to) = 0;
  /// How many tasks of |project| have progress.
  virtual int CountProgress(const std::string& project) = 0;
  /// Appends an approve or reject decision on |gate|.
  virtual void InsertGateDecision(const std::string& project, const std::string& gate,
                                  bool approve, const std::string& actor, const std::string& note,
                                  Instant at, Date on_date) = 0;
  virtual void SetMetric(const std::string& project, const std::string& metric, double value,
                         const std::string& by, Instant at) = 0;

  // --- The audit trail ----------------------------------------------------
  virtual void AppendLog(const std::string& project, const LogEntry& entry) = 0;
  /// The whole trail of |project|, oldest first.
  virtual std::vector<LogEntry> ReadLog(const std::string& project) = 0;

  // --- Alerts and their deliveries -----------------------------------------
  /// Stores |alert| unless an alert of |project| with its identity (kind,
  /// task, about) exists; on insert adds an outbox row for each of |sinks|.
  /// Returns the new id, or 0 when it was stored before (nothing written).
  virtual int64_t InsertAlert(const std::string& project, const Alert& alert, int plan_version,
                              const std::string& created_at,
                              const std::vector<std::string>& sinks) = 0;
  /// Alerts of |project| addressed to |person| (every alert when
  /// |everyone|), oldest first; those |person| acknowledged only when
  /// |include_acked|.
  virtual std::vector<StoredAlert> ListAlerts(const std::string& project,
                                              const std::string& person, bool everyone,
                                              bool include_acked) = 0;
  /// The latest `about` of |project|'s alerts of |kind|, by task ('' for
  /// alerts about no task).
  virtual std::map<std::string, std::string> LatestAlertAbout(const std::string& project,
                                                              const std::string& kind) = 0;
  /// Alert |id| of any project, with `acked` for |person|.
  virtual std::optional<StoredAlert> FindAlert(int64_t id, const std::string& person) = 0;
  /// Records that |person| acknowledged alert |id|; false if they had already.
  virtual bool AckAlert(int64_t id, const std::string& person, Instant at) = 0;
  /// Undelivered outbox rows for |sinks|, of every project, by alert id. A
  /// row belongs to sink S when it is named S or S:ANYTHING (the e-mail
  /// sink keeps one row per recipient, "email:ann").
  virtual std::vector<OutboxItem> PendingDeliveries(const std::vector<std::string>& sinks) = 0;
  /// Claims for |owner| until |lease_until_ms| (unix milliseconds) the
  /// undelivered outbox rows of |sinks| that nobody holds: unclaimed, held by
  /// |owner| already (a renewal), or whose lease ran out before |now_ms| (a
  /// claimer that died). Rows another live claimer holds are left alone; on
  /// PostgreSQL so are rows another transaction is claiming at this moment
  /// (FOR UPDATE SKIP LOCKED). Rows of |dead| owners are taken whatever
  /// their lease (the engine knows a process of its own host is gone).
  /// Fencing: a row is renewed with its token only when it is in |held|
  /// with the token it has now, |owner| holds it and its lease has not run
  /// out; every other row taken is a new claim and its token grows by one.
  /// Returns what |owner| now holds, by alert id, with each token.
  virtual std::vector<OutboxItem> ClaimDeliveries(const std::vector<std::string>& sinks,
                                                  const std::string& owner, int64_t now_ms,
                                                  int64_t lease_until_ms,
                                                  const std::vector<std::string>& dead,
                                                  const std::vector<OutboxItem>& held) = 0;
  /// Who holds a live claim (lease after |now_ms|) on an undelivered row.
  virtual std::vector<std::string> ClaimHolders(int64_t now_ms) = 0;
  /// Gives up the claims of |held| (a clean stop): each row whose token is
  /// still the one in |held| and that |owner| holds; another engine may take
  /// them at once.
  virtual void ReleaseClaims(const std::string& owner, const std::vector<OutboxItem>& held) = 0;
  /// Marks the row delivered, only while its token is still |fence| (the
  /// claim the delivery was made under); false when another claim took the
  /// row meanwhile (nothing written).
  virtual bool MarkDelivered(int64_t alert_id, const std::string& sink, int64_t fence,
                             Instant at) = 0;
  /// Records a failed attempt, under the same condition as MarkDelivered.
  virtual bool MarkAttemptFailed(int64_t alert_id, const std::string& sink, int64_t fence,
                                 Instant next_attempt_at, const std::string& error) = 0;

  // --- Access tokens of the team server (per store, naming a person) -------
  /// Stores |token| (its id is ignored); returns the new id.
  virtual int64_t InsertToken(const TokenRow& token) = 0;
  /// The token whose hash is |hash|, or nullopt.
  virtual std::optional<TokenRow> FindTokenByHash(const std::string& hash) = 0;
  virtual std::optional<TokenRow> FindToken(int64_t id) = 0;
  /// Every token (|person| empty) or those of |person|, by id.
  virtual std::vector<TokenRow> ListTokens(const std::string& person) = 0;
  /// Marks token |id| revoked at |at|; false when it was already.
  virtual bool RevokeToken(int64_t id, Instant at) = 0;

  // --- The engine's bookkeeping --------------------------------------------
  virtual std::optional<std::string> EngineState(const std::string& key) = 0;
  virtual void SetEngineState(const std::string& key, const std::string& value) = 0;

  // --- Whole-store copies (`rollout db copy`, app/db_copy.h) ---------------
  /// Every row of |table|, its CopyTable columns as text, in key order.
  virtual std::vector<CopyRow> ReadTableRows(const CopyTable& table) = 0;
  /// Appends |rows| (as ReadTableRows gives them) to |table|.
  virtual void InsertTableRows(const CopyTable& table, const std::vector<CopyRow>& rows) = 0;
  virtual int64_t CountTableRows(const CopyTable& table) = 0;
  virtual void DeleteTableRows(const CopyTable& table) = 0;
  /// After InsertTableRows: ids the store generates continue above the
  /// highest one of |table|'s id_column.
  virtual void ContinueIdsAfterCopy(const CopyTable& table) = 0;
};

/// Thrown by code inside a transaction body to abort it with |error|
/// (Store::Write returns it as the Status).
class StoreError : public std::runtime_error {
 public:
  explicit StoreError(Error error) : std::runtime_error(error.message), error_(std::move(error)) {}
  const Error& error() const { return error_; }

 private:
  Error error_;
};

class Store {
 public:
  virtual ~Store() = default;

  /// What a write transaction's body decides: keep its writes or drop them.
  enum class Outcome { kCommit, kRollback };

  /// Runs |body| in a write transaction: the write lock is taken first, so
  /// what |body| reads cannot change before it writes. A transaction that
  /// conflicts with another writer is run again (so |body| must be safe to
  /// run again), for a bounded time. kRollback drops the writes and returns
  /// ok; an exception from |body| rolls back and becomes the error.
  virtual Status Write(const std::function<Outcome(StoreTx&)>& body) = 0;

  /// Group commit: runs every one of |bodies| in ONE write transaction,
  /// each inside its own savepoint, and commits once. A body that returns
  /// kRollback or throws is rolled back to its savepoint alone and gets its
  /// own Status (ok for kRollback, the error for an exception); the others
  /// keep their writes. Returns one Status per body, in order; when the
  /// commit itself fails, every Status is that failure and nothing is
  /// written. A conflict with another writer runs the whole batch again
  /// (so every body must be safe to run again), as Write does.
  virtual std::vector<Status> WriteEach(
      const std::vector<std::function<Outcome(StoreTx&)>>& bodies) = 0;

  /// Runs |body| in a read transaction: one consistent snapshot.
  virtual Status Read(const std::function<void(StoreTx&)>& body) = 0;

  /// A number that changes when another connection commits a write: the
  /// engine polls it to wake up on progress recorded by any process.
  /// Negative when it cannot be read.
  virtual int64_t ChangeCounter() = 0;

  /// What a watcher may wait on instead of polling ChangeCounter: a file
  /// descriptor that becomes readable when another connection may have
  /// committed (PostgreSQL: the socket of the store's LISTEN connection),
  /// or fd -1 when there is none (SQLite, or the connection is lost: poll).
  /// The store owns the descriptor; |generation| changes whenever it is
  /// replaced (a reconnection), so that a watcher takes the new one. A
  /// wake-up only says "look": the watcher then reads ChangeCounter, which
  /// consumes what made the descriptor readable.
  struct ChangeSocket {
    int fd = -1;
    int64_t generation = 0;
  };
  virtual ChangeSocket WaitSocket() { return {}; }

  /// The backend's own consistency check of everything stored (SQLite:
  /// `PRAGMA integrity_check`): ok, or what is wrong. For tests and repairs.
  virtual Status CheckIntegrity() = 0;

  /// Where the store lives (a path or a URI), for messages.
  virtual const std::string& location() const = 0;
};

/// How a command opens a store.
enum class OpenMode {
  kReadOnly,  // the store must exist at the current schema; nothing is ever written
  kExisting,  // the store must exist and be a rollout store; upgrade an older schema
  kCreate,    // create it (file 0600, new folders 0700) if missing; only `load` does this
};

/// Opens the store at |location|: a postgresql:// or postgres:// URI is
/// PostgreSQL (storage/postgres/), anything else a SQLite file path. Errors: kNoDatabase (nothing
/// there, kExisting/kReadOnly), kNotADatabase, kSchemaTooNew, kSchemaTooOld
/// (kReadOnly of an older schema: a writing open upgrades it), kCannotOpen,
/// kFailure.
Result<std::unique_ptr<Store>> OpenStore(const std::string& location, OpenMode mode);

}  // namespace rollout
