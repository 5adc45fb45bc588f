// Task progress, gate decisions, KPI values and the audit trail on
// PostgreSQL (as storage/sqlite/sqlite_tx_progress.cc), each row under its
// project.
#include "storage/postgres/pg_tx.h"

namespace rollout::postgres {
namespace {

std::optional<Date> DateAt(const PgResult& r, int row, int col) {
  if (r.IsNull(row, col)) return std::nullopt;
  Date d = 0;
  if (!ParseDate(r.Text(row, col), &d)) return std::nullopt;
  return d;
}

TaskState StateFrom(const std::string& s) {
  if (s == "done") return TaskState::kDone;
  if (s == "started") return TaskState::kStarted;
  return TaskState::kPlanned;
}

constexpr const char* kProgressColumns =
    "state, started_on, started_at, finished_on, finished_at, remaining, percent, remaining_at";

TaskProgress ProgressFrom(const PgResult& r, int i, int first) {
  TaskProgress p;
  p.state = StateFrom(r.Text(i, first));
  p.started = DateAt(r, i, first + 1);
  p.started_at = r.Int64(i, first + 2);
  p.finished = DateAt(r, i, first + 3);
  p.finished_at = r.IsNull(i, first + 4) ? 0 : r.Int64(i, first + 4);
  if (!r.IsNull(i, first + 5)) p.remaining = r.Int(i, first + 5);
  if (!r.IsNull(i, first + 6)) p.percent = r.Double(i, first + 6);
  if (!r.IsNull(i, first + 7)) p.remaining_at = r.Int64(i, first + 7);
  return p;
}

/// One decision (columns decision, at, on_date, note from |first|) applied
/// to |p|: the latest decision of a gate is its state.
void ApplyDecision(const PgResult& r, int i, int first, GateProgress& p) {
  const bool approve = r.Text(i, first) == "approve";
  p.passed = approve;
  p.rejected = !approve;
  p.decided_at = r.Int64(i, first + 1);
  p.passed_on = approve ? DateAt(r, i, first + 2) : std::nullopt;
  p.note = r.Text(i, first + 3);
}

}  // namespace

Progress PgTx::LoadProgress(const std::string& project) {
  Progress out;
  PgResult t = db_.Exec(
      std::string("SELECT task, ") + kProgressColumns + " FROM progress WHERE project = $1",
      {P(project)});
  for (int i = 0; i < t.rows(); ++i) out.tasks.emplace(t.Text(i, 0), ProgressFrom(t, i, 1));
  PgResult g = db_.Exec(
      "SELECT gate, decision, at, on_date, note FROM gate_decisions WHERE project = $1 "
      "ORDER BY id",
      {P(project)});
  for (int i = 0; i < g.rows(); ++i) ApplyDecision(g, i, 1, out.gates[g.Text(i, 0)]);
  PgResult m = db_.Exec("SELECT metric, value FROM metrics WHERE project = $1", {P(project)});
  for (int i = 0; i < m.rows(); ++i) out.metrics[m.Text(i, 0)] = m.Double(i, 1);
  return out;
}

// Two statements whatever the number of ids (the task, its predecessors
// and upstream gates, for start/done).
Progress PgTx::LoadProgressOf(const std::string& project, const std::vector<std::string>& ids) {
  Progress out;
  PgResult t = db_.Exec(std::string("SELECT task, ") + kProgressColumns +
                            " FROM progress WHERE project = $1 AND task = ANY($2::text[])",
                        {P(project), TextArray(ids)});
  for (int i = 0; i < t.rows(); ++i) out.tasks[t.Text(i, 0)] = ProgressFrom(t, i, 1);
  PgResult g = db_.Exec(
      "SELECT DISTINCT ON (gate) gate, decision, at, on_date, note FROM gate_decisions "
      "WHERE project = $1 AND gate = ANY($2::text[]) ORDER BY gate, id DESC",
      {P(project), TextArray(ids)});
  for (int i = 0; i < g.rows(); ++i) ApplyDecision(g, i, 1, out.gates[g.Text(i, 0)]);
  return out;
}

void PgTx::SaveTaskProgress(const std::string& project, const std::string& task,
                            const TaskProgress& p, const std::string& by) {
  if (p.state == TaskState::kPlanned) {
    db_.Exec("DELETE FROM progress WHERE project = $1 AND task = $2", {P(project), P(task)});
    return;
  }
  const bool done = p.state == TaskState::kDone && p.finished;
  const bool remaining = p.state == TaskState::kStarted && p.remaining;
  db_.Exec(
      "INSERT INTO progress (project, task, state, started_on, started_at, finished_on, "
      "finished_at, updated_by, remaining, percent, remaining_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
      "ON CONFLICT (project, task) DO UPDATE SET state = EXCLUDED.state, "
      "started_on = EXCLUDED.started_on, started_at = EXCLUDED.started_at, "
      "finished_on = EXCLUDED.finished_on, finished_at = EXCLUDED.finished_at, "
      "updated_by = EXCLUDED.updated_by, remaining = EXCLUDED.remaining, "
      "percent = EXCLUDED.percent, remaining_at = EXCLUDED.remaining_at",
      {P(project), P(task), P(TaskStateName(p.state)), P(FormatDate(p.started.value_or(0))),
       P(static_cast<int64_t>(p.started_at)), done ? P(FormatDate(*p.finished)) : Null(),
       done ? P(static_cast<int64_t>(p.finished_at)) : Null(), P(by),
       remaining ? P(*p.remaining) : Null(), remaining && p.percent ? P(*p.percent) : Null(),
       remaining ? P(static_cast<int64_t>(p.remaining_at)) : Null()});
}

std::vector<std::pair<std::string, TaskState>> PgTx::ProgressNotIn(
    const std::string& project, const std::vector<std::string>& keep) {
  PgResult r = db_.Exec(
      "SELECT task, state FROM progress WHERE project = $1 AND task <> ALL($2::text[]) "
      "ORDER BY task",
      {P(project), TextArray(keep)});
  std::vector<std::pair<std::string, TaskState>> out;
  for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.Text(i, 0), StateFrom(r.Text(i, 1)));
  return out;
}

