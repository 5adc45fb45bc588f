// Plan versions and baselines on PostgreSQL (as storage/sqlite/sqlite_tx_plans.cc).
// The facts of a version are inserted with one statement per table over
// unnest() of arrays: a 1,000-task plan is four round trips, not 1,000.
#include "storage/json_columns.h"
#include "storage/postgres/pg_tx.h"
#include "po/messages.h"

namespace rollout::postgres {
namespace {

PlanTaskRow TaskRowFrom(const PgResult& r, int i) {
  PlanTaskRow t;
  t.task = r.Text(i, 0);
  t.name = r.Text(i, 1);
  t.kind = r.Text(i, 2);
  t.duration = r.Int(i, 3);
  t.assigned = FromJsonList(r.Text(i, 4));
  return t;
}

PlanPersonRow PersonRowFrom(const PgResult& r, int i) {
  PlanPersonRow p;
  p.person = r.Text(i, 0);
  p.name = r.Text(i, 1);
  p.roles = FromJsonList(r.Text(i, 2));
  p.email = r.Text(i, 3);
  p.lang = r.Text(i, 4);
  return p;
}

void InsertFacts(PgConnection& db, int64_t version, const PlanFacts& facts) {
  {
    std::vector<std::string> task, name, kind, assigned;
    std::vector<int64_t> seq, duration;
    for (const PlanTaskRow& t : facts.tasks) {
      task.push_back(t.task);
      seq.push_back(static_cast<int64_t>(seq.size()));
      name.push_back(t.name);
      kind.push_back(t.kind);
      duration.push_back(t.duration);
      assigned.push_back(ToJsonList(t.assigned));
    }
    db.Exec(
        "INSERT INTO plan_tasks (plan_version, task, seq, name, kind, duration, assigned) "
        "SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::int[], "
        "$7::text[])",
        {P(version), TextArray(task), IntArray(seq), TextArray(name), TextArray(kind),
         IntArray(duration), TextArray(assigned)});
  }
  {
    std::vector<std::string> person, name, roles, email, lang;
    std::vector<int64_t> seq;
    for (const PlanPersonRow& p : facts.people) {
      person.push_back(p.person);
      seq.push_back(static_cast<int64_t>(seq.size()));
      name.push_back(p.name);
      roles.push_back(ToJsonList(p.roles));
      email.push_back(p.email);
      lang.push_back(p.lang);
    }
    db.Exec(
        "INSERT INTO plan_people (plan_version, person, seq, name, roles, email, lang) "
        "SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], "
        "$7::text[])",
        {P(version), TextArray(person), IntArray(seq), TextArray(name), TextArray(roles),
         TextArray(email), TextArray(lang)});
  }
  auto pairs = [&](const char* sql, const std::vector<std::pair<std::string, std::string>>& rows) {
    std::vector<std::string> a, b;
    for (const auto& [x, y] : rows) {
      a.push_back(x);
      b.push_back(y);
    }
    db.Exec(sql, {P(version), TextArray(a), TextArray(b)});
  };
  pairs(
      "INSERT INTO plan_links (plan_version, succ, pred) "
      "SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING",
      facts.links);
  pairs(
      "INSERT INTO plan_upstream_gates (plan_version, task, gate) "
      "SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING",
      facts.upstream);
}

}  // namespace

std::optional<int64_t> PgTx::FindKey(const std::string& project, int version) {
  auto key = std::make_pair(project, version);
  if (auto it = cache_->keys.find(key); it != cache_->keys.end()) return it->second;
  PgResult r = db_.Exec("SELECT version FROM plan_versions WHERE plan_id = $1 AND project_version = $2",
                        {P(project), P(version)});
  if (r.rows() == 0) return std::nullopt;
  const int64_t global = r.Int64(0, 0);
  cache_->keys.insert_or_assign(std::move(key), global);
  return global;
}

int64_t PgTx::KeyOrThrow(const std::string& project, int version) {
  std::optional<int64_t> key = FindKey(project, version);
  if (!key) {
    throw StoreError(MakeError(ErrorCode::kFailure, Tr("the database {0} has no version {1} of project {2}", location_,
                                                           version, project)));
  }
  return *key;
}

std::vector<ProjectRow> PgTx::Projects() {
  PgResult r = db_.Exec(
      "SELECT DISTINCT ON (v.plan_id) v.plan_id, v.title, v.project_version, v.loaded_at, "
      "  v.loaded_by, (SELECT b.finish FROM plan_versions w JOIN baselines b "
      "     ON b.plan_version = w.version WHERE w.plan_id = v.plan_id "
      "     ORDER BY b.id DESC LIMIT 1) "
      "FROM plan_versions v ORDER BY v.plan_id, v.project_version DESC");
  std::vector<ProjectRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    ProjectRow p;
    p.id = r.Text(i, 0);
    p.title = r.Text(i, 1);
    p.version = r.Int(i, 2);
    p.loaded_at = r.Int64(i, 3);
    p.loaded_by = r.Text(i, 4);
    p.baseline_finish = r.OptText(i, 5);
    out.push_back(std::move(p));
  }
  return out;
}

