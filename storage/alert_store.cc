#include "storage/alert_store.h"

#include <SQLiteCpp/Statement.h>

#include "storage/plan_store.h"

namespace rollout {
namespace {

constexpr const char* kAlertColumns =
    "a.id, a.plan_version, a.kind, a.task, a.about, a.recipients, a.created_at, a.message, "
    "EXISTS (SELECT 1 FROM alert_acks k WHERE k.alert_id = a.id AND k.person = ?1)";

StoredAlert AlertFrom(SQLite::Statement& q) {
  StoredAlert a;
  a.id = q.getColumn(0).getInt64();
  a.plan_version = q.getColumn(1).getInt();
  a.kind = q.getColumn(2).getString();
  a.task = q.getColumn(3).getString();
  a.about = q.getColumn(4).getString();
  a.recipients = FromJsonList(q.getColumn(5).getString());
  a.created_at = q.getColumn(6).getString();
  a.message = q.getColumn(7).getString();
  a.acked = q.getColumn(8).getInt() != 0;
  return a;
}

bool Addressed(const StoredAlert& a, const std::string& person) {
  for (const std::string& r : a.recipients)
    if (r == person) return true;
  return false;
}

}  // namespace

int64_t InsertAlert(SQLite::Database& db, const Alert& alert, int plan_version,
                    const std::string& created_at, const std::vector<std::string>& sinks) {
  SQLite::Statement q(db,
                      "INSERT OR IGNORE INTO alerts (plan_version, kind, task, about, "
                      "recipients, created_at, message) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, plan_version);
  q.bind(2, AlertKindName(alert.kind));
  q.bind(3, alert.task);
  q.bind(4, alert.about);
  q.bind(5, ToJsonList(alert.recipients));
  q.bind(6, created_at);
  q.bind(7, alert.message);
  if (q.exec() == 0) return 0;
  const int64_t id = db.getLastInsertRowid();
  SQLite::Statement out(db, "INSERT INTO outbox (alert_id, sink) VALUES (?, ?)");
  for (const std::string& sink : sinks) {
    out.bind(1, id);
    out.bind(2, sink);
    out.exec();
    out.reset();
  }
  return id;
}

std::vector<StoredAlert> ListAlerts(SQLite::Database& db, const std::string& person, bool everyone,
                                    bool include_acked) {
  SQLite::Statement q(db, std::string("SELECT ") + kAlertColumns + " FROM alerts a ORDER BY a.id");
  q.bind(1, person);
  std::vector<StoredAlert> out;
  while (q.executeStep()) {
    StoredAlert a = AlertFrom(q);
    if ((!everyone && !Addressed(a, person)) || (a.acked && !include_acked)) continue;
    out.push_back(std::move(a));
  }
  return out;
}

std::optional<StoredAlert> FindAlert(SQLite::Database& db, int64_t id, const std::string& person) {
  SQLite::Statement q(db,
                      std::string("SELECT ") + kAlertColumns + " FROM alerts a WHERE a.id = ?2");
  q.bind(1, person);
  q.bind(2, id);
  if (!q.executeStep()) return std::nullopt;
  return AlertFrom(q);
}

bool AckAlert(SQLite::Database& db, int64_t id, const std::string& person, Instant at) {
  SQLite::Statement q(db,
                      "INSERT OR IGNORE INTO alert_acks (alert_id, person, at) VALUES (?, ?, ?)");
  q.bind(1, id);
  q.bind(2, person);
  q.bind(3, static_cast<int64_t>(at));
  return q.exec() > 0;
}

std::vector<OutboxItem> PendingDeliveries(SQLite::Database& db,
                                          const std::vector<std::string>& sinks) {
  SQLite::Statement q(db,
                      "SELECT alert_id, sink, attempts FROM outbox WHERE delivered_at IS NULL "
                      "ORDER BY alert_id, sink");
  std::vector<OutboxItem> out;
  while (q.executeStep()) {
    OutboxItem item{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt()};
    for (const std::string& s : sinks)
      if (s == item.sink) out.push_back(item);
  }
  return out;
}

void MarkDelivered(SQLite::Database& db, int64_t alert_id, const std::string& sink, Instant at) {
  SQLite::Statement q(db,
                      "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, "
                      "last_error = '' WHERE alert_id = ? AND sink = ?");
  q.bind(1, static_cast<int64_t>(at));
  q.bind(2, alert_id);
  q.bind(3, sink);
  q.exec();
}

void MarkAttemptFailed(SQLite::Database& db, int64_t alert_id, const std::string& sink,
                       Instant next_attempt_at, const std::string& error) {
  SQLite::Statement q(db,
                      "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, "
                      "last_error = ? WHERE alert_id = ? AND sink = ?");
  q.bind(1, static_cast<int64_t>(next_attempt_at));
  q.bind(2, error);
  q.bind(3, alert_id);
  q.bind(4, sink);
  q.exec();
}

void InsertGateDecision(SQLite::Database& db, const std::string& gate, bool approve,
                        const std::string& actor, const std::string& note, Instant at,
                        Date on_date) {
  SQLite::Statement q(db,
                      "INSERT INTO gate_decisions (gate, decision, actor, note, at, on_date) "
                      "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, gate);
  q.bind(2, approve ? "approve" : "reject");
  q.bind(3, actor);
  q.bind(4, note);
  q.bind(5, static_cast<int64_t>(at));
  q.bind(6, FormatDate(on_date));
  q.exec();
}

std::optional<std::string> EngineState(SQLite::Database& db, const std::string& key) {
  SQLite::Statement q(db, "SELECT value FROM engine_state WHERE key = ?");
  q.bind(1, key);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void SetEngineState(SQLite::Database& db, const std::string& key, const std::string& value) {
  SQLite::Statement q(db, "INSERT OR REPLACE INTO engine_state (key, value) VALUES (?, ?)");
  q.bind(1, key);
  q.bind(2, value);
  q.exec();
}

}  // namespace rollout
