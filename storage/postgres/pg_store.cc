#include "storage/postgres/pg_store.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "storage/postgres/pg_schema.h"
#include "storage/postgres/pg_tx.h"
#include "po/messages.h"

namespace rollout::postgres {
namespace {

using Clock = std::chrono::steady_clock;

// Serialises schema creation and upgrades of one database across
// processes (pg_advisory_xact_lock): "rollout" in ASCII.
constexpr int64_t kMigrationLock = 0x726f6c6c6f7574;

constexpr const char* kBeginWrite = "BEGIN ISOLATION LEVEL SERIALIZABLE";
constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
// How many times a write connects again to a server that went away before
// it gives up (each try waits at most libpq's connect_timeout).
constexpr int kReconnectAttempts = 3;

/// Sleeps a random 1..max ms so that conflicting writers do not retry in step.
void Backoff(int attempt) {
  thread_local std::minstd_rand rng(static_cast<unsigned>(getpid()) * 2654435761u +
                                    static_cast<unsigned>(Clock::now().time_since_epoch().count()));
  const int max_ms = std::min(50, 2 << std::min(attempt, 5));
  std::uniform_int_distribution<int> ms(1, max_ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms(rng)));
}

}  // namespace

Result<std::unique_ptr<PgStore>> PgStore::Open(const std::string& uri, OpenMode mode) {
  const std::string shown = RedactUri(uri);
  std::unique_ptr<PgConnection> conn;
  try {
    conn = PgConnection::Connect(uri);
  } catch (const PgError& e) {
    return MakeError(e.sqlstate() == "3D000" ? ErrorCode::kNoDatabase : ErrorCode::kCannotOpen,
                     Tr("cannot open the database {0}: {1}", shown, e.what()));
  }
  std::unique_ptr<PgStore> store(new PgStore(std::move(conn), uri, shown));
  Status prepared = store->Prepare(mode);
  if (!prepared.ok()) return prepared.errors();
  return store;
}

Error PgStore::Failure(const std::string& what, const std::exception& e) const {
  return MakeError(ErrorCode::kFailure, Tr("{0} in the database {1}: {2}", what, location_, e.what()));
}

// Decides by reading only whether the database holds a rollout schema,
// before anything is written to it.
Status PgStore::Prepare(OpenMode mode) {
  bool has_schema = false;
  bool has_migrations = false;
  try {
    conn_->Exec("SET search_path TO rollout");
    PgResult r = conn_->Exec(
        "SELECT to_regnamespace('rollout') IS NOT NULL, "
        "to_regclass('rollout.migrations') IS NOT NULL");
    has_schema = r.Bool(0, 0);
    has_migrations = r.Bool(0, 1);
    if (has_migrations)
      opened_version_ = conn_->Exec("SELECT COALESCE(MAX(version), 0) FROM migrations").Int(0, 0);
  } catch (const PgError& e) {
    return Failure(Tr("cannot prepare"), e);
  }
  if (has_schema && !has_migrations) {
    return MakeError(ErrorCode::kNotADatabase,
                     Tr("cannot open the database {0}: it is not a rollout database ({1})", location_,
                        Tr("a schema rollout without its migrations table")));
  }
  if (opened_version_ > kPgSchemaVersion) {
    return MakeError(ErrorCode::kSchemaTooNew,
                     Tr("the database {0} has schema version {1}, newer than this rollout knows ({2})",
                        location_, opened_version_, kPgSchemaVersion));
  }
  if (!has_schema && mode != OpenMode::kCreate) {
    return MakeError(ErrorCode::kNoDatabase,
                     Tr("cannot open the database {0}: it holds no rollout schema yet", location_));
  }
  if (mode == OpenMode::kReadOnly) {
    read_only_ = true;
    if (opened_version_ < kPgSchemaVersion) {
      return MakeError(ErrorCode::kSchemaTooOld,
                       Tr("the database {0} has schema version {1}; reading it needs version {2}, which any "
                          "command that records something upgrades it to",
                          location_, opened_version_, kPgSchemaVersion));
    }
    try {
      // A fence besides the rule: the server refuses any write of this session.
      conn_->Exec("SET default_transaction_read_only = on");
    } catch (const PgError& e) {
      return Failure(Tr("cannot prepare"), e);
    }
    return OkStatus();
  }
  if (opened_version_ == kPgSchemaVersion) return OkStatus();
  return Migrate();
}

