// One project's rows, for a client that draws what the server holds with
// its own code: `rollout gantt|critical|export|risk|show --server` fetch
// GET /api/v1/snapshot, load it into a scratch SQLite file and run exactly
// the local command on it, so that a remote chart is byte for byte the
// local one. The rows of the copy tables (storage/copy_tables.h) that
// belong to the project: its plan versions and their facts, baselines,
// progress, metrics, gate decisions, the audit trail and alerts with their
// acknowledgements — never tokens, the outbox or the engine's state, and
// nothing of another project.
#pragma once

#include <string>

#include "engine/result.h"
#include "storage/store.h"

namespace rollout {

/// The project and the server's time a snapshot was taken for.
struct SnapshotHead {
  std::string project;
  std::string now;     // ISO 8601 in the plan's zone: the client's --now
  std::string person;  // the token's person: the client's --as
};

/// The JSON of the project's rows of |store| (one read snapshot):
/// {"project": ID, "now": TIME, "person": ID, "tables": {NAME: {"columns": [...],
/// "rows": [[text|null, ...]]}}}.
Result<std::string> ProjectSnapshotJson(Store& store, const SnapshotHead& head);

/// Writes the rows of |json| (ProjectSnapshotJson's) into the empty store
/// |to|, in one transaction, and says whose they are in |*head|. A snapshot
/// whose tables or columns are not this rollout's is refused (kFailure),
/// nothing written.
Status LoadProjectSnapshot(const std::string& json, Store& to, SnapshotHead* head);

}  // namespace rollout
