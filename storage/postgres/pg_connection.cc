#include "storage/postgres/pg_connection.h"

#include <cstdint>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace rollout::postgres {
namespace {

// libpq's messages span lines ("...failed: Connection refused\n\tIs the
// server running..."): one line for ours, with "; " between its lines.
std::string Trimmed(const char* message) {
  std::string in = message ? message : "";
  while (!in.empty() && (in.back() == '\n' || in.back() == ' ')) in.pop_back();
  std::string s;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\n') {
      s += in[i] == '\t' ? ' ' : in[i];
      continue;
    }
    while (i + 1 < in.size() && (in[i + 1] == '\t' || in[i + 1] == ' ')) ++i;
    s += "; ";
  }
  return s;
}

// A quiet notice processor: PostgreSQL's NOTICEs (e.g. "relation exists,
// skipping") are not for the user's terminal.
void IgnoreNotice(void*, const char*) {}

}  // namespace

bool IsRetryable(const PgError& e) { return e.sqlstate() == "40001" || e.sqlstate() == "40P01"; }

Param P(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return std::string(buf);
}

Param TextArray(const std::vector<std::optional<std::string>>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    if (!items[i]) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (char c : *items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

Param TextArray(const std::vector<std::string>& items) {
  return TextArray(std::vector<std::optional<std::string>>(items.begin(), items.end()));
}

Param IntArray(const std::vector<int64_t>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(items[i]);
  }
  out += '}';
  return out;
}

int64_t PgResult::Int64(int row, int col) const {
  return std::strtoll(PQgetvalue(r_.get(), row, col), nullptr, 10);
}

double PgResult::Double(int row, int col) const {
  return std::strtod(PQgetvalue(r_.get(), row, col), nullptr);
}

int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(r_.get());
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

std::unique_ptr<PgConnection> PgConnection::Connect(const std::string& uri) {
  // dbname first with expand_dbname: the URI is parsed as a connection
  // string, and the keywords after it add what it does not say.
  const char* keys[] = {"dbname", "application_name", "client_encoding", "connect_timeout",
                        nullptr};
  const char* values[] = {uri.c_str(), "rollout", "UTF8", "10", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (conn == nullptr) {
    const std::string why = LibPqLoadError();
    throw PgError("", why.empty() ? std::string("out of memory") : why);
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    // libpq does not hand out the SQLSTATE of a refused connection; the
    // server's words for the usual ones are stable.
    std::string state;
    if (message.find("does not exist") != std::string::npos &&
        message.find("database") != std::string::npos)
      state = "3D000";
    throw PgError(state, message);
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::PgConnection(PGconn* conn) : conn_(conn), pid_(PQbackendPID(conn)) {}

PgConnection::~PgConnection() { PQfinish(conn_); }

namespace {

PgResult Checked(PGconn* conn, PGresult* r) {
  PgResult result(r);
  const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return result;
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* message = r ? PQresultErrorMessage(r) : nullptr;
  throw PgError(state ? state : "",
                Trimmed(message && *message ? message : PQerrorMessage(conn)));
}

}  // namespace

PgResult PgConnection::Exec(const std::string& sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  const auto it = prepared_.find(sql);
  if (it != prepared_.end()) {
    if (deferred_.empty()) return ExecPrepared(it->second, values);
    return ExecPipelined(sql, values, &it->second, false);
  }
  if (prepared_.size() < kMaxPrepared) {
    const std::string name = "rollout_" + std::to_string(prepared_.size() + 1);
    return ExecPipelined(sql, values, &name, true);
  }
  if (!deferred_.empty()) return ExecPipelined(sql, values, nullptr, false);
  return ExecNow(sql, values);
}

PgResult PgConnection::ExecNow(const std::string& sql, const std::vector<const char*>& values) {
  ++statements_;
  ++round_trips_;
  PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 0);
  PgResult result = Checked(conn_, r);
  if (listening_) Drain();
  return result;
}

PgResult PgConnection::ExecPrepared(const std::string& name,
                                    const std::vector<const char*>& values) {
  ++statements_;
  ++round_trips_;
  PGresult* r = PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()),
                               values.data(), nullptr, nullptr, 0);
  PgResult result = Checked(conn_, r);
  if (listening_) Drain();
  return result;
}

// The queued statements and |sql| in one pipeline and one sync: the server
// runs them in order, stops at the first error (the others come back as
// PGRES_PIPELINE_ABORTED) and answers all at once. With |name|, |sql| runs
// as that prepared statement, prepared first in the same pipeline when
// |prepare| (the statement's first use on this session): parsed and
// planned once per session instead of on every run, at no extra round trip.
PgResult PgConnection::ExecPipelined(const std::string& sql, const std::vector<const char*>& values,
                                     const std::string* name, bool prepare) {
  std::vector<std::string> queued = std::move(deferred_);
  deferred_.clear();
  if (PQenterPipelineMode(conn_) != 1) {  // e.g. a broken connection: one at a time
    deferred_ = std::move(queued);
    FlushDeferred();
    return ExecNow(sql, values);
  }
  const int n = static_cast<int>(values.size());
  bool sent = true;
  for (const std::string& q : queued)
    sent = sent && PQsendQueryParams(conn_, q.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
  if (name != nullptr && prepare)
    sent = sent && PQsendPrepare(conn_, name->c_str(), sql.c_str(), n, nullptr) == 1;
  if (name != nullptr)
    sent = sent &&
           PQsendQueryPrepared(conn_, name->c_str(), n, values.data(), nullptr, nullptr, 0) == 1;
  else
    sent = sent &&
           PQsendQueryParams(conn_, sql.c_str(), n, nullptr, values.data(), nullptr, nullptr, 0) == 1;
  sent = sent && PQpipelineSync(conn_) == 1;
  statements_ += static_cast<int64_t>(queued.size()) + 1;
  ++round_trips_;
  // The results in the order sent: the queued statements, the preparation
  // (when sent), the statement.
  const size_t prepared_at = prepare && name != nullptr ? queued.size() : SIZE_MAX;
  const size_t last_at = queued.size() + (prepared_at == SIZE_MAX ? 0 : 1);
  std::optional<PgError> failed;
  std::optional<PgResult> last;
  if (!sent) failed = PgError("", Trimmed(PQerrorMessage(conn_)));
  for (size_t i = 0; sent && i <= last_at; ++i) {
    PGresult* r = PQgetResult(conn_);
    if (r == nullptr) {  // the connection broke
      if (!failed) failed = PgError("", Trimmed(PQerrorMessage(conn_)));
      break;
    }
    if (PQresultStatus(r) == PGRES_PIPELINE_ABORTED) {
      PQclear(r);
    } else {
      try {
        PgResult checked = Checked(conn_, r);
        if (i == last_at) last.emplace(std::move(checked));
        // A prepared statement outlives the transaction (it is the
        // session's), whatever the statements after it do.
        if (i == prepared_at) prepared_.emplace(sql, *name);
      } catch (const PgError& e) {
        if (!failed) failed = e;
      }
    }
    while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);  // the end of statement i
  }
  // The sync's own result, then back to ordinary mode.
  for (int guard = 0; guard < 8 && PQexitPipelineMode(conn_) != 1; ++guard) {
    PGresult* r = PQgetResult(conn_);
    if (r == nullptr && broken()) break;
    PQclear(r);
  }
  if (failed) throw *failed;
  if (listening_) Drain();
  return std::move(*last);
}

void PgConnection::FlushDeferred() {
  std::vector<std::string> queued = std::move(deferred_);
  deferred_.clear();
  for (const std::string& q : queued) {
    ++statements_;
    ++round_trips_;
    Checked(conn_, PQexec(conn_, q.c_str()));
  }
}

void PgConnection::ExecScript(const std::string& sql) {
  FlushDeferred();
  PGresult* r = PQexec(conn_, sql.c_str());
  Checked(conn_, r);
}

void PgConnection::CopyIn(const std::string& table, const std::vector<const char*>& columns,
                          const std::vector<std::vector<std::optional<std::string>>>& rows) {
  FlushDeferred();
  std::string sql = "COPY " + table + " (";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + std::string(columns[i]);
  sql += ") FROM STDIN";
  PGresult* start = PQexec(conn_, sql.c_str());
  if (PQresultStatus(start) != PGRES_COPY_IN) {
    Checked(conn_, start);
    throw PgError("", "COPY did not start");
  }
  PQclear(start);
  std::string buf;
  auto flush = [&] {
    if (PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1)
      throw PgError("", Trimmed(PQerrorMessage(conn_)));
    buf.clear();
  };
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) buf += '\t';
      if (!row[c]) {
        buf += "\\N";
        continue;
      }
      for (char ch : *row[c]) {
        switch (ch) {
          case '\\': buf += "\\\\"; break;
          case '\t': buf += "\\t"; break;
          case '\n': buf += "\\n"; break;
          case '\r': buf += "\\r"; break;
          default: buf += ch;
        }
      }
    }
    buf += '\n';
    if (buf.size() > (1 << 20)) flush();
  }
  if (!buf.empty()) flush();
  if (PQputCopyEnd(conn_, nullptr) != 1) throw PgError("", Trimmed(PQerrorMessage(conn_)));
  // Every result must be read before the connection takes the next statement.
  std::optional<PgError> failed;
  while (PGresult* r = PQgetResult(conn_)) {
    try {
      Checked(conn_, r);
    } catch (const PgError& e) {
      if (!failed) failed = e;
    }
  }
  if (failed) throw *failed;
}

