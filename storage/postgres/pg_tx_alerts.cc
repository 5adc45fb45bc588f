// Alerts, the outbox, acknowledgements, tokens and the engine's bookkeeping
// on PostgreSQL (as storage/sqlite/sqlite_tx_alerts.cc, sqlite_tx_tokens.cc).
//
// Exactly once across processes: an alert's identity (project, kind, task,
// about) is UNIQUE and InsertAlert is INSERT ... ON CONFLICT (that key) DO
// NOTHING, with its outbox rows in the same transaction: of two engines
// raising the same alert, one inserts it and its rows, the other nothing.
#include <algorithm>
#include <tuple>

#include "storage/json_columns.h"
#include "storage/postgres/pg_tx.h"

namespace rollout::postgres {
namespace {

constexpr const char* kAlertColumns =
    "SELECT a.id, a.project, COALESCE(v.project_version, 0), a.kind, a.task, a.about, "
    "a.recipients, a.created_at, a.args, a.message, "
    "EXISTS (SELECT 1 FROM alert_acks k WHERE k.alert_id = a.id AND k.person = $1) "
    "FROM alerts a LEFT JOIN plan_versions v ON v.version = a.plan_version ";

StoredAlert AlertFrom(const PgResult& r, int i) {
  StoredAlert a;
  a.id = r.Int64(i, 0);
  a.project = r.Text(i, 1);
  a.plan_version = r.Int(i, 2);
  a.kind = r.Text(i, 3);
  a.task = r.Text(i, 4);
  a.about = r.Text(i, 5);
  a.recipients = FromJsonList(r.Text(i, 6));
  a.created_at = r.Text(i, 7);
  a.args = FromJsonObject(r.Text(i, 8));
  a.message = r.Text(i, 9);
  a.acked = r.Bool(i, 10);
  return a;
}

bool Addressed(const StoredAlert& a, const std::string& person) {
  for (const std::string& r : a.recipients)
    if (r == person) return true;
  return false;
}

constexpr const char* kTokenColumns =
    "SELECT id, hash, person, name, created_at, created_by, expires_at, revoked_at FROM tokens ";

TokenRow TokenFrom(const PgResult& r, int i) {
  TokenRow t;
  t.id = r.Int64(i, 0);
  t.hash = r.Text(i, 1);
  t.person = r.Text(i, 2);
  t.name = r.Text(i, 3);
  t.created_at = static_cast<Instant>(r.Int64(i, 4));
  t.created_by = r.Text(i, 5);
  if (!r.IsNull(i, 6)) t.expires_at = static_cast<Instant>(r.Int64(i, 6));
  if (!r.IsNull(i, 7)) t.revoked_at = static_cast<Instant>(r.Int64(i, 7));
  return t;
}

}  // namespace

int64_t PgTx::InsertAlert(const std::string& project, const Alert& alert, int plan_version,
                          const std::string& created_at, const std::vector<std::string>& sinks) {
  // Two statements, the second only for a new alert. (One data-modifying
  // WITH for both was measured slower: every call plans it again, and the
  // common case of an engine's evaluation is an alert stored before, which
  // the INSERT alone answers; docs/performance.md.)
  //
  // INSERT ... SELECT ... WHERE NOT EXISTS, not VALUES: a VALUES row takes
  // its id from the identity before ON CONFLICT looks at the key, so every
  // evaluation that met an alert stored before burnt an id and the inbox
  // numbered 1, 2, 3, 4, 6 where SQLite numbers 1-5. Now an id is taken
  // only for a row that is inserted; ON CONFLICT stays for two engines
  // racing on one new alert (the loser's id is then the only gap).
  PgResult r = db_.Exec(
      "INSERT INTO alerts (project, plan_version, kind, task, about, recipients, created_at, "
      "args) SELECT $1::text, $2::bigint, $3::text, $4::text, $5::text, $6::text, $7::text, "
      "$8::text WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE project = $1 AND kind = $3 "
      "AND task = $4 AND about = $5) "
      "ON CONFLICT (project, kind, task, about) DO NOTHING RETURNING id",
      {P(project), P(KeyOrThrow(project, plan_version)), P(AlertKindName(alert.kind)),
       P(alert.task), P(alert.about), P(ToJsonList(alert.recipients)), P(created_at),
       P(ToJsonObject(alert.args))});
  if (r.rows() == 0) return 0;
  const int64_t id = r.Int64(0, 0);
  if (!sinks.empty())
    db_.Exec("INSERT INTO outbox (alert_id, sink) SELECT $1, unnest($2::text[])",
             {P(id), TextArray(sinks)});
  return id;
}

std::vector<StoredAlert> PgTx::ListAlerts(const std::string& project, const std::string& person,
                                          bool everyone, bool include_acked) {
  PgResult r = db_.Exec(std::string(kAlertColumns) + "WHERE a.project = $2 ORDER BY a.id",
                        {P(person), P(project)});
  std::vector<StoredAlert> out;
  for (int i = 0; i < r.rows(); ++i) {
    StoredAlert a = AlertFrom(r, i);
    if ((!everyone && !Addressed(a, person)) || (a.acked && !include_acked)) continue;
    out.push_back(std::move(a));
  }
  return out;
}

std::map<std::string, std::string> PgTx::LatestAlertAbout(const std::string& project,
                                                          const std::string& kind) {
  PgResult r = db_.Exec(
      "SELECT task, MAX(about) FROM alerts WHERE project = $1 AND kind = $2 GROUP BY task",
      {P(project), P(kind)});
  std::map<std::string, std::string> out;
  for (int i = 0; i < r.rows(); ++i) out[r.Text(i, 0)] = r.Text(i, 1);
  return out;
}

std::optional<StoredAlert> PgTx::FindAlert(int64_t id, const std::string& person) {
  PgResult r = db_.Exec(std::string(kAlertColumns) + "WHERE a.id = $2", {P(person), P(id)});
  if (r.rows() == 0) return std::nullopt;
  return AlertFrom(r, 0);
}

bool PgTx::AckAlert(int64_t id, const std::string& person, Instant at) {
  return db_.Exec(
                "INSERT INTO alert_acks (alert_id, person, at) VALUES ($1, $2, $3) "
                "ON CONFLICT DO NOTHING",
                {P(id), P(person), P(static_cast<int64_t>(at))})
             .affected() > 0;
}

std::vector<OutboxItem> PgTx::PendingDeliveries(const std::vector<std::string>& sinks) {
  PgResult r = db_.Exec(
      "SELECT alert_id, sink, attempts FROM outbox WHERE delivered_at IS NULL "
      "ORDER BY alert_id, sink");
  std::vector<OutboxItem> out;
  for (int i = 0; i < r.rows(); ++i) {
    OutboxItem item{r.Int64(i, 0), r.Text(i, 1), r.Int(i, 2)};
    for (const std::string& s : sinks)
      if (item.sink == s || item.sink.rfind(s + ":", 0) == 0) {
        out.push_back(item);
        break;
      }
  }
  return out;
}

namespace {

// |held| as three arrays for unnest($n::bigint[], $m::text[], $k::bigint[]).
struct HeldArrays {
  Param ids, sinks, fences;
};
HeldArrays HeldOf(const std::vector<OutboxItem>& held) {
  std::vector<int64_t> ids, fences;
  std::vector<std::string> sinks;
  for (const OutboxItem& h : held) {
    ids.push_back(h.alert_id);
    sinks.push_back(h.sink);
    fences.push_back(h.fence);
  }
  return {IntArray(ids), TextArray(sinks), IntArray(fences)};
}

}  // namespace

// FOR UPDATE SKIP LOCKED: of two engines claiming at once, each takes the
// rows the other is not taking; a row is then held until its lease ends.
// The token (fence) grows on every claim but a renewal of a live lease
// that the caller still holds with the same token, in the same statement.
std::vector<OutboxItem> PgTx::ClaimDeliveries(const std::vector<std::string>& sinks,
                                              const std::string& owner, int64_t now_ms,
                                              int64_t lease_until_ms,
                                              const std::vector<std::string>& dead,
                                              const std::vector<OutboxItem>& held) {
  const HeldArrays h = HeldOf(held);
  PgResult r = db_.Exec(
      "WITH h AS (SELECT * FROM unnest($6::bigint[], $7::text[], $8::bigint[]) "
      "    AS h(alert_id, sink, fence)), "
      "c AS (SELECT o.alert_id, o.sink, (o.claimed_by = $1 AND o.claimed_until >= $2 AND EXISTS "
      "    (SELECT 1 FROM h WHERE h.alert_id = o.alert_id AND h.sink = o.sink "
      "     AND h.fence = o.fence)) AS renew "
      "  FROM outbox o WHERE o.delivered_at IS NULL "
      "  AND (o.claimed_by = $1 OR o.claimed_until < $2 OR o.claimed_by = ANY($5::text[])) "
      "  AND (o.sink = ANY($4::text[]) OR split_part(o.sink, ':', 1) = ANY($4::text[])) "
      "  ORDER BY o.alert_id, o.sink FOR UPDATE OF o SKIP LOCKED) "
      "UPDATE outbox o SET claimed_by = $1, claimed_until = $3, "
      "  fence = o.fence + CASE WHEN c.renew THEN 0 ELSE 1 END FROM c "
      "WHERE o.alert_id = c.alert_id AND o.sink = c.sink "
      "RETURNING o.alert_id, o.sink, o.attempts, o.fence",
      {P(owner), P(now_ms), P(lease_until_ms), TextArray(sinks), TextArray(dead), h.ids, h.sinks,
       h.fences});
  std::vector<OutboxItem> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.Int64(i, 0), r.Text(i, 1), r.Int(i, 2), r.Int64(i, 3)});
  std::sort(out.begin(), out.end(), [](const OutboxItem& a, const OutboxItem& b) {
    return std::tie(a.alert_id, a.sink) < std::tie(b.alert_id, b.sink);
  });
  return out;
}

