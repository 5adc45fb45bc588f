// Task progress, gate decisions, KPI values and the audit trail, each row
// under its project.
#include <SQLiteCpp/Statement.h>

#include "storage/sqlite/sqlite_tx.h"

namespace rollout::sqlite {
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
  if (!q.getColumn(first + 5).isNull()) p.remaining = q.getColumn(first + 5).getInt();
  if (!q.getColumn(first + 6).isNull()) p.percent = q.getColumn(first + 6).getDouble();
  if (!q.getColumn(first + 7).isNull()) p.remaining_at = q.getColumn(first + 7).getInt64();
  return p;
}

constexpr const char* kProgressColumns =
    "state, started_on, started_at, finished_on, finished_at, remaining, percent, remaining_at";

/// Applies one decision (columns decision, at, on_date, note from |first|)
/// to |p|: the latest decision of a gate is its state.
void ApplyDecision(SQLite::Statement& q, int first, GateProgress& p) {
  bool approve = q.getColumn(first).getString() == "approve";
  p.passed = approve;
  p.rejected = !approve;
  p.decided_at = q.getColumn(first + 1).getInt64();
  p.passed_on = approve ? DateColumn(q.getColumn(first + 2)) : std::nullopt;
  p.note = q.getColumn(first + 3).getString();
}

}  // namespace

/// A temporary table of ids, for "not in this list" queries.
void SqliteTx::FillKeep(const std::vector<std::string>& keep) {
  db_.exec("CREATE TEMP TABLE IF NOT EXISTS keep_ids (id TEXT PRIMARY KEY)");
  db_.exec("DELETE FROM keep_ids");
  SQLite::Statement& ins = Stmt("INSERT OR IGNORE INTO keep_ids VALUES (?)");
  for (const std::string& id : keep) {
    ins.bind(1, id);
    ins.exec();
    ins.reset();
  }
}

Progress SqliteTx::LoadProgress(const std::string& project) {
  Progress out;
  SQLite::Statement& t = Stmt(std::string("SELECT task, ") + kProgressColumns + " FROM progress WHERE project = ?");
  t.bind(1, project);
  while (t.executeStep()) out.tasks.emplace(t.getColumn(0).getString(), ProgressFrom(t, 1));
  SQLite::Statement& g = Stmt("SELECT gate, decision, at, on_date, note FROM gate_decisions "
                      "WHERE project = ? ORDER BY id");
  g.bind(1, project);
  while (g.executeStep()) ApplyDecision(g, 1, out.gates[g.getColumn(0).getString()]);
  SQLite::Statement& m = Stmt("SELECT metric, value FROM metrics WHERE project = ?");
  m.bind(1, project);
  while (m.executeStep()) out.metrics[m.getColumn(0).getString()] = m.getColumn(1).getDouble();
  return out;
}

// Two primary-key or index lookups per id: `done` reads this for the task
// and its predecessors and upstream gates only.
Progress SqliteTx::LoadProgressOf(const std::string& project, const std::vector<std::string>& ids) {
  Progress out;
  SQLite::Statement& t = Stmt(std::string("SELECT ") + kProgressColumns +
                               " FROM progress WHERE project = ? AND task = ?");
  SQLite::Statement& g = Stmt("SELECT decision, at, on_date, note FROM gate_decisions "
                      "WHERE project = ? AND gate = ? ORDER BY id DESC LIMIT 1");
  for (const std::string& id : ids) {
    t.bind(1, project);
    t.bind(2, id);
    if (t.executeStep()) out.tasks[id] = ProgressFrom(t, 0);
    t.reset();
    g.bind(1, project);
    g.bind(2, id);
    if (g.executeStep()) ApplyDecision(g, 0, out.gates[id]);
    g.reset();
  }
  return out;
}