void PgConnection::Listen(const std::string& channel) {
  if (listening_) return;
  Exec("LISTEN " + channel);
  listening_ = true;
  channel_ = channel;
}

void PgConnection::Reconnect() {
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) throw PgError("", Trimmed(PQerrorMessage(conn_)));
  PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  pid_ = PQbackendPID(conn_);
  prepared_.clear();  // a new session has none
  ++reconnects_;
  if (listening_) {
    Exec("LISTEN " + channel_);
    ++notifications_;
  }
}

void PgConnection::Drain() {
  while (PGnotify* n = PQnotifies(conn_)) {
    if (n->be_pid != pid_ && n->be_pid != skip_pid_) ++notifications_;
    PQfreemem(n);
  }
}

int64_t PgConnection::Notifications() {
  if (broken()) return -1;
  // An empty statement: the server sends the notifications queued for this
  // session before it answers, so a commit that returned to its client
  // before this call is counted by it (the socket alone may lag behind).
  PGresult* r = PQexec(conn_, "");
  PQclear(r);
  if (broken() || PQconsumeInput(conn_) == 0) return -1;
  Drain();
  return notifications_;
}

std::string RedactUri(const std::string& uri) {
  std::string out = uri;
  // scheme://user:password@host -> scheme://user@host
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t start = scheme + 3;
    const size_t at = out.find('@', start);
    const size_t slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
  }
  // ...?password=secret&x=y -> ...?x=y (and password=... in a key/value string)
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p)) {
    size_t end = out.find_first_of("& ", p);
    const size_t from = (p > 0 && (out[p - 1] == '&' || out[p - 1] == ' ')) ? p - 1 : p;
    if (end == std::string::npos) end = out.size();
    else if (from == p) ++end;  // drop the separator after it instead
    out.erase(from, end - from);
    p = from;
  }
  if (!out.empty() && (out.back() == '?' || out.back() == '&')) out.pop_back();
  return out;
}

bool IsPostgresUri(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

}  // namespace rollout::postgres
