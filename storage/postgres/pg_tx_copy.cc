// Whole tables as text rows, for `rollout db copy` (storage/copy_tables.h):
// read with one SELECT (PostgreSQL's text output is the shortest exact
// form of a number), written with COPY FROM STDIN. SQL is built from the
// CopyTables() names only, never from data.
#include "storage/postgres/pg_tx.h"

namespace rollout::postgres {
std::vector<CopyRow> PgTx::ReadTableRows(const CopyTable& table) {
  PgResult r = db_.Exec("SELECT " + ColumnList(table) + " FROM " + table.name + " ORDER BY " +
                        KeyOrder(table));
  std::vector<CopyRow> out;
  out.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    CopyRow row;
    for (size_t c = 0; c < table.columns.size(); ++c) row.push_back(r.OptText(i, static_cast<int>(c)));
    out.push_back(std::move(row));
  }
  return out;
}

void PgTx::InsertTableRows(const CopyTable& table, const std::vector<CopyRow>& rows) {
  cache_->Clear();
  db_.CopyIn(table.name, table.columns, rows);
}

int64_t PgTx::CountTableRows(const CopyTable& table) {
  return db_.Exec(std::string("SELECT count(*) FROM ") + table.name).Int64(0, 0);
}

void PgTx::DeleteTableRows(const CopyTable& table) {
  cache_->Clear();
  db_.Exec(std::string("DELETE FROM ") + table.name);
}

void PgTx::ContinueIdsAfterCopy(const CopyTable& table) {
  if (*table.id_column == '\0') return;
  db_.Exec(std::string("SELECT setval(pg_get_serial_sequence('rollout.") + table.name + "', '" +
           table.id_column + "'), COALESCE(MAX(" + table.id_column + "), 0) + 1, false) FROM " +
           table.name);
}

}  // namespace rollout::postgres