// Creates or upgrades the schema under an advisory lock. READ COMMITTED:
// after waiting for the lock, the statements see what another process
// created meanwhile (a snapshot from before the wait would not).
Status PgStore::Migrate() {
  for (;;) {
    try {
      conn_->Exec("BEGIN ISOLATION LEVEL READ COMMITTED");
      conn_->Exec("SELECT pg_advisory_xact_lock($1)", {P(kMigrationLock)});
      conn_->Exec("CREATE SCHEMA IF NOT EXISTS rollout");
      conn_->Exec("SET search_path TO rollout");
      conn_->Exec(
          "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, "
          "what TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
      const int version =
          conn_->Exec("SELECT COALESCE(MAX(version), 0) FROM migrations").Int(0, 0);
      if (version > kPgSchemaVersion)
        throw PgError("", "the schema became newer while upgrading");
      for (const PgMigration& m : PgMigrations()) {
        if (m.to_version <= version) continue;
        conn_->ExecScript(m.sql);
        conn_->Exec("INSERT INTO migrations (version, what) VALUES ($1, $2)",
                    {P(m.to_version), P(m.what)});
      }
      conn_->Exec("COMMIT");
      return OkStatus();
    } catch (const PgError& e) {
      RollbackQuietly();
      // Two first creators of the schema at once: CREATE SCHEMA IF NOT
      // EXISTS may still collide before the lock; the next try sees it.
      if (e.sqlstate() == "23505" || IsRetryable(e)) continue;
      return Failure(Tr("cannot upgrade"), e);
    }
  }
}

void PgStore::RollbackQuietly() {
  conn_->DropDeferred();
  try {
    conn_->Exec("ROLLBACK");
  } catch (const PgError&) {
    // The connection is gone; nothing is left to roll back.
  }
}

void PgStore::EnsureConnected() {
  if (!conn_->broken()) return;
  conn_->Reconnect();
  conn_->Exec("SET search_path TO rollout");
  if (read_only_) conn_->Exec("SET default_transaction_read_only = on");
}

// A broken connection is connected again before a transaction begins; a
// transaction it broke in the middle had not committed (the server rolls
// it back) and runs again on the new connection, within the same time as a
// conflict. One that broke during COMMIT may or may not be stored: that
// is a failure, never a second attempt.
Status PgStore::RunWrite(const std::function<bool()>& attempt, int conflict_limit,
                         bool* gave_up) {
  if (read_only_)
    return MakeError(ErrorCode::kFailure, Tr("the database {0} was opened read-only", location_));
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(kRetryForMs);
  int broken_attempts = 0;
  for (int n = 0;; ++n) {
    bool committing = false;
    try {
      EnsureConnected();
      // BEGIN goes with the body's first statement, NOTIFY with COMMIT: one
      // pipeline each (PgConnection::Defer), no round trip of their own.
      conn_->Defer(kBeginWrite);
      if (attempt()) {
        // Delivered to the listeners at COMMIT, once per transaction.
        conn_->Defer("NOTIFY rollout_changes");
        committing = true;
        conn_->Exec("COMMIT");
      } else {
        conn_->Exec("ROLLBACK");
      }
      return OkStatus();
    } catch (const PgError& e) {
      const bool broke = conn_->broken();
      RollbackQuietly();
      if (broke && committing) {
        return MakeError(ErrorCode::kFailure,
                         Tr("the connection to the database {0} broke while committing: the change "
                            "may or may not be stored ({1})",
                            location_, e.what()));
      }
      if (!broke && !IsRetryable(e)) return Failure(Tr("cannot write"), e);
      if (broke && ++broken_attempts > kReconnectAttempts) {
        return MakeError(ErrorCode::kFailure,
                         Tr("cannot reach the database {0}: {1}", location_, e.what()));
      }
      if (!broke && conflict_limit > 0 && n + 1 >= conflict_limit) {
        *gave_up = true;
        return MakeError(ErrorCode::kFailure, Tr("cannot write"));
      }
      if (Clock::now() >= deadline) {
        return MakeError(ErrorCode::kFailure,
                         Tr("the database {0} kept conflicting with other writers for {1} s", location_,
                            kRetryForMs / 1000));
      }
    } catch (const StoreError& e) {
      RollbackQuietly();
      return e.error();
    } catch (const std::exception& e) {
      RollbackQuietly();
      return Failure(Tr("cannot write"), e);
    } catch (...) {
      RollbackQuietly();
      throw;
    }
    Backoff(n);
  }
}

// A new PgTx for every attempt: a retried transaction must not reuse what
// the failed attempt looked up.
Status PgStore::Write(const std::function<Outcome(StoreTx&)>& body) {
  return RunWrite([&] {
    PgTx tx(*conn_, location_);
    return body(tx) == Outcome::kCommit;
  });
}

std::vector<Status> PgStore::WriteEach(
    const std::vector<std::function<Outcome(StoreTx&)>>& bodies) {
  std::vector<Status> out(bodies.size(), OkStatus());
  WriteEachRange(bodies, 0, bodies.size(), out);
  return out;
}

void PgStore::WriteEachRange(const std::vector<std::function<Outcome(StoreTx&)>>& bodies,
                             size_t begin, size_t end, std::vector<Status>& out) {
  std::vector<bool> rolled_back(bodies.size(), false);  // by its own kRollback
  bool gave_up = false;
  Status batch = RunWrite(
      [&] {
        bool any = false;
        // What the bodies read of plan versions, read once for the batch.
        PgTxCache cache;
        for (size_t i = begin; i < end; ++i) {
          out[i] = OkStatus();
          rolled_back[i] = false;
          conn_->Defer("SAVEPOINT write_each");
          auto undo = [&] {
            cache.Clear();  // what the body inserted is gone with it
            conn_->Exec("ROLLBACK TO SAVEPOINT write_each");
            conn_->Exec("RELEASE SAVEPOINT write_each");
          };
          try {
            PgTx tx(*conn_, location_, &cache);
            if (bodies[i](tx) == Outcome::kCommit) {
              conn_->Defer("RELEASE SAVEPOINT write_each");
              any = true;
            } else {
              undo();
              rolled_back[i] = true;
            }
          } catch (const PgError& e) {
            if (IsRetryable(e)) throw;  // the whole batch runs again
            undo();
            out[i] = Failure(Tr("cannot write"), e);
          } catch (const StoreError& e) {
            undo();
            out[i] = e.error();
          } catch (const std::exception& e) {
            undo();
            out[i] = Failure(Tr("cannot write"), e);
          }
        }
        return any;
      },
      end - begin > 1 ? kBatchConflicts : 0, &gave_up);
  if (gave_up) {  // nothing of it is stored: each half on its own
    const size_t mid = begin + (end - begin) / 2;
    WriteEachRange(bodies, begin, mid, out);
    WriteEachRange(bodies, mid, end, out);
    return;
  }
  // The batch failed as a whole (its COMMIT, the retries ran out, or a
  // savepoint could not be taken): nothing of it is stored, so every body
  // without its own error or its own rollback gets that failure.
  if (!batch.ok()) {
    for (size_t i = begin; i < end; ++i)
      if (out[i].ok() && !rolled_back[i]) out[i] = batch;
  }
}

// A read that a broken connection interrupted runs once more on a new one.
Status PgStore::Read(const std::function<void(StoreTx&)>& body) {
  for (int attempt = 0;; ++attempt) {
    try {
      EnsureConnected();
      conn_->Defer(kBeginRead);  // sent with the body's first statement
      PgTx tx(*conn_, location_);
      body(tx);
      conn_->Exec("COMMIT");
      return OkStatus();
    } catch (const PgError& e) {
      const bool broke = conn_->broken();
      RollbackQuietly();
      if (broke && attempt == 0) continue;
      return Failure(Tr("cannot read"), e);
    } catch (const StoreError& e) {
      RollbackQuietly();
      return e.error();
    } catch (const std::exception& e) {
      RollbackQuietly();
      return Failure(Tr("cannot read"), e);
    } catch (...) {
      RollbackQuietly();
      throw;
    }
  }
}

// The count is read on a connection of its own, which only listens: a
// transaction on the main connection never consumes a notification, so the
// listening socket stays readable until ChangeCounter reads what came (a
// watcher waits on it: WaitSocket). The main connection's own NOTIFYs are
// skipped by its backend pid. A listening connection found broken is made
// again once (Reconnect moves the count on: what was sent meanwhile is lost).
int64_t PgStore::ChangeCounter() {
  for (int attempt = 0;; ++attempt) {
    try {
      if (!listen_) {
        listen_ = PgConnection::Connect(uri_);
        listen_->Listen("rollout_changes");
        ++listen_generation_;
      } else if (listen_->broken()) {
        listen_->Reconnect();
        ++listen_generation_;
      }
    } catch (const PgError&) {
      listen_ok_ = false;
      return -1;
    }
    listen_->SkipNotificationsOf(conn_->backend_pid());
    const int64_t n = listen_->Notifications();
    listen_ok_ = n >= 0;
    if (n >= 0 || attempt > 0 || !listen_->broken()) return n;
  }
}

// A socket whose last count failed is not offered: it may stay readable
// (an error, an end of file) and a waiter on it would spin; it polls instead.
Store::ChangeSocket PgStore::WaitSocket() {
  if (!listen_ || !listen_ok_ || listen_->broken()) return {-1, listen_generation_};
  return {listen_->socket(), listen_generation_};
}

namespace {

// Each query counts rows that break a rule the foreign keys do not hold.
struct OrphanCheck {
  const char* what;
  const char* sql;
};

constexpr OrphanCheck kChecks[] = {
    {N_("progress of a project without a plan"),
     "SELECT count(*) FROM progress p WHERE NOT EXISTS "
     "(SELECT 1 FROM plan_versions v WHERE v.plan_id = p.project)"},
    {N_("gate decisions of a project without a plan"),
     "SELECT count(*) FROM gate_decisions g WHERE NOT EXISTS "
     "(SELECT 1 FROM plan_versions v WHERE v.plan_id = g.project)"},
    {N_("metrics of a project without a plan"),
     "SELECT count(*) FROM metrics m WHERE NOT EXISTS "
     "(SELECT 1 FROM plan_versions v WHERE v.plan_id = m.project)"},
    {N_("alerts on a version of another project"),
     "SELECT count(*) FROM alerts a JOIN plan_versions v ON v.version = a.plan_version "
     "WHERE v.plan_id <> a.project"},
    {N_("log entries on a version of another project"),
     "SELECT count(*) FROM audit_log l JOIN plan_versions v ON v.version = l.plan_version "
     "WHERE v.plan_id <> l.project"},
    {N_("project versions that do not count 1, 2, 3, ..."),
     "SELECT count(*) FROM (SELECT plan_id, MAX(project_version) AS m, count(*) AS n "
     "FROM plan_versions GROUP BY plan_id) x WHERE x.m <> x.n"},
    {N_("progress rows in an impossible state"),
     "SELECT count(*) FROM progress WHERE (state = 'done') <> (finished_on IS NOT NULL)"},
};

}  // namespace

Status PgStore::CheckIntegrity() {
  std::vector<std::string> problems;
  Status st = Read([&](StoreTx&) {
    for (const OrphanCheck& c : kChecks) {
      const int64_t n = conn_->Exec(c.sql).Int64(0, 0);
      if (n > 0) problems.push_back(TrC("integrity check", "{0} {1}", n, Tr(c.what)));
    }
    // The B-tree structure of every index, when amcheck is installed
    // (CREATE EXTENSION amcheck: an administrator's decision).
    if (conn_->Exec("SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'").Int(0, 0) > 0) {
      conn_->Exec(
          "SELECT bt_index_check(i.indexrelid) FROM pg_index i "
          "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
          "JOIN pg_am a ON a.oid = c.relam WHERE n.nspname = 'rollout' AND a.amname = 'btree'");
    }
  });
  if (!st.ok()) return st;
  if (problems.empty()) return OkStatus();
  std::string text;
  for (const std::string& p : problems) text += (text.empty() ? "" : "; ") + p;
  return MakeError(ErrorCode::kFailure,
                   Tr("the database {0} fails its integrity check: {1}", location_, text));
}

}  // namespace rollout::postgres