std::vector<std::string> PgTx::DropProgressExcept(const std::string& project,
                                                  const std::vector<std::string>& keep) {
  std::vector<std::string> dropped;
  for (const auto& [task, state] : ProgressNotIn(project, keep)) dropped.push_back(task);
  db_.Exec("DELETE FROM progress WHERE project = $1 AND task <> ALL($2::text[])",
           {P(project), TextArray(keep)});
  return dropped;
}

int PgTx::CountProgress(const std::string& project) {
  return db_.Exec("SELECT count(*) FROM progress WHERE project = $1", {P(project)}).Int(0, 0);
}

void PgTx::RenameTask(const std::string& project, const std::string& from, const std::string& to) {
  if (db_.Exec("SELECT 1 FROM progress WHERE project = $1 AND task = $2", {P(project), P(from)})
          .rows() > 0) {
    db_.Exec("DELETE FROM progress WHERE project = $1 AND task = $2", {P(project), P(to)});
    db_.Exec("UPDATE progress SET task = $1 WHERE project = $2 AND task = $3",
             {P(to), P(project), P(from)});
  }
  db_.Exec("UPDATE gate_decisions SET gate = $1 WHERE project = $2 AND gate = $3",
           {P(to), P(project), P(from)});
}

void PgTx::InsertGateDecision(const std::string& project, const std::string& gate, bool approve,
                              const std::string& actor, const std::string& note, Instant at,
                              Date on_date) {
  db_.Exec(
      "INSERT INTO gate_decisions (project, gate, decision, actor, note, at, on_date) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {P(project), P(gate), P(approve ? "approve" : "reject"), P(actor), P(note),
       P(static_cast<int64_t>(at)), P(FormatDate(on_date))});
}

void PgTx::SetMetric(const std::string& project, const std::string& metric, double value,
                     const std::string& by, Instant at) {
  db_.Exec(
      "INSERT INTO metrics (project, metric, value, set_by, set_at) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (project, metric) DO UPDATE SET value = EXCLUDED.value, "
      "set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at",
      {P(project), P(metric), P(value), P(by), P(static_cast<int64_t>(at))});
}

void PgTx::AppendLog(const std::string& project, const LogEntry& e) {
  db_.Exec(
      "INSERT INTO audit_log (project, at, at_text, actor, action, task, note, plan_version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {P(project), P(static_cast<int64_t>(e.at)), P(e.at_text), P(e.actor), P(e.action),
       e.task ? P(*e.task) : Null(), P(e.note),
       // 0: an act on no version.
       e.plan_version == 0 ? Null() : P(KeyOrThrow(project, e.plan_version))});
}

std::vector<LogEntry> PgTx::ReadLog(const std::string& project) {
  PgResult r = db_.Exec(
      "SELECT l.at, l.at_text, l.actor, l.action, l.task, l.note, COALESCE(v.project_version, 0) "
      "FROM audit_log l LEFT JOIN plan_versions v ON v.version = l.plan_version "
      "WHERE l.project = $1 ORDER BY l.id",
      {P(project)});
  std::vector<LogEntry> out;
  for (int i = 0; i < r.rows(); ++i) {
    LogEntry e;
    e.at = r.Int64(i, 0);
    e.at_text = r.Text(i, 1);
    e.actor = r.Text(i, 2);
    e.action = r.Text(i, 3);
    e.task = r.OptText(i, 4);
    e.note = r.Text(i, 5);
    e.plan_version = r.Int(i, 6);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace rollout::postgres
