// Alerts, their deliveries (the outbox), acknowledgements and the engine's
// bookkeeping (issue #5).
//
// Exactly once: an alert's identity (project, kind, task, about) is UNIQUE,
// and InsertAlert adds the alert and one outbox row per sink in the
// caller's transaction, so a crash leaves either both or neither.
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <tuple>

#include "storage/sqlite/sqlite_tx.h"

namespace rollout::sqlite {
namespace {

constexpr const char* kAlertColumns =
    "a.id, a.project, a.plan_version, a.kind, a.task, a.about, a.recipients, a.created_at, "
    "a.args, a.message, "
    "EXISTS (SELECT 1 FROM alert_acks k WHERE k.alert_id = a.id AND k.person = ?1) "
    "FROM alerts a";

// |plan_version| is left to the caller: the row holds the global key.
StoredAlert AlertFrom(SQLite::Statement& q) {
  StoredAlert a;
  a.id = q.getColumn(0).getInt64();
  a.project = q.getColumn(1).getString();
  a.kind = q.getColumn(3).getString();
  a.task = q.getColumn(4).getString();
  a.about = q.getColumn(5).getString();
  a.recipients = FromJsonList(q.getColumn(6).getString());
  a.created_at = q.getColumn(7).getString();
  a.args = FromJsonObject(q.getColumn(8).getString());
  a.message = q.getColumn(9).getString();
  a.acked = q.getColumn(10).getInt() != 0;
  return a;
}

bool Addressed(const StoredAlert& a, const std::string& person) {
  for (const std::string& r : a.recipients)
    if (r == person) return true;
  return false;
}

}  // namespace

int64_t SqliteTx::InsertAlert(const std::string& project, const Alert& alert, int plan_version,
                              const std::string& created_at,
                              const std::vector<std::string>& sinks) {
  // ON CONFLICT names the identity: any other violation is an error, not a
  // silently dropped alert.
  SQLite::Statement& q = Stmt("INSERT INTO alerts (project, plan_version, kind, task, about, recipients, "
                      "created_at, args) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT (project, kind, task, about) DO NOTHING");
  q.bind(1, project);
  q.bind(2, KeyOrThrow(project, plan_version));
  q.bind(3, AlertKindName(alert.kind));
  q.bind(4, alert.task);
  q.bind(5, alert.about);
  q.bind(6, ToJsonList(alert.recipients));
  q.bind(7, created_at);
  q.bind(8, ToJsonObject(alert.args));
  if (q.exec() == 0) return 0;
  const int64_t id = db_.getLastInsertRowid();
  SQLite::Statement& out = Stmt("INSERT INTO outbox (alert_id, sink) VALUES (?, ?)");
  for (const std::string& sink : sinks) {
    out.bind(1, id);
    out.bind(2, sink);
    out.exec();
    out.reset();
  }
  return id;
}

std::vector<StoredAlert> SqliteTx::ListAlerts(const std::string& project, const std::string& person,
                                              bool everyone, bool include_acked) {
  SQLite::Statement& q = Stmt(std::string("SELECT ") + kAlertColumns + " WHERE a.project = ?2 ORDER BY a.id");
  q.bind(1, person);
  q.bind(2, project);
  std::vector<StoredAlert> out;
  while (q.executeStep()) {
    StoredAlert a = AlertFrom(q);
    a.plan_version = ProjectVersionOf(q.getColumn(2));
    if ((!everyone && !Addressed(a, person)) || (a.acked && !include_acked)) continue;
    out.push_back(std::move(a));
  }
  return out;
}

std::map<std::string, std::string> SqliteTx::LatestAlertAbout(const std::string& project,
                                                              const std::string& kind) {
  // about is an ISO date for the kinds asked about: MAX is the latest.
  SQLite::Statement& q = Stmt("SELECT task, MAX(about) FROM alerts WHERE project = ? AND kind = ? "
                      "GROUP BY task");
  q.bind(1, project);
  q.bind(2, kind);
  std::map<std::string, std::string> out;
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getString();
  return out;
}

std::optional<StoredAlert> SqliteTx::FindAlert(int64_t id, const std::string& person) {
  SQLite::Statement& q = Stmt(std::string("SELECT ") + kAlertColumns + " WHERE a.id = ?2");
  q.bind(1, person);
  q.bind(2, id);
  if (!q.executeStep()) return std::nullopt;
  StoredAlert a = AlertFrom(q);
  a.plan_version = ProjectVersionOf(q.getColumn(2));
  return a;
}

bool SqliteTx::AckAlert(int64_t id, const std::string& person, Instant at) {
  SQLite::Statement& q = Stmt("INSERT OR IGNORE INTO alert_acks (alert_id, person, at) VALUES (?, ?, ?)");
  q.bind(1, id);
  q.bind(2, person);
  q.bind(3, static_cast<int64_t>(at));
  return q.exec() > 0;
}

std::vector<OutboxItem> SqliteTx::PendingDeliveries(const std::vector<std::string>& sinks) {
  SQLite::Statement& q = Stmt("SELECT alert_id, sink, attempts FROM outbox WHERE delivered_at IS NULL "
                      "ORDER BY alert_id, sink");
  std::vector<OutboxItem> out;
  while (q.executeStep()) {
    OutboxItem item{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt()};
    for (const std::string& s : sinks)
      if (item.sink == s || item.sink.rfind(s + ":", 0) == 0) {
        out.push_back(item);
        break;
      }
  }
  return out;
}

namespace {

// |held| as a JSON array of [alert_id, sink, fence], for json_each.
std::string HeldJson(const std::vector<OutboxItem>& held) {
  nlohmann::json j = nlohmann::json::array();
  for (const OutboxItem& h : held) j.push_back({h.alert_id, h.sink, h.fence});
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

constexpr const char* kHeldWithItsToken =
    "EXISTS (SELECT 1 FROM json_each(?6) h WHERE json_extract(h.value, '$[0]') = alert_id "
    "AND json_extract(h.value, '$[1]') = sink AND json_extract(h.value, '$[2]') = fence)";

}  // namespace

// The write lock of BEGIN IMMEDIATE makes the claim atomic: no other
// connection writes between the choice of rows and their update. The SET
// expressions see the row as it was: the token grows unless this is a
// renewal of a live lease the caller holds with the same token.
std::vector<OutboxItem> SqliteTx::ClaimDeliveries(const std::vector<std::string>& sinks,
                                                  const std::string& owner, int64_t now_ms,
                                                  int64_t lease_until_ms,
                                                  const std::vector<std::string>& dead,
                                                  const std::vector<OutboxItem>& held) {
  SQLite::Statement q(db_,
                      std::string("UPDATE outbox SET claimed_by = ?1, claimed_until = ?2, "
                                  "fence = fence + CASE WHEN claimed_by = ?1 AND claimed_until >= ?3 AND ") +
                          kHeldWithItsToken +
                          " THEN 0 ELSE 1 END "
                          "WHERE delivered_at IS NULL AND (claimed_by = ?1 OR claimed_until < ?3 "
                          "  OR claimed_by IN (SELECT value FROM json_each(?5))) "
                          "AND (sink IN (SELECT value FROM json_each(?4)) OR "
                          "     substr(sink, 1, instr(sink, ':') - 1) IN (SELECT value FROM json_each(?4))) "
                          "RETURNING alert_id, sink, attempts, fence");
  q.bind(1, owner);
  q.bind(2, lease_until_ms);
  q.bind(3, now_ms);
  q.bind(4, ToJsonList(sinks));
  q.bind(5, ToJsonList(dead));
  q.bind(6, HeldJson(held));
  std::vector<OutboxItem> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt(),
                   q.getColumn(3).getInt64()});
  std::sort(out.begin(), out.end(), [](const OutboxItem& a, const OutboxItem& b) {
    return std::tie(a.alert_id, a.sink) < std::tie(b.alert_id, b.sink);
  });
  return out;
}

