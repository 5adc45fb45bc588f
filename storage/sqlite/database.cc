#include "storage/sqlite/database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include "storage/sqlite/schema.h"
#include "po/messages.h"

namespace rollout::sqlite {
namespace {

using Clock = std::chrono::steady_clock;

// A writer copies the WAL back into the database file and empties it once
// it holds this many frames (docs/performance.md "rollout done vs
// Taskwarrior").
constexpr int kWalFrames = 64;
// ... but a long-lived writer (the server's group commit) does it again
// only past kWalFramesLater: a checkpoint fsyncs the database file too, and
// after nearly every batch it halved the server's write rate
// (docs/performance.md "The team server"). A process that commits once
// (the CLI) empties it at 64 frames as before; so does every connection's
// first truncation.
constexpr int kWalFramesLater = 1024;

// Frames in the WAL after the last commit on this thread (sqlite3_wal_hook
// runs inside COMMIT, on the committing thread).
thread_local int wal_frames_after_commit = 0;

int RememberWalFrames(void*, sqlite3*, const char*, int frames) {
  wal_frames_after_commit = frames;
  return SQLITE_OK;
}

int UserVersion(SQLite::Database& db) {
  return db.execAndGet("PRAGMA user_version").getInt();
}

/// Sleeps a random 1..|max_ms| ms so that waiting writers do not retry in step.
void Backoff(int attempt) {
  thread_local std::minstd_rand rng(static_cast<unsigned>(getpid()) * 2654435761u +
                                    static_cast<unsigned>(Clock::now().time_since_epoch().count()));
  int max_ms = std::min(50, 2 << std::min(attempt, 5));
  std::uniform_int_distribution<int> ms(1, max_ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms(rng)));
}

/// Runs |step| until it does not throw busy, for up to |budget_ms|.
template <typename Step>
void RetryBusy(int budget_ms, Step step) {
  Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(budget_ms);
  for (int attempt = 0;; ++attempt) {
    try {
      step();
      return;
    } catch (const SQLite::Exception& e) {
      if (!IsBusy(e) || Clock::now() >= deadline) throw;
    }
    Backoff(attempt);
  }
}

// After a commit: when the WAL holds kWalFrames or more, copy it into the
// database file and truncate it to zero bytes. Only an emptied file makes
// the next process start with an empty WAL: RESTART rewinds the index in
// shared memory alone, and the next process rebuilds that index from the
// file (all the old frames are still valid there). Best effort and without
// waiting: if a reader still uses the WAL (busy), a later writer does it.
void TruncateLongWal(SQLite::Database& db, bool* truncated_before) {
  if (wal_frames_after_commit < (*truncated_before ? kWalFramesLater : kWalFrames)) return;
  *truncated_before = true;
  wal_frames_after_commit = 0;
  sqlite3* h = db.getHandle();
  sqlite3_busy_timeout(h, 0);
  sqlite3_wal_checkpoint_v2(h, "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_busy_timeout(h, Database::kBusyTimeoutMs);
}

void RollbackQuietly(SQLite::Database& db) {
  try {
    if (!sqlite3_get_autocommit(db.getHandle())) db.exec("ROLLBACK");
  } catch (const SQLite::Exception&) {
    // The transaction is gone already (e.g. rolled back by SQLite itself).
  }
}

}  // namespace

bool IsBusy(const std::exception& e) {
  const auto* s = dynamic_cast<const SQLite::Exception*>(&e);
  if (!s) return false;
  int code = s->getErrorCode() & 0xff;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

Database::Database(std::unique_ptr<SQLite::Database> db, std::string path)
    : db_(std::move(db)), path_(std::move(path)) {}

Database::~Database() = default;

// Creates the folders of |path| that are missing, each 0700: the database
// holds the plan, notes, people and later token hashes.
std::error_code CreatePrivateFolders(const std::filesystem::path& folder) {
  std::error_code ec;
  if (folder.empty() || std::filesystem::exists(folder, ec)) return ec;
  if (std::error_code up = CreatePrivateFolders(folder.parent_path())) return up;
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
    return std::error_code(errno, std::generic_category());
  return {};
}

// Creates |path| as an empty file readable by its owner only, unless it
// exists (a file the user made, with the mode they chose, is kept as it is).
// SQLite gives the -wal and -shm files the mode of the database file.
std::error_code CreatePrivateFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return {};
  }
  if (errno == EEXIST) return {};
  return std::error_code(errno, std::generic_category());
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, OpenMode mode) {
  const bool create = mode == OpenMode::kCreate;
  std::error_code exists_ec;
  if (!create && !std::filesystem::exists(path, exists_ec) && !exists_ec)
    return MakeError(ErrorCode::kNoDatabase, Tr("cannot open the database {0}: no such file", path));
  std::unique_ptr<SQLite::Database> db;
  try {
    if (create) {
      std::filesystem::path parent = std::filesystem::path(path).parent_path();
      if (std::error_code ec = CreatePrivateFolders(parent)) {
        return MakeError(ErrorCode::kCannotOpen, Tr("cannot create the folder {0} for the database: {1}",
                                                        parent.string(), ec.message()));
      }
      if (std::error_code ec = CreatePrivateFile(path)) {
        return MakeError(ErrorCode::kCannotOpen,
                         Tr("cannot create the database {0}: {1}", path, ec.message()));
      }
    }
    // A connection is used by one thread at a time (the server gives each
    // thread its own): SQLite's per-call mutexes are not needed, nor its
    // global memory statistics (both showed as ~15 % of a `done` under
    // load; docs/performance.md "The team server").
    static const bool configured = [] {
      sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // refused (harmless) once initialized
      return true;
    }();
    (void)configured;
    const int flags = (mode == OpenMode::kReadOnly
                           ? SQLite::OPEN_READONLY
                           : SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0)) |
                      SQLITE_OPEN_NOMUTEX;
    db = std::make_unique<SQLite::Database>(path, flags, kBusyTimeoutMs);
  } catch (const std::exception& e) {
    std::error_code ec;
    const bool missing = !std::filesystem::exists(path, ec) && !ec;
    return MakeError(!create && missing ? ErrorCode::kNoDatabase : ErrorCode::kCannotOpen,
                     Tr("cannot open the database {0}: {1}", path, e.what()));
  }
  std::unique_ptr<Database> result(new Database(std::move(db), path));
  Status prepared = result->Prepare(mode);
  if (!prepared.ok()) return prepared.errors();
  return result;
}

