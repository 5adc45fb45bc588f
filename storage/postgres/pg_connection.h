// One libpq connection of the PostgreSQL backend: statements with text
// parameters, results read by column, errors as PgError carrying the
// SQLSTATE (so that Store::Write can retry serialization failures), and
// the notifications (LISTEN/NOTIFY) other sessions sent.
//
// Every SQL statement of the PostgreSQL backend lives in storage/postgres/.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace rollout::postgres {

/// A failed statement or connection: |sqlstate| is the five-character
/// code ("40001"), "" when libpq gave none (e.g. the connection broke).
class PgError : public std::runtime_error {
 public:
  PgError(std::string sqlstate, const std::string& message)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

/// True for the errors after which the whole transaction may simply run
/// again: serialization_failure (40001) and deadlock_detected (40P01).
bool IsRetryable(const PgError& e);

/// A statement parameter in text form; nullopt is SQL NULL.
using Param = std::optional<std::string>;
inline Param P(const std::string& s) { return s; }
inline Param P(const char* s) { return std::string(s); }
inline Param P(int64_t v) { return std::to_string(v); }
inline Param P(int v) { return std::to_string(v); }
inline Param P(bool v) { return std::string(v ? "true" : "false"); }
Param P(double v);
inline Param Null() { return std::nullopt; }
/// A text[] literal of |items| ('{"a","b"}'), for `= ANY($n::text[])`.
Param TextArray(const std::vector<std::string>& items);
/// As TextArray, with NULL for each nullopt.
Param TextArray(const std::vector<std::optional<std::string>>& items);
/// A bigint[] literal ('{1,2}').
Param IntArray(const std::vector<int64_t>& items);

/// The rows of one statement.
class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r, &PQclear) {}
  int rows() const { return PQntuples(r_.get()); }
  bool IsNull(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string Text(int row, int col) const {
    return std::string(PQgetvalue(r_.get(), row, col),
                       static_cast<size_t>(PQgetlength(r_.get(), row, col)));
  }
  int64_t Int64(int row, int col) const;
  int Int(int row, int col) const { return static_cast<int>(Int64(row, col)); }
  double Double(int row, int col) const;
  bool Bool(int row, int col) const { return Text(row, col) == "t"; }
  std::optional<std::string> OptText(int row, int col) const {
    if (IsNull(row, col)) return std::nullopt;
    return Text(row, col);
  }
  /// Rows an INSERT/UPDATE/DELETE touched.
  int64_t affected() const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_;
};

class PgConnection {
 public:
  /// Connects to |uri| (a libpq URI or connection string). Throws PgError
  /// with the server's SQLSTATE when it gave one (e.g. 3D000: no such
  /// database) and libpq's message (which never contains the password).
  static std::unique_ptr<PgConnection> Connect(const std::string& uri);

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection();

  /// Runs one statement with |params| ($1, $2, ...). Throws PgError.
  PgResult Exec(const std::string& sql, const std::vector<Param>& params = {});
  /// Runs one or more statements without parameters (migrations).
  void ExecScript(const std::string& sql);

  /// Queues |sql| (no parameters, no rows: BEGIN, SAVEPOINT, NOTIFY) to be
  /// sent with the next Exec in one pipeline (libpq pipeline mode): one
  /// round trip for both. An error of a queued statement is that Exec's
  /// error (the statements after it are not run). CopyIn and ExecScript
  /// send what is queued first.
  void Defer(std::string sql) { deferred_.push_back(std::move(sql)); }
  /// Forgets what is queued (the transaction is being abandoned).
  void DropDeferred() { deferred_.clear(); }
  /// Statements sent (a pipeline counts each), for tests and benchmarks.
  int64_t statements() const { return statements_; }
  /// Round trips made by Exec (a pipeline is one).
  int64_t round_trips() const { return round_trips_; }

  /// COPY |table| (|columns|) FROM STDIN in text format: |rows| as text,
  /// nullopt for NULL. Throws PgError.
  void CopyIn(const std::string& table, const std::vector<const char*>& columns,
              const std::vector<std::vector<std::optional<std::string>>>& rows);

  /// Issues LISTEN |channel| once; afterwards Notifications() counts.
  void Listen(const std::string& channel);
  /// How many notifications other sessions sent on the channels listened
  /// to since Listen: one round trip, after which every notification of a
  /// transaction that committed before the call is counted. -1 when the
  /// connection is broken. REQUIRES: no transaction open.
  int64_t Notifications();
  /// Notifications of backend |pid| are not counted either (the store's
  /// own writing connection, when this one only listens); 0: none.
  void SkipNotificationsOf(int pid) { skip_pid_ = pid; }
  /// The socket, to wait on for notifications; -1 when broken.
  int socket() const { return broken() ? -1 : PQsocket(conn_); }

  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }

  /// Connects again with the same parameters after the connection broke
  /// (the server restarted, an administrator ended the session): LISTEN is
  /// issued again and the notification count moves on by one, since what
  /// others sent meanwhile was lost. Session settings (SET) are the
  /// caller's to make again. Throws PgError when the server is still away.
  void Reconnect();
  /// How many times Reconnect succeeded.
  int reconnects() const { return reconnects_; }
  int backend_pid() const { return pid_; }

 private:
  explicit PgConnection(PGconn* conn);
  void Drain();
  PgResult ExecNow(const std::string& sql, const std::vector<const char*>& values);
  PgResult ExecPrepared(const std::string& name, const std::vector<const char*>& values);
  PgResult ExecPipelined(const std::string& sql, const std::vector<const char*>& values,
                         const std::string* name, bool prepare);
  void FlushDeferred();

  std::vector<std::string> deferred_;
  // Statements prepared on this session, by their text (Exec prepares each
  // on its first use, up to kMaxPrepared; the rest run unprepared).
  static constexpr size_t kMaxPrepared = 512;
  std::unordered_map<std::string, std::string> prepared_;
  int64_t statements_ = 0;
  int64_t round_trips_ = 0;

  PGconn* conn_;
  int pid_ = 0;
  int skip_pid_ = 0;
  bool listening_ = false;
  std::string channel_;
  int64_t notifications_ = 0;
  int reconnects_ = 0;
};

/// |uri| without its password (user:secret@ -> user@, password=... dropped),
/// for every message and for Store::location().
std::string RedactUri(const std::string& uri);

/// Why libpq could not be loaded ("" when it was, or was not tried yet):
/// libpq is loaded on first use (storage/postgres/libpq_on_demand.cc).
std::string LibPqLoadError();

/// True for a location that picks this backend: postgresql:// or postgres://.
bool IsPostgresUri(const std::string& location);

}  // namespace rollout::postgres