std::vector<std::string> SqliteTx::ClaimHolders(int64_t now_ms) {
  SQLite::Statement q(db_,
                      "SELECT DISTINCT claimed_by FROM outbox WHERE delivered_at IS NULL "
                      "AND claimed_until >= ? AND claimed_by <> '' ORDER BY claimed_by");
  q.bind(1, now_ms);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

void SqliteTx::ReleaseClaims(const std::string& owner, const std::vector<OutboxItem>& held) {
  if (held.empty()) return;
  SQLite::Statement q(db_, std::string("UPDATE outbox SET claimed_until = 0 WHERE claimed_by = ?1 "
                                       "AND delivered_at IS NULL AND ") +
                               kHeldWithItsToken);
  q.bind(1, owner);
  q.bind(6, HeldJson(held));
  q.exec();
}

bool SqliteTx::MarkDelivered(int64_t alert_id, const std::string& sink, int64_t fence, Instant at) {
  SQLite::Statement& q = Stmt("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, "
                              "last_error = '' WHERE alert_id = ? AND sink = ? AND fence = ?");
  q.bind(1, static_cast<int64_t>(at));
  q.bind(2, alert_id);
  q.bind(3, sink);
  q.bind(4, fence);
  return q.exec() > 0;
}

bool SqliteTx::MarkAttemptFailed(int64_t alert_id, const std::string& sink, int64_t fence,
                                 Instant next_attempt_at, const std::string& error) {
  SQLite::Statement& q = Stmt("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, "
                              "last_error = ? WHERE alert_id = ? AND sink = ? AND fence = ?");
  q.bind(1, static_cast<int64_t>(next_attempt_at));
  q.bind(2, error);
  q.bind(3, alert_id);
  q.bind(4, sink);
  q.bind(5, fence);
  return q.exec() > 0;
}

std::optional<std::string> SqliteTx::EngineState(const std::string& key) {
  SQLite::Statement& q = Stmt("SELECT value FROM engine_state WHERE key = ?");
  q.bind(1, key);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void SqliteTx::SetEngineState(const std::string& key, const std::string& value) {
  SQLite::Statement& q = Stmt("INSERT OR REPLACE INTO engine_state (key, value) VALUES (?, ?)");
  q.bind(1, key);
  q.bind(2, value);
  q.exec();
}

}  // namespace rollout::sqlite
