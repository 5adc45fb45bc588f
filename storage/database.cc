#include "storage/database.h"

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include "storage/schema.h"

namespace rollout {
namespace {

using Clock = std::chrono::steady_clock;

// A writer copies the WAL back into the database file and empties it once
// it holds this many frames (docs/performance.md "rollout done vs
// Taskwarrior").
constexpr int kWalFrames = 64;

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
void TruncateLongWal(SQLite::Database& db) {
  if (wal_frames_after_commit < kWalFrames) return;
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

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  return OpenImpl(path, true);
}

Result<std::unique_ptr<Database>> Database::OpenExisting(const std::string& path) {
  return OpenImpl(path, false);
}

Result<std::unique_ptr<Database>> Database::OpenImpl(const std::string& path, bool create) {
  std::unique_ptr<SQLite::Database> db;
  try {
    if (create) {
      std::filesystem::path parent = std::filesystem::path(path).parent_path();
      std::error_code ec;
      if (!parent.empty()) std::filesystem::create_directories(parent, ec);
      if (ec) {
        return Error{{}, "cannot create the folder " + parent.string() + " for the database: " +
                             ec.message(),
                     "pass --db PATH or set ROLLOUT_DB to a writable place"};
      }
    }
    int flags = SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0);
    db = std::make_unique<SQLite::Database>(path, flags, kBusyTimeoutMs);
  } catch (const std::exception& e) {
    std::string hint = create ? "pass --db PATH or set ROLLOUT_DB to a writable place"
                              : "load a plan first: rollout load PLAN";
    return Error{{}, "cannot open the database " + path + ": " + e.what(), hint};
  }
  std::unique_ptr<Database> result(new Database(std::move(db), path));
  Status prepared = result->Prepare();
  if (!prepared.ok()) return prepared.errors();
  return result;
}

Error Database::Failure(const std::string& what, const std::exception& e) const {
  return Error{{}, what + " in the database " + path_ + ": " + e.what(), ""};
}

Status Database::Prepare() {
  const std::vector<Migration>& migrations = Migrations();
  try {
    // WAL is a property of the file: set once, cheap to confirm afterwards.
    RetryBusy(kRetryForMs, [&] {
      std::string mode = db_->execAndGet("PRAGMA journal_mode").getString();
      if (mode != "wal") db_->execAndGet("PRAGMA journal_mode=WAL");
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
    RetryBusy(kRetryForMs, [&] { opened_version_ = UserVersion(*db_); });
  } catch (const std::exception& e) {
    return Failure("cannot prepare", e);
  }
  if (opened_version_ > kSchemaVersion) {
    return Error{{},
                 "the database " + path_ + " has schema version " +
                     std::to_string(opened_version_) + ", newer than this rollout knows (" +
                     std::to_string(kSchemaVersion) + ")",
                 "upgrade rollout, or pass --db PATH to use another database"};
  }
  if (opened_version_ == kSchemaVersion) return OkStatus();
  // Create or upgrade, under the write lock; another process may have done
  // it meanwhile, so look again inside the transaction.
  return Write([&](SQLite::Database& db) {
    int version = UserVersion(db);
    if (version > kSchemaVersion) {
      throw SQLite::Exception("the schema became newer while upgrading", SQLITE_ERROR);
    }
    for (const Migration& m : migrations) {
      if (m.to_version <= version) continue;
      db.exec(m.sql);
    }
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    return Outcome::kCommit;
  });
}

Status Database::Write(const std::function<Outcome(SQLite::Database&)>& body) {
  Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(kRetryForMs);
  for (int attempt = 0;; ++attempt) {
    try {
      db_->exec("BEGIN IMMEDIATE");
      Outcome outcome = body(*db_);
      if (outcome == Outcome::kCommit) {
        db_->exec("COMMIT");
        TruncateLongWal(*db_);
      } else {
        db_->exec("ROLLBACK");
      }
      return OkStatus();
    } catch (const SQLite::Exception& e) {
      RollbackQuietly(*db_);
      if (!IsBusy(e) || Clock::now() >= deadline) {
        if (IsBusy(e)) {
          return Error{{},
                       "the database " + path_ + " stayed locked by another process for " +
                           std::to_string(kRetryForMs / 1000) + " s",
                       "try again; if it persists, look for a stuck rollout process"};
        }
        return Failure("cannot write", e);
      }
    } catch (...) {
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
      db_->exec("COMMIT");
      return OkStatus();
    } catch (const SQLite::Exception& e) {
      RollbackQuietly(*db_);
      if (!IsBusy(e) || Clock::now() >= deadline) return Failure("cannot read", e);
    } catch (...) {
      RollbackQuietly(*db_);
      throw;
    }
    Backoff(attempt);
  }
}

}  // namespace rollout
