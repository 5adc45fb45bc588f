#include "storage/sqlite/sqlite_store.h"

#include "storage/sqlite/sqlite_tx.h"

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
    SqliteTx tx(sql, db_->path());
    return body(tx);
  });
}

Status SqliteStore::Read(const std::function<void(StoreTx&)>& body) {
  return db_->Read([&](SQLite::Database& sql) {
    SqliteTx tx(sql, db_->path());
    body(tx);
  });
}

int64_t SqliteStore::ChangeCounter() { return db_->DataVersion(); }

}  // namespace rollout::sqlite
