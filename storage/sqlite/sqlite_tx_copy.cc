// Whole tables as text rows, for `rollout db copy` (storage/copy_tables.h).
// SQL is built from the CopyTables() names only, never from data.
#include <SQLiteCpp/Statement.h>

#include <charconv>

#include "storage/sqlite/sqlite_tx.h"

namespace rollout::sqlite {
std::vector<CopyRow> SqliteTx::ReadTableRows(const CopyTable& table) {
  SQLite::Statement q(db_, "SELECT " + ColumnList(table) + " FROM " + table.name + " ORDER BY " +
                               KeyOrder(table));
  std::vector<CopyRow> out;
  while (q.executeStep()) {
    CopyRow row;
    for (int c = 0; c < q.getColumnCount(); ++c) {
      const SQLite::Column col = q.getColumn(c);
      if (col.isNull()) {
        row.emplace_back(std::nullopt);
      } else if (col.isInteger()) {
        row.emplace_back(std::to_string(col.getInt64()));
      } else if (col.isFloat()) {
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, col.getDouble());  // shortest exact
        row.emplace_back(std::string(buf, r.ptr));
      } else {
        row.emplace_back(col.getString());
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

// Text bound to an INTEGER or REAL column becomes a number (SQLite's
// column affinity), so the text rows of either backend insert as they were.
void SqliteTx::InsertTableRows(const CopyTable& table, const std::vector<CopyRow>& rows) {
  std::string marks;
  for (size_t i = 0; i < table.columns.size(); ++i) marks += i ? ", ?" : "?";
  SQLite::Statement q(db_, std::string("INSERT INTO ") + table.name + " (" + ColumnList(table) +
                               ") VALUES (" + marks + ")");
  for (const CopyRow& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (row[c]) {
        q.bind(static_cast<int>(c + 1), *row[c]);
      } else {
        q.bind(static_cast<int>(c + 1));
      }
    }
    q.exec();
    q.reset();
  }
}

int64_t SqliteTx::CountTableRows(const CopyTable& table) {
  return db_.execAndGet(std::string("SELECT count(*) FROM ") + table.name).getInt64();
}

void SqliteTx::DeleteTableRows(const CopyTable& table) {
  db_.exec(std::string("DELETE FROM ") + table.name);
}

// An INTEGER PRIMARY KEY already continues above the highest rowid.
void SqliteTx::ContinueIdsAfterCopy(const CopyTable&) {}

}  // namespace rollout::sqlite