std::optional<StoredPlan> PgTx::CurrentPlan(const std::string& project, bool with_source) {
  PgResult r = db_.Exec(std::string("SELECT version, project_version, plan_id, title, format, ") +
                            (with_source ? "source" : "''") +
                            ", source_path, timezone, loaded_at, loaded_by, start_on "
                            "FROM plan_versions WHERE plan_id = $1 "
                            "ORDER BY project_version DESC LIMIT 1",
                        {P(project)});
  if (r.rows() == 0) return std::nullopt;
  StoredPlan p;
  const int64_t global = r.Int64(0, 0);
  p.version = r.Int(0, 1);
  p.plan_id = r.Text(0, 2);
  p.title = r.Text(0, 3);
  p.format = r.Text(0, 4);
  p.source = r.Text(0, 5);
  p.source_path = r.Text(0, 6);
  p.timezone = r.Text(0, 7);
  p.loaded_at = r.Int64(0, 8);
  p.loaded_by = r.Text(0, 9);
  Date start = 0;
  if (ParseDate(r.Text(0, 10), &start)) p.start = start;
  cache_->keys.insert_or_assign(std::make_pair(project, p.version), global);
  return p;
}

int PgTx::InsertPlanVersion(const StoredPlan& plan, const PlanFacts& facts) {
  PgResult r = db_.Exec(
      "INSERT INTO plan_versions (plan_id, project_version, title, format, source, source_path, "
      "timezone, loaded_at, loaded_by, start_on) "
      "SELECT $1, COALESCE(MAX(project_version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 "
      "FROM plan_versions WHERE plan_id = $1 RETURNING version, project_version",
      {P(plan.plan_id), P(plan.title), P(plan.format), P(plan.source), P(plan.source_path),
       P(plan.timezone), P(static_cast<int64_t>(plan.loaded_at)), P(plan.loaded_by),
       P(plan.start ? FormatDate(*plan.start) : std::string())});
  const int64_t global = r.Int64(0, 0);
  const int version = r.Int(0, 1);
  InsertFacts(db_, global, facts);
  cache_->keys.insert_or_assign(std::make_pair(plan.plan_id, version), global);
  return version;
}

std::vector<std::string> PgTx::PlanTaskIds(const std::string& project, int version) {
  std::vector<std::string> out;
  std::optional<int64_t> key = FindKey(project, version);
  if (!key) return out;
  PgResult r = db_.Exec("SELECT task FROM plan_tasks WHERE plan_version = $1 ORDER BY seq",
                        {P(*key)});
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.Text(i, 0));
  return out;
}

std::optional<PlanTaskRow> PgTx::FindPlanTask(const std::string& project, int version,
                                              const std::string& task) {
  std::optional<int64_t> key = FindKey(project, version);
  if (!key) return std::nullopt;
  auto [it, fresh] = cache_->tasks.try_emplace({*key, task});
  if (!fresh) return it->second;
  PgResult r = db_.Exec(
      "SELECT task, name, kind, duration, assigned FROM plan_tasks "
      "WHERE plan_version = $1 AND task = $2",
      {P(*key), P(task)});
  if (r.rows() > 0) it->second = TaskRowFrom(r, 0);
  return it->second;
}

std::optional<PlanPersonRow> PgTx::FindPlanPerson(const std::string& project, int version,
                                                  const std::string& person) {
  std::optional<int64_t> key = FindKey(project, version);
  if (!key) return std::nullopt;
  auto [it, fresh] = cache_->people.try_emplace({*key, person});
  if (!fresh) return it->second;
  PgResult r = db_.Exec(
      "SELECT person, name, roles, email, lang FROM plan_people "
      "WHERE plan_version = $1 AND person = $2",
      {P(*key), P(person)});
  if (r.rows() > 0) it->second = PersonRowFrom(r, 0);
  return it->second;
}

std::vector<PlanPersonRow> PgTx::PlanPeople(const std::string& project, int version) {
  std::vector<PlanPersonRow> out;
  std::optional<int64_t> key = FindKey(project, version);
  if (!key) return out;
  PgResult r = db_.Exec(
      "SELECT person, name, roles, email, lang FROM plan_people WHERE plan_version = $1 "
      "ORDER BY seq, person",
      {P(*key)});
  for (int i = 0; i < r.rows(); ++i) out.push_back(PersonRowFrom(r, i));
  return out;
}

