// The PostgreSQL backend of Store (issue #14, docs/database.md
// "PostgreSQL"): one libpq connection per store, the schema `rollout` in the
// database the URI names, migrations of its own (storage/postgres/pg_schema.*).
//
// Transactions: Write is SERIALIZABLE and runs again on a serialization
// failure or deadlock (40001, 40P01), with jittered back-off, for up to
// kRetryForMs, as the SQLite backend waits out a locked file; Read is
// REPEATABLE READ READ ONLY (one snapshot, never a conflict). Every
// committed Write sends NOTIFY rollout_changes; ChangeCounter counts the
// notifications other sessions sent.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/result.h"
#include "storage/postgres/pg_connection.h"
#include "storage/store.h"

namespace rollout::postgres {

class PgStore final : public Store {
 public:
  /// Connects to |uri| and checks or creates the schema by |mode| (store.h
  /// OpenMode): kCreate creates the schema `rollout` when missing (not the
  /// database: that is the administrator's), kExisting and kReadOnly refuse
  /// a database without it (kNoDatabase), kReadOnly an older schema
  /// (kSchemaTooOld) and sets every transaction read-only; any mode refuses
  /// a newer schema (kSchemaTooNew). Messages name the URI without its
  /// password.
  static Result<std::unique_ptr<PgStore>> Open(const std::string& uri, OpenMode mode);

  Status Write(const std::function<Outcome(StoreTx&)>& body) override;
  Status Read(const std::function<void(StoreTx&)>& body) override;
  /// Group commit: one transaction, each body inside its own SAVEPOINT. A
  /// body that throws or returns kRollback is rolled back to its savepoint
  /// alone and gets its own Status; one COMMIT for all; a serialization
  /// failure runs the whole batch again. When the COMMIT itself fails,
  /// every body that wanted to commit gets that error.
  std::vector<Status> WriteEach(const std::vector<std::function<Outcome(StoreTx&)>>& bodies);

  /// A batch of WriteEach that conflicted with other writers this many
  /// times is split in halves, each a transaction of its own, down to
  /// single bodies, which retry for the whole retry time as Write does. A
  /// large batch reads more and so conflicts more: retried whole, it could
  /// lose to a smaller writer's commits again and again (measured with two
  /// servers on one project: one answered 1 request in 5 s while the other
  /// answered 3,800; docs/database.md "Group commit on PostgreSQL").
  static constexpr int kBatchConflicts = 4;
  /// Notifications (NOTIFY rollout_changes) from other sessions; -1 when the
  /// connection is broken.
  int64_t ChangeCounter() override;
  /// The socket of the LISTEN connection (a second connection, opened by
  /// the first ChangeCounter: it carries nothing but notifications, so its
  /// socket is readable exactly when one is waiting); -1 before that and
  /// while it is lost.
  ChangeSocket WaitSocket() override;
  /// Orphan rows (facts without their plan version, acks and deliveries
  /// without their alert, ...) and, when the amcheck extension is installed,
  /// bt_index_check of every index of the schema.
  Status CheckIntegrity() override;
  const std::string& location() const override { return location_; }

  /// The schema version found at open (0: none yet).
  int opened_version() const { return opened_version_; }

  /// Total time a transaction may keep running again on conflicts.
  static constexpr int kRetryForMs = 60000;

 private:
  PgStore(std::unique_ptr<PgConnection> conn, std::string uri, std::string location)
      : conn_(std::move(conn)), uri_(std::move(uri)), location_(std::move(location)) {}
  Status Prepare(OpenMode mode);
  Status Migrate();
  Error Failure(const std::string& what, const std::exception& e) const;
  /// Runs |attempt| inside BEGIN ISOLATION LEVEL SERIALIZABLE ... COMMIT
  /// (when it returns true; ROLLBACK when false), again on a retryable
  /// error, for up to kRetryForMs.
  // Runs |attempt| in a write transaction, again on a conflict until the
  // retry time is up, or, with |conflict_limit| > 0, until that many
  // conflicts, when |gave_up| is set and the status is a failure.
  Status RunWrite(const std::function<bool()>& attempt, int conflict_limit = 0,
                  bool* gave_up = nullptr);
  // WriteEach of bodies [begin, end) into out[begin, end).
  void WriteEachRange(const std::vector<std::function<Outcome(StoreTx&)>>& bodies, size_t begin,
                      size_t end, std::vector<Status>& out);
  void RollbackQuietly();
  /// A broken connection connected again, with the session's settings;
  /// throws PgError while the server is away.
  void EnsureConnected();

  std::unique_ptr<PgConnection> conn_;
  // The LISTEN connection (ChangeCounter, WaitSocket), opened on first use.
  std::unique_ptr<PgConnection> listen_;
  int64_t listen_generation_ = 0;
  bool listen_ok_ = false;  // the last count on it succeeded
  std::string uri_;       // as given (it may hold a password: never shown)
  std::string location_;  // the URI without its password
  int opened_version_ = 0;
  bool read_only_ = false;
};

}  // namespace rollout::postgres
