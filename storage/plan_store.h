// Plan versions and baselines in the database. Each `rollout load` stores
// the plan file verbatim as a new version, with the facts that progress
// commands check (tasks, people, links, upstream gates) and a baseline.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "engine/progress.h"

namespace rollout {

struct StoredPlan {
  int version = 0;
  std::string plan_id;
  std::string format;       // "yaml" or "json"
  std::string source;       // the file text
  std::string source_path;
  std::string timezone;
  Instant loaded_at = 0;
  std::string loaded_by;
};

/// One task or group of a stored plan, as progress commands need it.
struct PlanTaskRow {
  std::string task;
  std::string name;
  std::string kind;  // task, milestone, gate, group
  int duration = 0;
  std::vector<std::string> assigned;
};

struct PlanPersonRow {
  std::string person;
  std::string name;
  std::vector<std::string> roles;
};

/// Everything a new plan version stores besides its text.
struct PlanFacts {
  std::vector<PlanTaskRow> tasks;  // plan order
  std::vector<PlanPersonRow> people;
  std::vector<std::pair<std::string, std::string>> links;     // (succ, pred)
  std::vector<std::pair<std::string, std::string>> upstream;  // (task, gate)
};

struct BaselineTask {
  int es = 0, ef = 0;
  std::string start, finish;  // YYYY-MM-DD
  /// The people levelling chose (levelled baselines only; else nullopt).
  std::optional<std::vector<std::string>> assigned;
};

struct Baseline {
  int id = 0;
  int plan_version = 0;
  Instant taken_at = 0;
  std::string taken_by;
  std::string finish;
  int duration = 0;
  std::map<std::string, BaselineTask> tasks;
};

/// The latest plan version, or nullopt in an empty database. Without
/// |with_source| the plan text is left empty (the fast path of start/done).
std::optional<StoredPlan> CurrentPlan(SQLite::Database& db, bool with_source = true);

/// Stores |plan| (version ignored) and its facts; returns the new version.
int InsertPlanVersion(SQLite::Database& db, const StoredPlan& plan, const PlanFacts& facts);

/// Task ids of plan |version| (leaves and groups).
std::vector<std::string> PlanTaskIds(SQLite::Database& db, int version);

std::optional<PlanTaskRow> FindPlanTask(SQLite::Database& db, int version,
                                        const std::string& task);
std::optional<PlanPersonRow> FindPlanPerson(SQLite::Database& db, int version,
                                            const std::string& person);
std::vector<PlanPersonRow> PlanPeople(SQLite::Database& db, int version);

/// Stores a baseline of plan |b.plan_version|; returns its id.
int InsertBaseline(SQLite::Database& db, const Baseline& b);
/// The latest baseline, or nullopt.
std::optional<Baseline> CurrentBaseline(SQLite::Database& db);

/// Records that plan |version| is levelled (load --level, `levelled: true`).
void MarkLevelled(SQLite::Database& db, int version);
/// Whether plan |version| is levelled.
bool IsLevelled(SQLite::Database& db, int version);

/// JSON list <-> vector of strings, for the list columns.
std::string ToJsonList(const std::vector<std::string>& items);
std::vector<std::string> FromJsonList(const std::string& json);

}  // namespace rollout
