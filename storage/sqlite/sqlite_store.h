// The SQLite backend of Store: one file (docs/database.md). Transactions
// run on one connection; a SqliteTx lives for one transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/result.h"
#include "storage/sqlite/database.h"
#include "storage/store.h"

namespace rollout::sqlite {

class SqliteStore final : public Store {
 public:
  /// Opens the file at |path| (Database::Open).
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, OpenMode mode);

  Status Write(const std::function<Outcome(StoreTx&)>& body) override;
  std::vector<Status> WriteEach(
      const std::vector<std::function<Outcome(StoreTx&)>>& bodies) override;
  Status Read(const std::function<void(StoreTx&)>& body) override;
  /// PRAGMA data_version of this store's connection.
  int64_t ChangeCounter() override;
  Status CheckIntegrity() override;
  const std::string& location() const override { return db_->path(); }

  /// The connection underneath, for tests that look at the file itself.
  Database& database() { return *db_; }

 private:
  explicit SqliteStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  std::unique_ptr<Database> db_;
};

}  // namespace rollout::sqlite
