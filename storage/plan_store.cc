#include "storage/plan_store.h"

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

namespace rollout {
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
      db, "INSERT INTO plan_people (plan_version, person, name, roles) VALUES (?, ?, ?, ?)");
  for (const PlanPersonRow& p : facts.people) {
    person.bind(1, version);
    person.bind(2, p.person);
    person.bind(3, p.name);
    person.bind(4, ToJsonList(p.roles));
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

std::string ToJsonList(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> FromJsonList(const std::string& json) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& item : j)
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

std::optional<StoredPlan> CurrentPlan(SQLite::Database& db, bool with_source) {
  SQLite::Statement q(db, std::string("SELECT version, plan_id, format, ") +
                              (with_source ? "source" : "''") +
                              ", source_path, timezone, loaded_at, loaded_by FROM plan_versions "
                              "ORDER BY version DESC LIMIT 1");
  if (!q.executeStep()) return std::nullopt;
  StoredPlan p;
  p.version = q.getColumn(0).getInt();
  p.plan_id = q.getColumn(1).getString();
  p.format = q.getColumn(2).getString();
  p.source = q.getColumn(3).getString();
  p.source_path = q.getColumn(4).getString();
  p.timezone = q.getColumn(5).getString();
  p.loaded_at = q.getColumn(6).getInt64();
  p.loaded_by = q.getColumn(7).getString();
  return p;
}

int InsertPlanVersion(SQLite::Database& db, const StoredPlan& plan, const PlanFacts& facts) {
  SQLite::Statement q(db,
                      "INSERT INTO plan_versions (plan_id, format, source, source_path, timezone, "
                      "loaded_at, loaded_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, plan.plan_id);
  q.bind(2, plan.format);
  q.bind(3, plan.source);
  q.bind(4, plan.source_path);
  q.bind(5, plan.timezone);
  q.bind(6, static_cast<int64_t>(plan.loaded_at));
  q.bind(7, plan.loaded_by);
  q.exec();
  int version = static_cast<int>(db.getLastInsertRowid());
  InsertFacts(db, version, facts);
  return version;
}

std::vector<std::string> PlanTaskIds(SQLite::Database& db, int version) {
  SQLite::Statement q(db, "SELECT task FROM plan_tasks WHERE plan_version = ? ORDER BY seq");
  q.bind(1, version);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

std::optional<PlanTaskRow> FindPlanTask(SQLite::Database& db, int version,
                                        const std::string& task) {
  SQLite::Statement q(db,
                      "SELECT task, name, kind, duration, assigned FROM plan_tasks "
                      "WHERE plan_version = ? AND task = ?");
  q.bind(1, version);
  q.bind(2, task);
  if (!q.executeStep()) return std::nullopt;
  return TaskRowFrom(q);
}

std::optional<PlanPersonRow> FindPlanPerson(SQLite::Database& db, int version,
                                            const std::string& person) {
  SQLite::Statement q(db,
                      "SELECT person, name, roles FROM plan_people "
                      "WHERE plan_version = ? AND person = ?");
  q.bind(1, version);
  q.bind(2, person);
  if (!q.executeStep()) return std::nullopt;
  return PersonRowFrom(q);
}

std::vector<PlanPersonRow> PlanPeople(SQLite::Database& db, int version) {
  SQLite::Statement q(db,
                      "SELECT person, name, roles FROM plan_people WHERE plan_version = ? "
                      "ORDER BY rowid");
  q.bind(1, version);
  std::vector<PlanPersonRow> out;
  while (q.executeStep()) out.push_back(PersonRowFrom(q));
  return out;
}

int InsertBaseline(SQLite::Database& db, const Baseline& b) {
  SQLite::Statement q(db,
                      "INSERT INTO baselines (plan_version, taken_at, taken_by, finish, duration) "
                      "VALUES (?, ?, ?, ?, ?)");
  q.bind(1, b.plan_version);
  q.bind(2, static_cast<int64_t>(b.taken_at));
  q.bind(3, b.taken_by);
  q.bind(4, b.finish);
  q.bind(5, b.duration);
  q.exec();
  int id = static_cast<int>(db.getLastInsertRowid());
  SQLite::Statement t(db,
                      "INSERT INTO baseline_tasks (baseline, task, es, ef, start, finish, "
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

void MarkLevelled(SQLite::Database& db, int version) {
  SQLite::Statement q(db, "INSERT OR IGNORE INTO levelled_versions (plan_version) VALUES (?)");
  q.bind(1, version);
  q.exec();
}

bool IsLevelled(SQLite::Database& db, int version) {
  SQLite::Statement q(db, "SELECT 1 FROM levelled_versions WHERE plan_version = ?");
  q.bind(1, version);
  return q.executeStep();
}

std::optional<Baseline> CurrentBaseline(SQLite::Database& db) {
  SQLite::Statement q(db,
                      "SELECT id, plan_version, taken_at, taken_by, finish, duration "
                      "FROM baselines ORDER BY id DESC LIMIT 1");
  if (!q.executeStep()) return std::nullopt;
  Baseline b;
  b.id = q.getColumn(0).getInt();
  b.plan_version = q.getColumn(1).getInt();
  b.taken_at = q.getColumn(2).getInt64();
  b.taken_by = q.getColumn(3).getString();
  b.finish = q.getColumn(4).getString();
  b.duration = q.getColumn(5).getInt();
  SQLite::Statement t(db,
                      "SELECT task, es, ef, start, finish, assigned FROM baseline_tasks "
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

}  // namespace rollout
