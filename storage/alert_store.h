// Alerts, their deliveries (the outbox), acknowledgements, gate decisions
// and the engine's bookkeeping in the database (issue #5). Functions take
// the connection of a transaction opened by Database::Write or ::Read.
//
// Exactly once: an alert's identity (kind, task, about) is UNIQUE, and
// InsertAlert adds the alert and one outbox row per sink in the caller's
// transaction, so a crash leaves either both or neither.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/alert_rules.h"
#include "engine/progress.h"

namespace rollout {

struct StoredAlert {
  int64_t id = 0;
  int plan_version = 0;
  std::string kind;
  std::string task;  // empty for slip
  std::string about;
  std::vector<std::string> recipients;
  std::string created_at;  // ISO 8601 with offset
  std::string message;
  bool acked = false;  // by the person the list was read for
};

/// Stores |alert| unless an alert with its identity exists; on insert adds
/// an outbox row for each of |sinks|. Returns the new id, or 0 when it was
/// stored before (nothing written).
int64_t InsertAlert(SQLite::Database& db, const Alert& alert, int plan_version,
                    const std::string& created_at, const std::vector<std::string>& sinks);

/// Alerts addressed to |person| (every alert when |everyone|), oldest
/// first; those |person| acknowledged only when |include_acked|.
std::vector<StoredAlert> ListAlerts(SQLite::Database& db, const std::string& person, bool everyone,
                                    bool include_acked);

/// One alert, with `acked` for |person|.
std::optional<StoredAlert> FindAlert(SQLite::Database& db, int64_t id, const std::string& person);

/// Records that |person| acknowledged alert |id|; false if they had already.
bool AckAlert(SQLite::Database& db, int64_t id, const std::string& person, Instant at);

/// One delivery still to make.
struct OutboxItem {
  int64_t alert_id = 0;
  std::string sink;
  int attempts = 0;
};

/// Undelivered rows for |sinks|, by alert id.
std::vector<OutboxItem> PendingDeliveries(SQLite::Database& db,
                                          const std::vector<std::string>& sinks);
void MarkDelivered(SQLite::Database& db, int64_t alert_id, const std::string& sink, Instant at);
void MarkAttemptFailed(SQLite::Database& db, int64_t alert_id, const std::string& sink,
                       Instant next_attempt_at, const std::string& error);

/// Appends an approve or reject decision on |gate|.
void InsertGateDecision(SQLite::Database& db, const std::string& gate, bool approve,
                        const std::string& actor, const std::string& note, Instant at,
                        Date on_date);

std::optional<std::string> EngineState(SQLite::Database& db, const std::string& key);
void SetEngineState(SQLite::Database& db, const std::string& key, const std::string& value);

}  // namespace rollout