std::vector<std::string> PgTx::ClaimHolders(int64_t now_ms) {
  PgResult r = db_.Exec(
      "SELECT DISTINCT claimed_by FROM outbox WHERE delivered_at IS NULL "
      "AND claimed_until >= $1 AND claimed_by <> '' ORDER BY claimed_by",
      {P(now_ms)});
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.Text(i, 0));
  return out;
}

void PgTx::ReleaseClaims(const std::string& owner, const std::vector<OutboxItem>& held) {
  if (held.empty()) return;
  const HeldArrays h = HeldOf(held);
  db_.Exec(
      "UPDATE outbox o SET claimed_until = 0 "
      "FROM unnest($2::bigint[], $3::text[], $4::bigint[]) AS h(alert_id, sink, fence) "
      "WHERE o.alert_id = h.alert_id AND o.sink = h.sink AND o.fence = h.fence "
      "AND o.claimed_by = $1 AND o.delivered_at IS NULL",
      {P(owner), h.ids, h.sinks, h.fences});
}

bool PgTx::MarkDelivered(int64_t alert_id, const std::string& sink, int64_t fence, Instant at) {
  return db_.Exec(
                "UPDATE outbox SET delivered_at = $1, attempts = attempts + 1, last_error = '' "
                "WHERE alert_id = $2 AND sink = $3 AND fence = $4",
                {P(static_cast<int64_t>(at)), P(alert_id), P(sink), P(fence)})
             .affected() > 0;
}

