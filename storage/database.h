// The rollout database: one SQLite file in WAL mode, a versioned schema
// upgraded in place, and transactions that wait out other writers instead of
// failing with "database is locked" (docs/database.md).
//
// Every SQL statement of rollout lives in storage/. SQLite exceptions stop
// here: callers get a Status naming the database path.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <variant>

#include <SQLiteCpp/Database.h>

#include "engine/result.h"

namespace rollout {


class Database {
 public:
  /// The schema version this build writes (PRAGMA user_version).
  static constexpr int kSchemaVersion = 4;

  /// Opens (creating the file and its folder if missing) the database at
  /// |path|, switches it to WAL, sets the busy timeout, creates the schema
  /// or upgrades an older one in place. Refuses a database whose schema is
  /// newer than kSchemaVersion. The error names |path|.
  static Result<std::unique_ptr<Database>> Open(const std::string& path);

  /// Opens without creating: fails if the file does not exist.
  static Result<std::unique_ptr<Database>> OpenExisting(const std::string& path);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  /// What a transaction body decides: keep its writes or drop them.
  enum class Outcome { kCommit, kRollback };

  /// Runs |body| inside BEGIN IMMEDIATE ... COMMIT: the write lock is taken
  /// first, so what |body| reads cannot change before it writes. When
  /// another process holds the lock, waits (busy timeout) and retries, with
  /// jittered back-off, for up to kRetryForMs in total. |body| may throw
  /// SQLite::Exception; a busy one restarts the whole transaction (so |body|
  /// must be safe to run again), any other rolls back and becomes the
  /// returned error. kRollback rolls back and returns ok.
  Status Write(const std::function<Outcome(SQLite::Database&)>& body);

  /// Runs |body| in a read transaction (one consistent snapshot), with the
  /// same retry on busy.
  Status Read(const std::function<void(SQLite::Database&)>& body);

  /// The connection, for code in storage/ that manages its own statements.
  SQLite::Database& sql() { return *db_; }
  const std::string& path() const { return path_; }
  /// The schema version found at open (before any upgrade); 0 for a new file.
  int opened_version() const { return opened_version_; }

  /// Total time a transaction may keep retrying on a locked database.
  static constexpr int kRetryForMs = 60000;
  /// SQLite's own busy wait per attempt.
  static constexpr int kBusyTimeoutMs = 5000;

 private:
  Database(std::unique_ptr<SQLite::Database> db, std::string path);
  static Result<std::unique_ptr<Database>> OpenImpl(const std::string& path, bool create);
  Status Prepare();
  Error Failure(const std::string& what, const std::exception& e) const;

  std::unique_ptr<SQLite::Database> db_;
  std::string path_;
  int opened_version_ = 0;
};

/// True when |e| is SQLITE_BUSY or SQLITE_LOCKED (another connection holds the lock).
bool IsBusy(const std::exception& e);

}  // namespace rollout
