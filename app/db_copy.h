// `rollout db copy FROM TO`: every row of one store into another, of either
// backend (SQLite <-> PostgreSQL): projects, versions and their facts,
// baselines, progress, gate decisions, metrics, the audit trail, alerts with
// their acknowledgements and outbox, tokens and the engine's state. Ids are
// kept, so alert numbers and token ids mean the same after the copy.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "engine/result.h"
#include "storage/store.h"

namespace rollout {

struct CopyOutcome {
  std::map<std::string, int64_t> rows;  // table -> rows copied
  int64_t replaced = 0;                 // rows the target held before (only with force)
};

/// Reads |from| in one snapshot and writes it into |to| in one transaction.
/// A target holding any row is refused (kConflict, nothing written) unless
/// |force|, which deletes what it held first, in the same transaction.
Result<CopyOutcome> CopyStore(Store& from, Store& to, bool force);

}  // namespace rollout