bool PgTx::MarkAttemptFailed(int64_t alert_id, const std::string& sink, int64_t fence,
                             Instant next_attempt_at, const std::string& error) {
  return db_.Exec(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 "
                "WHERE alert_id = $3 AND sink = $4 AND fence = $5",
                {P(static_cast<int64_t>(next_attempt_at)), P(error), P(alert_id), P(sink), P(fence)})
             .affected() > 0;
}

int64_t PgTx::InsertToken(const TokenRow& token) {
  return db_
      .Exec(
          "INSERT INTO tokens (hash, person, name, created_at, created_by, expires_at) "
          "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          {P(token.hash), P(token.person), P(token.name),
           P(static_cast<int64_t>(token.created_at)), P(token.created_by),
           token.expires_at ? P(static_cast<int64_t>(*token.expires_at)) : Null()})
      .Int64(0, 0);
}

std::optional<TokenRow> PgTx::FindTokenByHash(const std::string& hash) {
  PgResult r = db_.Exec(std::string(kTokenColumns) + "WHERE hash = $1", {P(hash)});
  if (r.rows() == 0) return std::nullopt;
  return TokenFrom(r, 0);
}

std::optional<TokenRow> PgTx::FindToken(int64_t id) {
  PgResult r = db_.Exec(std::string(kTokenColumns) + "WHERE id = $1", {P(id)});
  if (r.rows() == 0) return std::nullopt;
  return TokenFrom(r, 0);
}

std::vector<TokenRow> PgTx::ListTokens(const std::string& person) {
  PgResult r = person.empty()
                   ? db_.Exec(std::string(kTokenColumns) + "ORDER BY id")
                   : db_.Exec(std::string(kTokenColumns) + "WHERE person = $1 ORDER BY id",
                              {P(person)});
  std::vector<TokenRow> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(TokenFrom(r, i));
  return out;
}

bool PgTx::RevokeToken(int64_t id, Instant at) {
  return db_.Exec("UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                  {P(static_cast<int64_t>(at)), P(id)})
             .affected() > 0;
}

std::optional<std::string> PgTx::EngineState(const std::string& key) {
  PgResult r = db_.Exec("SELECT value FROM engine_state WHERE key = $1", {P(key)});
  if (r.rows() == 0) return std::nullopt;
  return r.Text(0, 0);
}

void PgTx::SetEngineState(const std::string& key, const std::string& value) {
  db_.Exec(
      "INSERT INTO engine_state (key, value) VALUES ($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
      {P(key), P(value)});
}

}  // namespace rollout::postgres
