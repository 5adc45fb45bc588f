// libpq, loaded on first use rather than linked. Linked, libpq and the
// twenty shared libraries it needs (Kerberos, LDAP, GnuTLS, SASL, ...) were
// mapped and relocated by every `rollout` process at start, some 7 ms of
// CPU for `rollout --help` as for `rollout done` on SQLite
// (docs/performance.md "Start-up after PostgreSQL and the catalogue").
//
// The functions of libpq-fe.h that storage/postgres/ calls are defined
// here with their own names and signatures; each forwards to libpq's,
// which dlopen finds on the first call (the first PQconnectdbParams, when a
// postgresql:// location is opened). libpq's headers stay the interface:
// the backend's code is written against libpq as if it were linked.
#include <dlfcn.h>
#include <libpq-fe.h>

#include <string>

#include "po/messages.h"
#include "storage/postgres/pg_connection.h"

namespace rollout::postgres {
namespace {

constexpr const char* kLibPq = "libpq.so.5";

struct Loaded {
  void* handle = nullptr;
  std::string error;
};

const Loaded& Library() {
  static const Loaded loaded = [] {
    Loaded l;
    l.handle = dlopen(kLibPq, RTLD_NOW | RTLD_LOCAL);
    if (l.handle == nullptr) {
      const char* why = dlerror();
      l.error = Tr("cannot load libpq ({0}): {1}", kLibPq, why != nullptr ? why : "");
    }
    return l;
  }();
  return loaded;
}

// libpq's own |name|, nullptr when libpq cannot be loaded.
template <class F>
F Real(const char* name) {
  void* h = Library().handle;
  return h == nullptr ? nullptr : reinterpret_cast<F>(dlsym(h, name));
}

}  // namespace

std::string LibPqLoadError() { return Library().error; }

}  // namespace rollout::postgres

using rollout::postgres::Real;

#define ROLLOUT_PQ(name) static const auto real = Real<decltype(&::name)>(#name)

extern "C" {

PGconn* PQconnectdbParams(const char* const* keywords, const char* const* values,
                          int expand_dbname) {
  ROLLOUT_PQ(PQconnectdbParams);
  return real == nullptr ? nullptr : real(keywords, values, expand_dbname);
}
void PQclear(PGresult* res) {
  ROLLOUT_PQ(PQclear);
  if (real != nullptr) real(res);
}
void PQfreemem(void* ptr) {
  ROLLOUT_PQ(PQfreemem);
  if (real != nullptr) real(ptr);
}
// The others are only called on a connection, so libpq is loaded.
char* PQerrorMessage(const PGconn* conn) { ROLLOUT_PQ(PQerrorMessage); return real(conn); }
ConnStatusType PQstatus(const PGconn* conn) { ROLLOUT_PQ(PQstatus); return real(conn); }
char* PQgetvalue(const PGresult* res, int tup_num, int field_num) {
  ROLLOUT_PQ(PQgetvalue);
  return real(res, tup_num, field_num);
}
PGresult* PQexec(PGconn* conn, const char* query) { ROLLOUT_PQ(PQexec); return real(conn, query); }
PQnoticeProcessor PQsetNoticeProcessor(PGconn* conn, PQnoticeProcessor proc, void* arg) {
  ROLLOUT_PQ(PQsetNoticeProcessor);
  return real(conn, proc, arg);
}
ExecStatusType PQresultStatus(const PGresult* res) { ROLLOUT_PQ(PQresultStatus); return real(res); }
void PQfinish(PGconn* conn) { ROLLOUT_PQ(PQfinish); real(conn); }
int PQbackendPID(const PGconn* conn) { ROLLOUT_PQ(PQbackendPID); return real(conn); }
int PQsocket(const PGconn* conn) { ROLLOUT_PQ(PQsocket); return real(conn); }
char* PQresultErrorMessage(const PGresult* res) { ROLLOUT_PQ(PQresultErrorMessage); return real(res); }
char* PQresultErrorField(const PGresult* res, int fieldcode) {
  ROLLOUT_PQ(PQresultErrorField);
  return real(res, fieldcode);
}
void PQreset(PGconn* conn) { ROLLOUT_PQ(PQreset); real(conn); }
int PQputCopyEnd(PGconn* conn, const char* errormsg) {
  ROLLOUT_PQ(PQputCopyEnd);
  return real(conn, errormsg);
}
int PQputCopyData(PGconn* conn, const char* buffer, int nbytes) {
  ROLLOUT_PQ(PQputCopyData);
  return real(conn, buffer, nbytes);
}
int PQntuples(const PGresult* res) { ROLLOUT_PQ(PQntuples); return real(res); }
PGnotify* PQnotifies(PGconn* conn) { ROLLOUT_PQ(PQnotifies); return real(conn); }
int PQgetlength(const PGresult* res, int tup_num, int field_num) {
  ROLLOUT_PQ(PQgetlength);
  return real(res, tup_num, field_num);
}
int PQgetisnull(const PGresult* res, int tup_num, int field_num) {
  ROLLOUT_PQ(PQgetisnull);
  return real(res, tup_num, field_num);
}
PGresult* PQgetResult(PGconn* conn) { ROLLOUT_PQ(PQgetResult); return real(conn); }
PGresult* PQexecParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
                       const char* const* paramValues, const int* paramLengths,
                       const int* paramFormats, int resultFormat) {
  ROLLOUT_PQ(PQexecParams);
  return real(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats,
              resultFormat);
}
// Prepared statements (PgConnection::Exec prepares each on its first use).
PGresult* PQexecPrepared(PGconn* conn, const char* stmtName, int nParams,
                         const char* const* paramValues, const int* paramLengths,
                         const int* paramFormats, int resultFormat) {
  ROLLOUT_PQ(PQexecPrepared);
  return real(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}
int PQsendPrepare(PGconn* conn, const char* stmtName, const char* query, int nParams,
                  const Oid* paramTypes) {
  ROLLOUT_PQ(PQsendPrepare);
  return real(conn, stmtName, query, nParams, paramTypes);
}
int PQsendQueryPrepared(PGconn* conn, const char* stmtName, int nParams,
                        const char* const* paramValues, const int* paramLengths,
                        const int* paramFormats, int resultFormat) {
  ROLLOUT_PQ(PQsendQueryPrepared);
  return real(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}
int PQconsumeInput(PGconn* conn) { ROLLOUT_PQ(PQconsumeInput); return real(conn); }
char* PQcmdTuples(PGresult* res) { ROLLOUT_PQ(PQcmdTuples); return real(res); }
// Pipeline mode (libpq 14+): deferred BEGIN/SAVEPOINT/NOTIFY sent with the
// next statement (PgConnection::Defer).
int PQenterPipelineMode(PGconn* conn) { ROLLOUT_PQ(PQenterPipelineMode); return real(conn); }
int PQexitPipelineMode(PGconn* conn) { ROLLOUT_PQ(PQexitPipelineMode); return real(conn); }
int PQpipelineSync(PGconn* conn) { ROLLOUT_PQ(PQpipelineSync); return real(conn); }
int PQsendQueryParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
                      const char* const* paramValues, const int* paramLengths,
                      const int* paramFormats, int resultFormat) {
  ROLLOUT_PQ(PQsendQueryParams);
  return real(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats,
              resultFormat);
}

}  // extern "C"
