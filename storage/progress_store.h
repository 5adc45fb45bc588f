// Task progress, gate decisions, KPI values and the audit trail in the
// database. Functions take the connection of a transaction opened by
// Database::Write or Database::Read; none opens its own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "engine/progress.h"

namespace rollout {

/// One line of the audit trail.
struct LogEntry {
  Instant at = 0;
  std::string at_text;  // ISO 8601 with the plan's offset at that instant
  std::string actor;
  std::string action;   // load, baseline, start, done, reopen, approve, reject, metric, ack, ...
  std::optional<std::string> task;
  std::string note;
  int plan_version = 0;
};

/// Everything recorded: task states, the latest decision of every gate,
/// KPI values. Dates are parsed from the stored YYYY-MM-DD text.
Progress LoadProgress(SQLite::Database& db);

/// The progress of one task (planned when nothing is recorded).
TaskProgress LoadTaskProgress(SQLite::Database& db, const std::string& task);

/// Writes the state of |task| (kPlanned deletes its row).
void SaveTaskProgress(SQLite::Database& db, const std::string& task, const TaskProgress& p,
                      const std::string& by);

/// Deletes the progress of every task not in |keep|; returns the ids dropped.
std::vector<std::string> DropProgressExcept(SQLite::Database& db,
                                            const std::vector<std::string>& keep);

/// Ids of tasks with progress (started or done) that are not in |keep|, with their state.
std::vector<std::pair<std::string, TaskState>> ProgressNotIn(SQLite::Database& db,
                                                            const std::vector<std::string>& keep);

/// Upstream gates of |task| in plan |version| whose latest decision is not an approval.
std::vector<std::string> ClosedUpstreamGates(SQLite::Database& db, int version,
                                             const std::string& task);

/// Direct predecessors of |task| in plan |version| that are not done (gates: not passed).
std::vector<std::string> PendingPredecessors(SQLite::Database& db, int version,
                                             const std::string& task);

void SetMetric(SQLite::Database& db, const std::string& metric, double value,
               const std::string& by, Instant at);

void AppendLog(SQLite::Database& db, const LogEntry& entry);
/// The whole trail, oldest first.
std::vector<LogEntry> ReadLog(SQLite::Database& db);

}  // namespace rollout