std::vector<TaskRef> PgTx::Predecessors(const std::string& project, int version,
                                        const std::string& task) {
  std::vector<TaskRef> out;
  std::optional<int64_t> key = FindKey(project, version);
  if (!key) return out;
  if (auto it = cache_->predecessors.find({*key, task}); it != cache_->predecessors.end())
    return it->second;
  PgResult r = db_.Exec(
      "SELECT l.pred, t.kind FROM plan_links l JOIN plan_tasks t "
      "ON t.plan_version = l.plan_version AND t.task = l.pred "
      "WHERE l.plan_version = $1 AND l.succ = $2 ORDER BY t.seq",
      {P(*key), P(task)});
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.Text(i, 0), r.Text(i, 1)});
  cache_->predecessors.emplace(std::make_pair(*key, task), out);
  return out;
}

std::vector<std::string> PgTx::UpstreamGates(const std::string& project, int version,
                                             const std::string& task) {
  std::vector<std::string> out;
  std::optional<int64_t> key = FindKey(project, version);
  if (!key) return out;
  if (auto it = cache_->gates.find({*key, task}); it != cache_->gates.end()) return it->second;
  PgResult r = db_.Exec(
      "SELECT u.gate FROM plan_upstream_gates u JOIN plan_tasks t "
      "ON t.plan_version = u.plan_version AND t.task = u.gate "
      "WHERE u.plan_version = $1 AND u.task = $2 ORDER BY t.seq",
      {P(*key), P(task)});
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.Text(i, 0));
  cache_->gates.emplace(std::make_pair(*key, task), out);
  return out;
}

void PgTx::MarkLevelled(const std::string& project, int version) {
  db_.Exec("INSERT INTO levelled_versions (plan_version) VALUES ($1) ON CONFLICT DO NOTHING",
           {P(KeyOrThrow(project, version))});
}

bool PgTx::IsLevelled(const std::string& project, int version) {
  std::optional<int64_t> key = FindKey(project, version);
  if (!key) return false;
  return db_.Exec("SELECT 1 FROM levelled_versions WHERE plan_version = $1", {P(*key)}).rows() > 0;
}

int PgTx::InsertBaseline(const std::string& project, const Baseline& b) {
  PgResult r = db_.Exec(
      "INSERT INTO baselines (plan_version, taken_at, taken_by, finish, duration) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {P(KeyOrThrow(project, b.plan_version)), P(static_cast<int64_t>(b.taken_at)),
       P(b.taken_by), P(b.finish), P(b.duration)});
  const int64_t id = r.Int64(0, 0);
  std::vector<std::string> task, start, finish;
  std::vector<std::optional<std::string>> assigned;
  std::vector<int64_t> es, ef;
  for (const auto& [t, x] : b.tasks) {
    task.push_back(t);
    es.push_back(x.es);
    ef.push_back(x.ef);
    start.push_back(x.start);
    finish.push_back(x.finish);
    assigned.push_back(x.assigned ? std::optional<std::string>(ToJsonList(*x.assigned))
                                  : std::nullopt);
  }
  db_.Exec(
      "INSERT INTO baseline_tasks (baseline, task, es, ef, start, finish, assigned) "
      "SELECT $1, * FROM unnest($2::text[], $3::int[], $4::int[], $5::text[], $6::text[], "
      "$7::text[])",
      {P(id), TextArray(task), IntArray(es), IntArray(ef), TextArray(start), TextArray(finish),
       TextArray(assigned)});
  return static_cast<int>(id);
}

std::optional<Baseline> PgTx::CurrentBaseline(const std::string& project) {
  PgResult r = db_.Exec(
      "SELECT b.id, v.project_version, b.taken_at, b.taken_by, b.finish, b.duration "
      "FROM plan_versions v JOIN baselines b ON b.plan_version = v.version "
      "WHERE v.plan_id = $1 ORDER BY b.id DESC LIMIT 1",
      {P(project)});
  if (r.rows() == 0) return std::nullopt;
  Baseline b;
  b.id = r.Int(0, 0);
  b.plan_version = r.Int(0, 1);
  b.taken_at = r.Int64(0, 2);
  b.taken_by = r.Text(0, 3);
  b.finish = r.Text(0, 4);
  b.duration = r.Int(0, 5);
  PgResult t = db_.Exec(
      "SELECT task, es, ef, start, finish, assigned FROM baseline_tasks WHERE baseline = $1",
      {P(static_cast<int64_t>(b.id))});
  for (int i = 0; i < t.rows(); ++i) {
    BaselineTask x;
    x.es = t.Int(i, 1);
    x.ef = t.Int(i, 2);
    x.start = t.Text(i, 3);
    x.finish = t.Text(i, 4);
    if (!t.IsNull(i, 5)) x.assigned = FromJsonList(t.Text(i, 5));
    b.tasks.emplace(t.Text(i, 0), std::move(x));
  }
  return b;
}

}  // namespace rollout::postgres
