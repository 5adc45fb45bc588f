// Prepared statements kept for the life of a connection: a statement of
// the SQLite backend is parsed and planned once, then reset and bound again
// on every use (preparing them anew was ~15-20 % of a `done` through the
// server; docs/performance.md "The team server"). Keyed by the SQL text.
// A statement is reset when it is handed out again and when the
// transaction that used it ends (Database resets every used one before
// COMMIT or ROLLBACK), so none holds a snapshot past its transaction.
// Not thread-safe: one connection, one thread.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace rollout::sqlite {

class StatementCache {
 public:
  /// The statement of |sql| on |db|, reset and with no bindings. The
  /// reference holds until Clear (or this cache dies). A caller must not
  /// ask for the same SQL again while it still steps through the first.
  SQLite::Statement& Get(SQLite::Database& db, const std::string& sql) {
    std::unique_ptr<SQLite::Statement>& slot = map_[sql];
    if (!slot) {
      slot = std::make_unique<SQLite::Statement>(db, sql);
    } else {
      slot->reset();
      slot->clearBindings();
    }
    used_.push_back(slot.get());
    return *slot;
  }

  /// Resets every statement used since the last call (the transaction ends).
  void ResetUsed() noexcept {
    for (SQLite::Statement* s : used_) {
      try {
        s->reset();
      } catch (...) {  // reset reports the last step's error again: already handled
      }
    }
    used_.clear();
  }

  /// Finalizes everything (before the schema changes under it, or closing).
  void Clear() {
    used_.clear();
    map_.clear();
  }

 private:
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> map_;
  std::vector<SQLite::Statement*> used_;
};

}  // namespace rollout::sqlite