void SqliteTx::SaveTaskProgress(const std::string& project, const std::string& task,
                                const TaskProgress& p, const std::string& by) {
  if (p.state == TaskState::kPlanned) {
    SQLite::Statement& del = Stmt("DELETE FROM progress WHERE project = ? AND task = ?");
    del.bind(1, project);
    del.bind(2, task);
    del.exec();
    return;
  }
  SQLite::Statement& q = Stmt("INSERT OR REPLACE INTO progress (project, task, state, started_on, "
                      "started_at, finished_on, finished_at, updated_by, remaining, percent, "
                      "remaining_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, project);
  q.bind(2, task);
  q.bind(3, TaskStateName(p.state));
  q.bind(4, FormatDate(p.started.value_or(0)));
  q.bind(5, static_cast<int64_t>(p.started_at));
  if (p.state == TaskState::kDone && p.finished) {
    q.bind(6, FormatDate(*p.finished));
    q.bind(7, static_cast<int64_t>(p.finished_at));
  } else {
    q.bind(6);
    q.bind(7);
  }
  q.bind(8, by);
  if (p.state == TaskState::kStarted && p.remaining) {
    q.bind(9, *p.remaining);
    if (p.percent) q.bind(10, *p.percent); else q.bind(10);
    q.bind(11, static_cast<int64_t>(p.remaining_at));
  } else {
    q.bind(9);
    q.bind(10);
    q.bind(11);
  }
  q.exec();
}

std::vector<std::pair<std::string, TaskState>> SqliteTx::ProgressNotIn(
    const std::string& project, const std::vector<std::string>& keep) {
  FillKeep(keep);
  SQLite::Statement& q = Stmt("SELECT task, state FROM progress WHERE project = ? AND task NOT IN "
                      "(SELECT id FROM keep_ids) ORDER BY task");
  q.bind(1, project);
  std::vector<std::pair<std::string, TaskState>> out;
  while (q.executeStep())
    out.emplace_back(q.getColumn(0).getString(), StateFrom(q.getColumn(1).getString()));
  return out;
}

std::vector<std::string> SqliteTx::DropProgressExcept(const std::string& project,
                                                      const std::vector<std::string>& keep) {
  std::vector<std::string> dropped;
  for (const auto& [task, state] : ProgressNotIn(project, keep)) dropped.push_back(task);
  SQLite::Statement& del = Stmt("DELETE FROM progress WHERE project = ? AND task NOT IN "
                        "(SELECT id FROM keep_ids)");
  del.bind(1, project);
  del.exec();
  return dropped;
}

int SqliteTx::CountProgress(const std::string& project) {
  SQLite::Statement& q = Stmt("SELECT count(*) FROM progress WHERE project = ?");
  q.bind(1, project);
  q.executeStep();
  return q.getColumn(0).getInt();
}

void SqliteTx::RenameTask(const std::string& project, const std::string& from,
                          const std::string& to) {
  SQLite::Statement& has = Stmt("SELECT 1 FROM progress WHERE project = ? AND task = ?");
  has.bind(1, project);
  has.bind(2, from);
  if (has.executeStep()) {
    SQLite::Statement& drop = Stmt("DELETE FROM progress WHERE project = ? AND task = ?");
    drop.bind(1, project);
    drop.bind(2, to);
    drop.exec();
    SQLite::Statement& move = Stmt("UPDATE progress SET task = ? WHERE project = ? AND task = ?");
    move.bind(1, to);
    move.bind(2, project);
    move.bind(3, from);
    move.exec();
  }
  SQLite::Statement& gates = Stmt("UPDATE gate_decisions SET gate = ? WHERE project = ? AND gate = ?");
  gates.bind(1, to);
  gates.bind(2, project);
  gates.bind(3, from);
  gates.exec();
}

void SqliteTx::InsertGateDecision(const std::string& project, const std::string& gate, bool approve,
                                  const std::string& actor, const std::string& note, Instant at,
                                  Date on_date) {
  SQLite::Statement& q = Stmt("INSERT INTO gate_decisions (project, gate, decision, actor, note, at, "
                      "on_date) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, project);
  q.bind(2, gate);
  q.bind(3, approve ? "approve" : "reject");
  q.bind(4, actor);
  q.bind(5, note);
  q.bind(6, static_cast<int64_t>(at));
  q.bind(7, FormatDate(on_date));
  q.exec();
}

void SqliteTx::SetMetric(const std::string& project, const std::string& metric, double value,
                         const std::string& by, Instant at) {
  SQLite::Statement& q = Stmt("INSERT OR REPLACE INTO metrics (project, metric, value, set_by, set_at) "
                      "VALUES (?, ?, ?, ?, ?)");
  q.bind(1, project);
  q.bind(2, metric);
  q.bind(3, value);
  q.bind(4, by);
  q.bind(5, static_cast<int64_t>(at));
  q.exec();
}

void SqliteTx::AppendLog(const std::string& project, const LogEntry& e) {
  SQLite::Statement& q = Stmt("INSERT INTO audit_log (project, at, at_text, actor, action, task, note, "
                      "plan_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, project);
  q.bind(2, static_cast<int64_t>(e.at));
  q.bind(3, e.at_text);
  q.bind(4, e.actor);
  q.bind(5, e.action);
  if (e.task) {
    q.bind(6, *e.task);
  } else {
    q.bind(6);
  }
  q.bind(7, e.note);
  // 0: an act on no version (as rows of schema v1 were).
  if (e.plan_version == 0) {
    q.bind(8);
  } else {
    q.bind(8, KeyOrThrow(project, e.plan_version));
  }
  q.exec();
}

std::vector<LogEntry> SqliteTx::ReadLog(const std::string& project) {
  SQLite::Statement& q = Stmt("SELECT at, at_text, actor, action, task, note, plan_version "
                      "FROM audit_log WHERE project = ? ORDER BY id");
  q.bind(1, project);
  std::vector<LogEntry> out;
  while (q.executeStep()) {
    LogEntry e;
    e.at = q.getColumn(0).getInt64();
    e.at_text = q.getColumn(1).getString();
    e.actor = q.getColumn(2).getString();
    e.action = q.getColumn(3).getString();
    if (!q.getColumn(4).isNull()) e.task = q.getColumn(4).getString();
    e.note = q.getColumn(5).getString();
    e.plan_version = ProjectVersionOf(q.getColumn(6));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace rollout::sqlite
