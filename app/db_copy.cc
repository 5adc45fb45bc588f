#include "app/db_copy.h"
#include "po/messages.h"

#include <vector>

namespace rollout {

Result<CopyOutcome> CopyStore(Store& from, Store& to, bool force) {
  const std::vector<CopyTable>& tables = CopyTables();
  std::vector<std::vector<CopyRow>> rows(tables.size());
  Status read = from.Read([&](StoreTx& tx) {
    for (size_t i = 0; i < tables.size(); ++i) rows[i] = tx.ReadTableRows(tables[i]);
  });
  if (!read.ok()) return read.errors();
  CopyOutcome outcome;
  Status written = to.Write([&](StoreTx& tx) {
    outcome = CopyOutcome{};
    for (const CopyTable& t : tables) outcome.replaced += tx.CountTableRows(t);
    if (outcome.replaced > 0 && !force) {
      throw StoreError(MakeError(ErrorCode::kConflict,
                                 TrN("the database {0} is not empty ({1} row); nothing was copied",
                                     "the database {0} is not empty ({1} rows); nothing was copied",
                                     static_cast<long long>(outcome.replaced), to.location(),
                                     outcome.replaced)));
    }
    for (auto t = tables.rbegin(); t != tables.rend(); ++t) tx.DeleteTableRows(*t);
    for (size_t i = 0; i < tables.size(); ++i) {
      tx.InsertTableRows(tables[i], rows[i]);
      tx.ContinueIdsAfterCopy(tables[i]);
      outcome.rows[tables[i].name] = static_cast<int64_t>(rows[i].size());
    }
    return Store::Outcome::kCommit;
  });
  if (!written.ok()) return written.errors();
  return outcome;
}

}  // namespace rollout
