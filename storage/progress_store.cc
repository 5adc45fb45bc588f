#include "storage/progress_store.h"

#include <SQLiteCpp/Statement.h>

#include "storage/plan_store.h"

namespace rollout {
namespace {

std::optional<Date> DateColumn(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  Date d = 0;
  if (!ParseDate(c.getString(), &d)) return std::nullopt;
  return d;
}

TaskState StateFrom(const std::string& s) {
  if (s == "done") return TaskState::kDone;
  if (s == "started") return TaskState::kStarted;
  return TaskState::kPlanned;
}

TaskProgress ProgressFrom(SQLite::Statement& q, int first) {
  TaskProgress p;
  p.state = StateFrom(q.getColumn(first).getString());
  p.started = DateColumn(q.getColumn(first + 1));
  p.started_at = q.getColumn(first + 2).getInt64();
  p.finished = DateColumn(q.getColumn(first + 3));
  p.finished_at = q.getColumn(first + 4).isNull() ? 0 : q.getColumn(first + 4).getInt64();
  return p;
}

constexpr const char* kProgressColumns =
    "state, started_on, started_at, finished_on, finished_at";

// The latest decision of gate |g| is an approval.
constexpr const char* kGatePassed =
    "(SELECT decision FROM gate_decisions d WHERE d.gate = %s ORDER BY d.id DESC LIMIT 1) "
    "IS 'approve'";

std::string GatePassed(const std::string& column) {
  std::string s = kGatePassed;
  return s.replace(s.find("%s"), 2, column);
}

/// A temporary table of ids, for "not in this list" queries.
void FillKeep(SQLite::Database& db, const std::vector<std::string>& keep) {
  db.exec("CREATE TEMP TABLE IF NOT EXISTS keep_ids (id TEXT PRIMARY KEY)");
  db.exec("DELETE FROM keep_ids");
  SQLite::Statement ins(db, "INSERT OR IGNORE INTO keep_ids VALUES (?)");
  for (const std::string& id : keep) {
    ins.bind(1, id);
    ins.exec();
    ins.reset();
  }
}

}  // namespace

Progress LoadProgress(SQLite::Database& db) {
  Progress out;
  SQLite::Statement t(db, std::string("SELECT task, ") + kProgressColumns + " FROM progress");
  while (t.executeStep()) out.tasks.emplace(t.getColumn(0).getString(), ProgressFrom(t, 1));
  SQLite::Statement g(db,
                      "SELECT gate, decision, at, on_date, note FROM gate_decisions "
                      "ORDER BY id");
  while (g.executeStep()) {
    GateProgress& p = out.gates[g.getColumn(0).getString()];
    bool approve = g.getColumn(1).getString() == "approve";
    p.passed = approve;
    p.rejected = !approve;
    p.decided_at = g.getColumn(2).getInt64();
    p.passed_on = approve ? DateColumn(g.getColumn(3)) : std::nullopt;
    p.note = g.getColumn(4).getString();
  }
  SQLite::Statement m(db, "SELECT metric, value FROM metrics");
  while (m.executeStep()) out.metrics[m.getColumn(0).getString()] = m.getColumn(1).getDouble();
  return out;
}

TaskProgress LoadTaskProgress(SQLite::Database& db, const std::string& task) {
  SQLite::Statement q(db, std::string("SELECT ") + kProgressColumns +
                              " FROM progress WHERE task = ?");
  q.bind(1, task);
  if (!q.executeStep()) return {};
  return ProgressFrom(q, 0);
}

void SaveTaskProgress(SQLite::Database& db, const std::string& task, const TaskProgress& p,
                      const std::string& by) {
  if (p.state == TaskState::kPlanned) {
    SQLite::Statement del(db, "DELETE FROM progress WHERE task = ?");
    del.bind(1, task);
    del.exec();
    return;
  }
  SQLite::Statement q(db,
                      "INSERT OR REPLACE INTO progress (task, state, started_on, started_at, "
                      "finished_on, finished_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, task);
  q.bind(2, TaskStateName(p.state));
  q.bind(3, FormatDate(p.started.value_or(0)));
  q.bind(4, static_cast<int64_t>(p.started_at));
  if (p.state == TaskState::kDone && p.finished) {
    q.bind(5, FormatDate(*p.finished));
    q.bind(6, static_cast<int64_t>(p.finished_at));
  } else {
    q.bind(5);
    q.bind(6);
  }
  q.bind(7, by);
  q.exec();
}

std::vector<std::pair<std::string, TaskState>> ProgressNotIn(
    SQLite::Database& db, const std::vector<std::string>& keep) {
  FillKeep(db, keep);
  SQLite::Statement q(db,
                      "SELECT task, state FROM progress WHERE task NOT IN (SELECT id FROM "
                      "keep_ids) ORDER BY task");
  std::vector<std::pair<std::string, TaskState>> out;
  while (q.executeStep())
    out.emplace_back(q.getColumn(0).getString(), StateFrom(q.getColumn(1).getString()));
  return out;
}

std::vector<std::string> DropProgressExcept(SQLite::Database& db,
                                            const std::vector<std::string>& keep) {
  std::vector<std::string> dropped;
  for (const auto& [task, state] : ProgressNotIn(db, keep)) dropped.push_back(task);
  db.exec("DELETE FROM progress WHERE task NOT IN (SELECT id FROM keep_ids)");
  return dropped;
}

std::vector<std::string> ClosedUpstreamGates(SQLite::Database& db, int version,
                                             const std::string& task) {
  SQLite::Statement q(db,
                      "SELECT u.gate FROM plan_upstream_gates u JOIN plan_tasks t "
                      "ON t.plan_version = u.plan_version AND t.task = u.gate "
                      "WHERE u.plan_version = ? AND u.task = ? AND NOT " +
                          GatePassed("u.gate") + " ORDER BY t.seq");
  q.bind(1, version);
  q.bind(2, task);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::vector<std::string> PendingPredecessors(SQLite::Database& db, int version,
                                             const std::string& task) {
  SQLite::Statement q(db,
                      "SELECT l.pred FROM plan_links l JOIN plan_tasks t "
                      "ON t.plan_version = l.plan_version AND t.task = l.pred "
                      "WHERE l.plan_version = ? AND l.succ = ? AND NOT ("
                      "  (t.kind = 'gate' AND " + GatePassed("l.pred") + ") OR "
                      "  (t.kind <> 'gate' AND EXISTS (SELECT 1 FROM progress p "
                      "     WHERE p.task = l.pred AND p.state = 'done'))) "
                      "ORDER BY t.seq");
  q.bind(1, version);
  q.bind(2, task);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

void SetMetric(SQLite::Database& db, const std::string& metric, double value,
               const std::string& by, Instant at) {
  SQLite::Statement q(db,
                      "INSERT OR REPLACE INTO metrics (metric, value, set_by, set_at) "
                      "VALUES (?, ?, ?, ?)");
  q.bind(1, metric);
  q.bind(2, value);
  q.bind(3, by);
  q.bind(4, static_cast<int64_t>(at));
  q.exec();
}

void AppendLog(SQLite::Database& db, const LogEntry& e) {
  SQLite::Statement q(db,
                      "INSERT INTO audit_log (at, at_text, actor, action, task, note, "
                      "plan_version) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(e.at));
  q.bind(2, e.at_text);
  q.bind(3, e.actor);
  q.bind(4, e.action);
  if (e.task) {
    q.bind(5, *e.task);
  } else {
    q.bind(5);
  }
  q.bind(6, e.note);
  q.bind(7, e.plan_version);
  q.exec();
}

std::vector<LogEntry> ReadLog(SQLite::Database& db) {
  SQLite::Statement q(db,
                      "SELECT at, at_text, actor, action, task, note, plan_version "
                      "FROM audit_log ORDER BY id");
  std::vector<LogEntry> out;
  while (q.executeStep()) {
    LogEntry e;
    e.at = q.getColumn(0).getInt64();
    e.at_text = q.getColumn(1).getString();
    e.actor = q.getColumn(2).getString();
    e.action = q.getColumn(3).getString();
    if (!q.getColumn(4).isNull()) e.task = q.getColumn(4).getString();
    e.note = q.getColumn(5).getString();
    e.plan_version = q.getColumn(6).isNull() ? 0 : q.getColumn(6).getInt();
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace rollout
