#include "storage/sqlite/sqlite_store.h"

#include "storage/sqlite/sqlite_tx.h"
#include "po/messages.h"

namespace rollout::sqlite {

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, OpenMode mode) {
  Result<std::unique_ptr<Database>> db = Database::Open(path, mode);
  if (!db.ok()) return db.errors();
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db.value())));
}

// A new SqliteTx for every attempt: a retried transaction must not reuse
// what the failed attempt looked up.
Status SqliteStore::Write(const std::function<Outcome(StoreTx&)>& body) {
  return db_->Write([&](SQLite::Database& sql) {
    SqliteTx tx(sql, db_->statements(), db_->path());
    return body(tx);
  });
}

std::vector<Status> SqliteStore::WriteEach(
    const std::vector<std::function<Outcome(StoreTx&)>>& bodies) {
  std::vector<std::function<Outcome(SQLite::Database&)>> each;
  each.reserve(bodies.size());
  for (const auto& body : bodies)
    each.push_back([&](SQLite::Database& sql) {
      SqliteTx tx(sql, db_->statements(), db_->path());
      return body(tx);
    });
  return db_->WriteEach(each);
}

Status SqliteStore::Read(const std::function<void(StoreTx&)>& body) {
  return db_->Read([&](SQLite::Database& sql) {
    SqliteTx tx(sql, db_->statements(), db_->path());
    body(tx);
  });
}

int64_t SqliteStore::ChangeCounter() { return db_->DataVersion(); }

Status SqliteStore::CheckIntegrity() {
  std::string verdict;
  Status st = db_->Read([&](SQLite::Database& sql) {
    verdict = sql.execAndGet("PRAGMA integrity_check").getString();
  });
  if (!st.ok()) return st;
  if (verdict != "ok")
    return MakeError(ErrorCode::kFailure,
                     Tr("the database {0} fails its integrity check: {1}", db_->path(), verdict));
  return OkStatus();
}

}  // namespace rollout::sqlite
