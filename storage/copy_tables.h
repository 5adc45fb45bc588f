// What `rollout db copy` moves between two stores of any backend: every
// table both schemas share, with the columns both have, in an order where
// each table comes after the tables it references (insert in this order,
// delete in the reverse). Names only: each backend builds its own SQL.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rollout {

struct CopyTable {
  const char* name;
  std::vector<const char*> columns;  // the first ones are the key, rows come in key order
  int key_columns = 1;
  /// The column a backend generates ids for ("" for none): after a copy,
  /// new ids continue above the highest copied.
  const char* id_column = "";
};

/// One row as text (a number in its shortest exact decimal form), NULL as nullopt.
using CopyRow = std::vector<std::optional<std::string>>;

/// Every table, in reference order.
const std::vector<CopyTable>& CopyTables();

/// "a, b, c": the columns of |t| for a SELECT or an INSERT.
std::string ColumnList(const CopyTable& t);
/// "a, b": its key columns, for ORDER BY.
std::string KeyOrder(const CopyTable& t);

}  // namespace rollout
