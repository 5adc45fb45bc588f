// Plan versions and baselines. Each load stores the plan file verbatim as
// the next version of its project, with the facts that progress commands
// check (tasks, people, links, upstream gates); facts, baselines and
// levelled marks are keyed by the global plan_versions.version.
#include <SQLiteCpp/Statement.h>

#include "storage/sqlite/sqlite_tx.h"
#include "po/messages.h"

namespace rollout::sqlite {
namespace {

PlanTaskRow TaskRowFrom(SQLite::Statement& q) {
  PlanTaskRow r;
  r.task = q.getColumn(0).getString();
  r.name = q.getColumn(1).getString();
  r.kind = q.getColumn(2).getString();
  r.duration = q.getColumn(3).getInt();
  r.assigned = FromJsonList(q.getColumn(4).getString());
  return r;
}

PlanPersonRow PersonRowFrom(SQLite::Statement& q) {
  PlanPersonRow r;
  r.person = q.getColumn(0).getString();
  r.name = q.getColumn(1).getString();
  r.roles = FromJsonList(q.getColumn(2).getString());
  r.email = q.getColumn(3).getString();
  r.lang = q.getColumn(4).getString();
  return r;
}

void InsertFacts(SQLite::Database& db, int version, const PlanFacts& facts) {
  SQLite::Statement task(db,
                         "INSERT INTO plan_tasks (plan_version, task, seq, name, kind, duration, "
                         "assigned) VALUES (?, ?, ?, ?, ?, ?, ?)");
  int seq = 0;
  for (const PlanTaskRow& t : facts.tasks) {
    task.bind(1, version);
    task.bind(2, t.task);
    task.bind(3, seq++);
    task.bind(4, t.name);
    task.bind(5, t.kind);
    task.bind(6, t.duration);
    task.bind(7, ToJsonList(t.assigned));
    task.exec();
    task.reset();
  }
  SQLite::Statement person(
      db,
      "INSERT INTO plan_people (plan_version, person, seq, name, roles, email, lang) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  seq = 0;
  for (const PlanPersonRow& p : facts.people) {
    person.bind(1, version);
    person.bind(2, p.person);
    person.bind(3, seq++);
    person.bind(4, p.name);
    person.bind(5, ToJsonList(p.roles));
    person.bind(6, p.email);
    person.bind(7, p.lang);
    person.exec();
    person.reset();
  }
  SQLite::Statement link(
      db, "INSERT OR IGNORE INTO plan_links (plan_version, succ, pred) VALUES (?, ?, ?)");
  for (const auto& [succ, pred] : facts.links) {
    link.bind(1, version);
    link.bind(2, succ);
    link.bind(3, pred);
    link.exec();
    link.reset();
  }
  SQLite::Statement up(
      db, "INSERT OR IGNORE INTO plan_upstream_gates (plan_version, task, gate) VALUES (?, ?, ?)");
  for (const auto& [t, gate] : facts.upstream) {
    up.bind(1, version);
    up.bind(2, t);
    up.bind(3, gate);
    up.exec();
    up.reset();
  }
}

}  // namespace

std::optional<int> SqliteTx::FindKey(const std::string& project, int version) {
  auto key = std::make_pair(project, version);
  if (auto it = keys_.find(key); it != keys_.end()) return it->second;
  SQLite::Statement& q = Stmt("SELECT version FROM plan_versions WHERE plan_id = ? AND project_version = ?");
  q.bind(1, project);
  q.bind(2, version);
  if (!q.executeStep()) return std::nullopt;
  const int global = q.getColumn(0).getInt();
  keys_.emplace(std::move(key), global);
  return global;
}

int SqliteTx::KeyOrThrow(const std::string& project, int version) {
  std::optional<int> key = FindKey(project, version);
  if (!key) {
    throw StoreError(MakeError(ErrorCode::kFailure, Tr("the database {0} has no version {1} of project {2}", path_,
                                                           version, project)));
  }
  return *key;
}

int SqliteTx::ProjectVersionOf(const SQLite::Column& global) {
  if (global.isNull()) return 0;
  if (!project_versions_) {
    project_versions_.emplace();
    SQLite::Statement& q = Stmt("SELECT version, project_version FROM plan_versions");
    while (q.executeStep()) (*project_versions_)[q.getColumn(0).getInt()] = q.getColumn(1).getInt();
  }
  auto it = project_versions_->find(global.getInt());
  return it == project_versions_->end() ? 0 : it->second;
}

std::vector<ProjectRow> SqliteTx::Projects() {
  SQLite::Statement& q = Stmt("SELECT v.plan_id, v.title, v.project_version, v.loaded_at, v.loaded_by, "
                      "  (SELECT b.finish FROM plan_versions w JOIN baselines b "
                      "     ON b.plan_version = w.version WHERE w.plan_id = v.plan_id "
                      "     ORDER BY b.id DESC LIMIT 1) "
                      "FROM plan_versions v "
                      "WHERE v.project_version = (SELECT MAX(x.project_version) "
                      "  FROM plan_versions x WHERE x.plan_id = v.plan_id) "
                      "ORDER BY v.plan_id");
  std::vector<ProjectRow> out;
  while (q.executeStep()) {
    ProjectRow p;
    p.id = q.getColumn(0).getString();
    p.title = q.getColumn(1).getString();
    p.version = q.getColumn(2).getInt();
    p.loaded_at = q.getColumn(3).getInt64();
    p.loaded_by = q.getColumn(4).getString();
    if (!q.getColumn(5).isNull()) p.baseline_finish = q.getColumn(5).getString();
    out.push_back(std::move(p));
  }
  return out;
}

std::optional<StoredPlan> SqliteTx::CurrentPlan(const std::string& project, bool with_source) {
  // Without the text, the head index covers the query (schema v3, v5).
  SQLite::Statement& q = Stmt(std::string("SELECT version, project_version, plan_id, title, format, ") +
                          (with_source ? "source" : "''") +
                          ", source_path, timezone, loaded_at, loaded_by, start_on FROM plan_versions "
                          "WHERE plan_id = ? ORDER BY project_version DESC LIMIT 1");
  q.bind(1, project);
  if (!q.executeStep()) return std::nullopt;
  StoredPlan p;
  const int global = q.getColumn(0).getInt();
  p.version = q.getColumn(1).getInt();
  p.plan_id = q.getColumn(2).getString();
  p.title = q.getColumn(3).getString();
  p.format = q.getColumn(4).getString();
  p.source = q.getColumn(5).getString();
  p.source_path = q.getColumn(6).getString();
  p.timezone = q.getColumn(7).getString();
  p.loaded_at = q.getColumn(8).getInt64();
  p.loaded_by = q.getColumn(9).getString();
  Date start = 0;
  if (ParseDate(q.getColumn(10).getString(), &start)) p.start = start;
  keys_.emplace(std::make_pair(project, p.version), global);
  return p;
}

int SqliteTx::InsertPlanVersion(const StoredPlan& plan, const PlanFacts& facts) {
  SQLite::Statement& last = Stmt("SELECT COALESCE(MAX(project_version), 0) FROM plan_versions "
                         "WHERE plan_id = ?");
  last.bind(1, plan.plan_id);
  last.executeStep();
  const int version = last.getColumn(0).getInt() + 1;
  SQLite::Statement& q = Stmt("INSERT INTO plan_versions (plan_id, project_version, title, format, source, "
      "source_path, timezone, loaded_at, loaded_by, start_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, plan.plan_id);
  q.bind(2, version);
  q.bind(3, plan.title);
  q.bind(4, plan.format);
  q.bind(5, plan.source);
  q.bind(6, plan.source_path);
  q.bind(7, plan.timezone);
  q.bind(8, static_cast<int64_t>(plan.loaded_at));
  q.bind(9, plan.loaded_by);
  q.bind(10, plan.start ? FormatDate(*plan.start) : std::string());
  q.exec();
  const int global = static_cast<int>(db_.getLastInsertRowid());
  InsertFacts(db_, global, facts);
  keys_.emplace(std::make_pair(plan.plan_id, version), global);
  if (project_versions_) (*project_versions_)[global] = version;
  return version;
}

std::vector<std::string> SqliteTx::PlanTaskIds(const std::string& project, int version) {
  std::vector<std::string> out;
  std::optional<int> key = FindKey(project, version);
  if (!key) return out;
  SQLite::Statement& q = Stmt("SELECT task FROM plan_tasks WHERE plan_version = ? ORDER BY seq");
  q.bind(1, *key);
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::optional<PlanTaskRow> SqliteTx::FindPlanTask(const std::string& project, int version,
                                                  const std::string& task) {
  std::optional<int> key = FindKey(project, version);
  if (!key) return std::nullopt;
  SQLite::Statement& q = Stmt("SELECT task, name, kind, duration, assigned FROM plan_tasks "
                      "WHERE plan_version = ? AND task = ?");
  q.bind(1, *key);
  q.bind(2, task);
  if (!q.executeStep()) return std::nullopt;
  return TaskRowFrom(q);
}

std::optional<PlanPersonRow> SqliteTx::FindPlanPerson(const std::string& project, int version,
                                                      const std::string& person) {
  std::optional<int> key = FindKey(project, version);
  if (!key) return std::nullopt;
  SQLite::Statement& q = Stmt("SELECT person, name, roles, email, lang FROM plan_people "
                      "WHERE plan_version = ? AND person = ?");
  q.bind(1, *key);
  q.bind(2, person);
  if (!q.executeStep()) return std::nullopt;
  return PersonRowFrom(q);
}

std::vector<PlanPersonRow> SqliteTx::PlanPeople(const std::string& project, int version) {
  std::vector<PlanPersonRow> out;
  std::optional<int> key = FindKey(project, version);
  if (!key) return out;
  SQLite::Statement& q = Stmt("SELECT person, name, roles, email, lang FROM plan_people WHERE plan_version = ? "
      "ORDER BY seq, person");
  q.bind(1, *key);
  while (q.executeStep()) out.push_back(PersonRowFrom(q));
  return out;
}

std::vector<TaskRef> SqliteTx::Predecessors(const std::string& project, int version,
                                            const std::string& task) {
  std::vector<TaskRef> out;
  std::optional<int> key = FindKey(project, version);
  if (!key) return out;
  SQLite::Statement& q = Stmt("SELECT l.pred, t.kind FROM plan_links l JOIN plan_tasks t "
                      "ON t.plan_version = l.plan_version AND t.task = l.pred "
                      "WHERE l.plan_version = ? AND l.succ = ? ORDER BY t.seq");
  q.bind(1, *key);
  q.bind(2, task);
  while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString()});
  return out;
}

std::vector<std::string> SqliteTx::UpstreamGates(const std::string& project, int version,
                                                 const std::string& task) {
  std::vector<std::string> out;
  std::optional<int> key = FindKey(project, version);
  if (!key) return out;
  SQLite::Statement& q = Stmt("SELECT u.gate FROM plan_upstream_gates u JOIN plan_tasks t "
                      "ON t.plan_version = u.plan_version AND t.task = u.gate "
                      "WHERE u.plan_version = ? AND u.task = ? ORDER BY t.seq");
  q.bind(1, *key);
  q.bind(2, task);
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

void SqliteTx::MarkLevelled(const std::string& project, int version) {
  SQLite::Statement& q = Stmt("INSERT OR IGNORE INTO levelled_versions (plan_version) VALUES (?)");
  q.bind(1, KeyOrThrow(project, version));
  q.exec();
}

bool SqliteTx::IsLevelled(const std::string& project, int version) {
  std::optional<int> key = FindKey(project, version);
  if (!key) return false;
  SQLite::Statement& q = Stmt("SELECT 1 FROM levelled_versions WHERE plan_version = ?");
  q.bind(1, *key);
  return q.executeStep();
}

int SqliteTx::InsertBaseline(const std::string& project, const Baseline& b) {
  SQLite::Statement& q = Stmt("INSERT INTO baselines (plan_version, taken_at, taken_by, finish, duration) "
                      "VALUES (?, ?, ?, ?, ?)");
  q.bind(1, KeyOrThrow(project, b.plan_version));
  q.bind(2, static_cast<int64_t>(b.taken_at));
  q.bind(3, b.taken_by);
  q.bind(4, b.finish);
  q.bind(5, b.duration);
  q.exec();
  int id = static_cast<int>(db_.getLastInsertRowid());
  SQLite::Statement& t = Stmt("INSERT INTO baseline_tasks (baseline, task, es, ef, start, finish, "
                      "assigned) VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const auto& [task, x] : b.tasks) {
    t.bind(1, id);
    t.bind(2, task);
    t.bind(3, x.es);
    t.bind(4, x.ef);
    t.bind(5, x.start);
    t.bind(6, x.finish);
    if (x.assigned) {
      t.bind(7, ToJsonList(*x.assigned));
    } else {
      t.bind(7);
    }
    t.exec();
    t.reset();
  }
  return id;
}

std::optional<Baseline> SqliteTx::CurrentBaseline(const std::string& project) {
  SQLite::Statement& q = Stmt("SELECT b.id, v.project_version, b.taken_at, b.taken_by, b.finish, "
                      "b.duration FROM plan_versions v JOIN baselines b "
                      "ON b.plan_version = v.version WHERE v.plan_id = ? "
                      "ORDER BY b.id DESC LIMIT 1");
  q.bind(1, project);
  if (!q.executeStep()) return std::nullopt;
  Baseline b;
  b.id = q.getColumn(0).getInt();
  b.plan_version = q.getColumn(1).getInt();
  b.taken_at = q.getColumn(2).getInt64();
  b.taken_by = q.getColumn(3).getString();
  b.finish = q.getColumn(4).getString();
  b.duration = q.getColumn(5).getInt();
  SQLite::Statement& t = Stmt("SELECT task, es, ef, start, finish, assigned FROM baseline_tasks "
                      "WHERE baseline = ?");
  t.bind(1, b.id);
  while (t.executeStep()) {
    BaselineTask x;
    x.es = t.getColumn(1).getInt();
    x.ef = t.getColumn(2).getInt();
    x.start = t.getColumn(3).getString();
    x.finish = t.getColumn(4).getString();
    if (!t.getColumn(5).isNull()) x.assigned = FromJsonList(t.getColumn(5).getString());
    b.tasks.emplace(t.getColumn(0).getString(), std::move(x));
  }
  return b;
}

}  // namespace rollout::sqlite
