// The SQLite connection under SqliteStore: one file in WAL mode, a versioned
// schema upgraded in place, and transactions that wait out other writers
// instead of failing with "database is locked" (docs/database.md).
//
// Every SQL statement of the SQLite backend lives in storage/sqlite/.
// SQLite exceptions stop here: callers get a Status naming the database path.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/result.h"
#include "storage/sqlite/statement_cache.h"
#include "storage/store.h"

namespace rollout::sqlite {

class Database {
 public:
  /// The schema version this build writes (PRAGMA user_version).
  static constexpr int kSchemaVersion = 10;

  using Outcome = Store::Outcome;

  /// Opens the database at |path|. kCreate creates the file and its folder
  /// when missing; kExisting requires the file. A file that is not a rollout
  /// database is refused before anything is written to it. Then switches it
  /// to WAL, sets the busy timeout, creates the schema or upgrades an older
  /// one in place. Refuses a schema newer than kSchemaVersion. The error
  /// names |path| and carries its ErrorCode (store.h, OpenStore).
  static Result<std::unique_ptr<Database>> Open(const std::string& path, OpenMode mode);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  /// Runs |body| inside BEGIN IMMEDIATE ... COMMIT: the write lock is taken
  /// first, so what |body| reads cannot change before it writes. When
  /// another process holds the lock, waits (busy timeout) and retries, with
  /// jittered back-off, for up to kRetryForMs in total. |body| may throw
  /// SQLite::Exception; a busy one restarts the whole transaction (so |body|
  /// must be safe to run again), any other rolls back and becomes the
  /// returned error (kFailure). A StoreError rolls back and returns its
  /// Error; any other std::exception rolls back and becomes kFailure.
  /// kRollback rolls back and returns ok.
  Status Write(const std::function<Outcome(SQLite::Database&)>& body);

  /// Runs every one of |bodies| inside one BEGIN IMMEDIATE ... COMMIT, each
  /// between SAVEPOINT and RELEASE (ROLLBACK TO when it returns kRollback or
  /// throws anything but busy): Store::WriteEach. Busy restarts the batch,
  /// as in Write.
  std::vector<Status> WriteEach(const std::vector<std::function<Outcome(SQLite::Database&)>>& bodies);

  /// Runs |body| in a read transaction (one consistent snapshot), with the
  /// same retry on busy and the same treatment of exceptions.
  Status Read(const std::function<void(SQLite::Database&)>& body);

  /// PRAGMA data_version of this connection: changes when another
  /// connection commits, not on our own commits. -1 when it cannot be read.
  int64_t DataVersion();

  /// The connection, for code in storage/sqlite/ that manages its own statements.
  SQLite::Database& sql() { return *db_; }
  /// The connection's prepared statements (reset at the end of every transaction).
  StatementCache& statements() { return statements_; }
  const std::string& path() const { return path_; }
  /// The schema version found at open (before any upgrade); 0 for a new file.
  int opened_version() const { return opened_version_; }

  /// Total time a transaction may keep retrying on a locked database.
  static constexpr int kRetryForMs = 60000;
  /// SQLite's own busy wait per attempt.
  static constexpr int kBusyTimeoutMs = 5000;

 private:
  Database(std::unique_ptr<SQLite::Database> db, std::string path);
  Status Prepare(OpenMode mode);
  Status Classify(OpenMode mode);
  Status PrepareReadOnly();
  Status Migrate();
  Error Failure(const std::string& what, const std::exception& e) const;

  std::unique_ptr<SQLite::Database> db_;
  StatementCache statements_;  // after db_: finalized before the connection closes
  std::string path_;
  int opened_version_ = 0;
  bool read_only_ = false;  // opened with OpenMode::kReadOnly: Write refuses
  bool truncated_before_ = false;  // this connection emptied the WAL once (TruncateLongWal)
};

/// True when |e| is SQLITE_BUSY or SQLITE_LOCKED (another connection holds the lock).
bool IsBusy(const std::exception& e);

}  // namespace rollout::sqlite
