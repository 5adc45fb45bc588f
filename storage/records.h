// The plain records a Store keeps: plan versions and their facts, baselines,
// the audit trail, alerts and their deliveries. No database type appears
// here: use cases, the engine runtime and every backend share these.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/progress.h"

namespace rollout {

/// One plan version of a project. |plan_id| is the project's key; |version|
/// counts that project's loads from 1.
struct StoredPlan {
  int version = 0;
  std::string plan_id;
  std::string title;
  std::string format;  // "yaml" or "json"
  std::string source;  // the file text (empty when read without it)
  std::string source_path;
  std::string timezone;
  Instant loaded_at = 0;
  std::string loaded_by;
  std::optional<Date> start;  // the plan's start date (none for versions stored before v6)
};

/// A project as `rollout projects` lists it.
struct ProjectRow {
  std::string id;     // the plan id
  std::string title;  // of the current version
  int version = 0;    // the current version
  Instant loaded_at = 0;
  std::string loaded_by;
  std::optional<std::string> baseline_finish;  // YYYY-MM-DD of the latest baseline
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
  std::string email;  // "" when the plan gives none (and for versions stored before schema 6)
  std::string lang;   // "", "en" or "ru"
};

/// Everything a new plan version stores besides its text.
struct PlanFacts {
  std::vector<PlanTaskRow> tasks;  // plan order
  std::vector<PlanPersonRow> people;
  std::vector<std::pair<std::string, std::string>> links;     // (succ, pred), leaf network edges
  std::vector<std::pair<std::string, std::string>> upstream;  // (task, gate), transitive
};

struct BaselineTask {
  int es = 0, ef = 0;
  std::string start, finish;  // YYYY-MM-DD
  /// The people levelling chose (levelled baselines only; else nullopt).
  std::optional<std::vector<std::string>> assigned;
};

struct Baseline {
  int id = 0;
  int plan_version = 0;  // the project's version it was taken on
  Instant taken_at = 0;
  std::string taken_by;
  std::string finish;
  int duration = 0;
  std::map<std::string, BaselineTask> tasks;
};

/// One line of the audit trail.
struct LogEntry {
  Instant at = 0;
  std::string at_text;  // ISO 8601 with the plan's offset at that instant
  std::string actor;
  std::string action;  // load, baseline, start, done, reopen, approve, reject, metric, ack, ...
  std::optional<std::string> task;
  std::string note;
  int plan_version = 0;  // the project's version the act was taken on
};

/// An alert as stored: its identity (project, kind, task, about), who it is
/// for and the arguments its message is rendered from when shown.
struct StoredAlert {
  int64_t id = 0;  // unique in the whole store (`rollout ack ID`)
  std::string project;
  int plan_version = 0;
  std::string kind;
  std::string task;  // empty for slip
  std::string about;
  std::vector<std::string> recipients;
  std::string created_at;  // ISO 8601 with offset
  std::map<std::string, std::string> args;
  std::string message;  // the text stored by schema versions before 5; else empty
  bool acked = false;   // by the person the list was read for
};

/// One delivery still to make.
struct OutboxItem {
  int64_t alert_id = 0;
  std::string sink;
  int attempts = 0;
  /// The fencing token of the claim (docs/database.md "Fencing"): grows on
  /// every claim of the row; 0 for a row nobody ever claimed.
  int64_t fence = 0;
};

/// A task's identity and kind, as links and gates refer to it.
struct TaskRef {
  std::string id;
  std::string kind;  // task, milestone, gate
};

/// An access token of the team server as stored: never the secret, only
/// its hash (docs/server.md "Tokens").
struct TokenRow {
  int64_t id = 0;
  std::string hash;  // hex SHA-256 of the secret
  std::string person;
  std::string name;
  Instant created_at = 0;
  std::string created_by;
  std::optional<Instant> expires_at;
  std::optional<Instant> revoked_at;
};

}  // namespace rollout