Error Database::Failure(const std::string& what, const std::exception& e) const {
  return MakeError(ErrorCode::kFailure, Tr("{0} in the database {1}: {2}", what, path_, e.what()));
}

namespace {

Error NotADatabase(const std::string& path, const std::string& why) {
  return MakeError(ErrorCode::kNotADatabase, Tr("cannot open the database {0}: it is not a rollout database ({1})", path, why));
}

/// Whether the first bytes of |path| are SQLite's magic; true for a file we
/// cannot read (SQLite then reports why) and for an empty file.
bool LooksLikeSqlite(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return true;
  char head[16] = {};
  in.read(head, sizeof head);
  if (in.gcount() == 0) return true;
  return in.gcount() == sizeof head && std::memcmp(head, "SQLite format 3", 16) == 0;
}

}  // namespace

// Decides, by reading only, whether the file is ours before anything is
// written to it: switching a foreign file to WAL or creating tables in it
// would damage someone else's data.
Status Database::Classify(OpenMode mode) {
  if (!LooksLikeSqlite(path_)) return NotADatabase(path_, Tr("not an SQLite file"));
  int objects = 0;
  bool has_plans = false;
  try {
    RetryBusy(kRetryForMs, [&] {
      opened_version_ = UserVersion(*db_);
      objects = db_->execAndGet("SELECT count(*) FROM sqlite_master").getInt();
      has_plans = db_->execAndGet(
                         "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                         "AND name = 'plan_versions'")
                      .getInt() > 0;
    });
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode() & 0xff;
    if (code == SQLITE_NOTADB) return NotADatabase(path_, e.what());
    if (code == SQLITE_CANTOPEN || code == SQLITE_PERM || code == SQLITE_AUTH) {
      return MakeError(ErrorCode::kCannotOpen,
                       Tr("cannot open the database {0}: {1}", path_, e.what()));
    }
    return Failure(Tr("cannot prepare"), e);
  }
  if (opened_version_ > kSchemaVersion) {
    return MakeError(ErrorCode::kSchemaTooNew, Tr("the database {0} has schema version {1}, newer than this rollout knows ({2})",
                                                      path_, opened_version_, kSchemaVersion));
  }
  if (opened_version_ == 0) {
    if (objects > 0) return NotADatabase(path_, Tr("an SQLite database with other tables"));
    // Nothing in it yet: a file only a creating open may take over.
    if (mode != OpenMode::kCreate) {
      std::error_code ec;
      return NotADatabase(path_, std::filesystem::file_size(path_, ec) == 0
                                     ? Tr("an empty file")
                                     : Tr("an empty SQLite database"));
    }
    return OkStatus();
  }
  if (!has_plans) {
    return NotADatabase(path_, Tr("an SQLite database with user_version {0} and no plan_versions table",
                                      opened_version_));
  }
  return OkStatus();
}

Status Database::Prepare(OpenMode mode) {
  Status classified = Classify(mode);
  if (!classified.ok()) return classified;
  if (mode == OpenMode::kReadOnly) return PrepareReadOnly();
  try {
    // WAL is a property of the file: set once, cheap to confirm afterwards.
    RetryBusy(kRetryForMs, [&] {
      std::string journal = db_->execAndGet("PRAGMA journal_mode").getString();
      if (journal != "wal") db_->execAndGet("PRAGMA journal_mode=WAL");
    });
    // FULL: a commit is on disk (WAL fsynced) before the command says so.
    db_->exec("PRAGMA synchronous=FULL");
    // Keep the WAL file between commands and checkpoint only when it grows
    // long (below): a short-lived process then pays one
    // fsync per commit instead of five plus two unlinks (docs/performance.md).
    int persist = 1;
    sqlite3_file_control(db_->getHandle(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    sqlite3_db_config(db_->getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    db_->exec("PRAGMA journal_size_limit=4194304");
    // No automatic checkpoint: every process rebuilds the WAL index by
    // reading the whole WAL (~2 us a frame; the shared-memory index does not
    // outlive the last connection), and the rebuilt index counts no frame as
    // copied back, so SQLite's PASSIVE checkpoint never lets the WAL start
    // over and, past its threshold, copied the whole WAL at every commit.
    // Write() empties the WAL instead (TruncateLongWal).
    db_->exec("PRAGMA wal_autocheckpoint=0");
    sqlite3_wal_hook(db_->getHandle(), RememberWalFrames, nullptr);
    db_->exec("PRAGMA foreign_keys=ON");
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode() & 0xff;
    if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM) {
      return MakeError(ErrorCode::kCannotOpen,
                       Tr("cannot open the database {0}: {1}", path_, e.what()));
    }
    return Failure(Tr("cannot prepare"), e);
  } catch (const std::exception& e) {
    return Failure(Tr("cannot prepare"), e);
  }
  if (opened_version_ == kSchemaVersion) return OkStatus();
  return Migrate();
}

// A read-only connection changes nothing: no WAL switch, no migration, no
// checkpoint; an older schema is refused instead of upgraded.
Status Database::PrepareReadOnly() {
  read_only_ = true;
  if (opened_version_ < kSchemaVersion) {
    return MakeError(ErrorCode::kSchemaTooOld,
                     Tr("the database {0} has schema version {1}; reading it needs version {2}, which any "
                        "command that records something upgrades it to",
                        path_, opened_version_, kSchemaVersion));
  }
  return OkStatus();
}

// Creates or upgrades the schema, under the write lock; another process may
// have done it meanwhile, so look again inside the transaction.
Status Database::Migrate() {
  // Schema version 5 rebuilds `alerts`, which alert_acks and outbox
  // reference: with foreign keys on, DROP TABLE would first delete its rows
  // and fail on those references. The rows are copied with their ids, so
  // the references hold again after the rename (sqlite.org/lang_altertable.html,
  // "other kinds of table schema changes"). The pragma does nothing inside a
  // transaction, hence around it.
  try {
    db_->exec("PRAGMA foreign_keys=OFF");
  } catch (const std::exception& e) {
    return Failure(Tr("cannot upgrade"), e);
  }
  statements_.Clear();  // the schema changes under them
  Status migrated = Write([&](SQLite::Database& db) {
    int version = UserVersion(db);
    if (version > kSchemaVersion) {
      throw SQLite::Exception("the schema became newer while upgrading", SQLITE_ERROR);
    }
    for (const Migration& m : Migrations()) {
      if (m.to_version <= version) continue;
      db.exec(m.sql);
    }
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    return Outcome::kCommit;
  });
  try {
    db_->exec("PRAGMA foreign_keys=ON");
  } catch (const std::exception& e) {
    if (migrated.ok()) return Failure(Tr("cannot upgrade"), e);
  }
  return migrated;
}

int64_t Database::DataVersion() {
  try {
    return db_->execAndGet("PRAGMA data_version").getInt64();
  } catch (const std::exception&) {
    return -1;
  }
}

// One body is a batch of one: the same lock, retries, savepoint and
// treatment of exceptions as WriteEach.
Status Database::Write(const std::function<Outcome(SQLite::Database&)>& body) {
  return WriteEach({body}).front();
}

std::vector<Status> Database::WriteEach(
    const std::vector<std::function<Outcome(SQLite::Database&)>>& bodies) {
  if (read_only_)
    return std::vector<Status>(
        bodies.size(), MakeError(ErrorCode::kFailure, Tr("the database {0} was opened read-only", path_)));
  // One body between its savepoint and its release; its own failure stays
  // its own (a busy one restarts the whole batch).
  const auto run_one = [&](size_t i) -> Status {
    db_->exec("SAVEPOINT each_body");
    const auto undo = [&] {
      statements_.ResetUsed();
      db_->exec("ROLLBACK TO each_body");
      db_->exec("RELEASE each_body");
    };
    try {
      const Outcome outcome = bodies[i](*db_);
      if (outcome == Outcome::kCommit)
        db_->exec("RELEASE each_body");
      else
        undo();
      return OkStatus();
    } catch (const SQLite::Exception& e) {
      if (IsBusy(e)) throw;
      undo();
      return Failure(Tr("cannot write"), e);
    } catch (const StoreError& e) {
      undo();
      return e.error();
    } catch (const std::exception& e) {
      undo();
      return Failure(Tr("cannot write"), e);
    }
  };
  Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(kRetryForMs);
  for (int attempt = 0;; ++attempt) {
    std::vector<Status> out;
    out.reserve(bodies.size());
    try {
      db_->exec("BEGIN IMMEDIATE");
      for (size_t i = 0; i < bodies.size(); ++i) out.push_back(run_one(i));
      statements_.ResetUsed();
      db_->exec("COMMIT");
      TruncateLongWal(*db_, &truncated_before_);
      return out;
    } catch (const SQLite::Exception& e) {
      statements_.ResetUsed();
      RollbackQuietly(*db_);
      if (!IsBusy(e) || Clock::now() >= deadline) {
        const Error error =
            IsBusy(e) ? MakeError(ErrorCode::kFailure,
                                      Tr("the database {0} stayed locked by another process for {1} s",
                                         path_, kRetryForMs / 1000))
                      : Failure(Tr("cannot write"), e);
        return std::vector<Status>(bodies.size(), error);
      }
    } catch (...) {
      statements_.ResetUsed();
      RollbackQuietly(*db_);
      throw;
    }
    Backoff(attempt);
  }
}

Status Database::Read(const std::function<void(SQLite::Database&)>& body) {
  Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(kRetryForMs);
  for (int attempt = 0;; ++attempt) {
    try {
      db_->exec("BEGIN");
      body(*db_);
      statements_.ResetUsed();
      db_->exec("COMMIT");
      return OkStatus();
    } catch (const SQLite::Exception& e) {
      statements_.ResetUsed();
      RollbackQuietly(*db_);
      if (!IsBusy(e) || Clock::now() >= deadline) return Failure(Tr("cannot read"), e);
    } catch (const StoreError& e) {
      statements_.ResetUsed();
      RollbackQuietly(*db_);
      return e.error();
    } catch (const std::exception& e) {
      statements_.ResetUsed();
      RollbackQuietly(*db_);
      return Failure(Tr("cannot read"), e);
    } catch (...) {
      statements_.ResetUsed();
      RollbackQuietly(*db_);
      throw;
    }
    Backoff(attempt);
  }
}

}  // namespace rollout::sqlite
