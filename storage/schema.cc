#include "storage/schema.h"

namespace rollout {
namespace {

// Version 1. Times are unix seconds (INTEGER) unless the column says
// otherwise; plan-local dates are TEXT YYYY-MM-DD.
constexpr const char* kVersion1 = R"sql(
-- Plans: every `rollout load` stores the file verbatim as a new version.
CREATE TABLE plan_versions (
  version     INTEGER PRIMARY KEY,
  plan_id     TEXT NOT NULL,
  format      TEXT NOT NULL CHECK (format IN ('yaml', 'json')),
  source      TEXT NOT NULL,      -- the plan file text, byte for byte
  source_path TEXT NOT NULL,      -- where it was loaded from (for error messages)
  timezone    TEXT NOT NULL,
  loaded_at   INTEGER NOT NULL,
  loaded_by   TEXT NOT NULL
);

-- Derived from the current plan version at load, so that start/done need
-- no plan parsing: leaf tasks, people, network links, and for every task the
-- gates upstream of it (transitive predecessors in the network).
CREATE TABLE plan_tasks (
  plan_version INTEGER NOT NULL,
  task         TEXT NOT NULL,
  seq          INTEGER NOT NULL,  -- position in plan order
  name         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('task', 'milestone', 'gate', 'group')),
  duration     INTEGER NOT NULL,
  assigned     TEXT NOT NULL,     -- JSON list of person ids (assignee, else holders of `needs` roles)
  PRIMARY KEY (plan_version, task)
) WITHOUT ROWID;

CREATE TABLE plan_people (
  plan_version INTEGER NOT NULL,
  person       TEXT NOT NULL,
  name         TEXT NOT NULL,
  roles        TEXT NOT NULL,     -- JSON list of role ids
  PRIMARY KEY (plan_version, person)
) WITHOUT ROWID;

CREATE TABLE plan_links (           -- leaf network edges, groups expanded
  plan_version INTEGER NOT NULL,
  succ         TEXT NOT NULL,
  pred         TEXT NOT NULL,
  PRIMARY KEY (plan_version, succ, pred)
) WITHOUT ROWID;

CREATE TABLE plan_upstream_gates (
  plan_version INTEGER NOT NULL,
  task         TEXT NOT NULL,
  gate         TEXT NOT NULL,
  PRIMARY KEY (plan_version, task, gate)
) WITHOUT ROWID;

-- Baselines: the schedule at load (and at every `rollout baseline`).
CREATE TABLE baselines (
  id           INTEGER PRIMARY KEY,
  plan_version INTEGER NOT NULL REFERENCES plan_versions (version),
  taken_at     INTEGER NOT NULL,
  taken_by     TEXT NOT NULL,
  finish       TEXT NOT NULL,     -- project finish date
  duration     INTEGER NOT NULL   -- F, working days
);

CREATE TABLE baseline_tasks (
  baseline INTEGER NOT NULL REFERENCES baselines (id),
  task     TEXT NOT NULL,
  es       INTEGER NOT NULL,
  ef       INTEGER NOT NULL,
  start    TEXT NOT NULL,
  finish   TEXT NOT NULL,
  PRIMARY KEY (baseline, task)
) WITHOUT ROWID;

-- Progress: one row per task that is started or done (absent = planned).
-- Kept across plan versions for ids that remain.
CREATE TABLE progress (
  task        TEXT PRIMARY KEY,
  state       TEXT NOT NULL CHECK (state IN ('started', 'done')),
  started_on  TEXT NOT NULL,      -- plan-local date
  started_at  INTEGER NOT NULL,
  finished_on TEXT,               -- plan-local date, when done
  finished_at INTEGER,
  updated_by  TEXT NOT NULL
) WITHOUT ROWID;

-- KPI values used by gate criteria (`rollout metric set`); history is in audit_log.
CREATE TABLE metrics (
  metric TEXT PRIMARY KEY,
  value  REAL NOT NULL,
  set_by TEXT NOT NULL,
  set_at INTEGER NOT NULL
) WITHOUT ROWID;

-- The audit trail: one row per recorded action, never updated.
CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,       -- unix seconds
  at_text TEXT NOT NULL,          -- ISO 8601 with the plan's UTC offset at that instant
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,          -- load, baseline, start, done, reopen, approve, reject, metric, ack
  task    TEXT,                   -- or NULL
  note    TEXT NOT NULL DEFAULT ''
);

-- ---------------------------------------------------------------------
-- Tables of the async engine and the gate commands (issue #5). Created
-- here so that this file holds every migration; their queries live in
-- storage/alert_store.* (owned by the engine's authors).
-- ---------------------------------------------------------------------

-- Gate decisions, in order; the latest decision of a gate is its state
-- (approve = passed, reject = rejected).
CREATE TABLE gate_decisions (
  id       INTEGER PRIMARY KEY,
  gate     TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
  actor    TEXT NOT NULL,
  note     TEXT NOT NULL DEFAULT '',
  at       INTEGER NOT NULL,
  on_date  TEXT NOT NULL          -- plan-local date of the decision
);
CREATE INDEX gate_decisions_by_gate ON gate_decisions (gate, id);

-- Alerts raised by the engine: each (kind, task, about) exactly once.
-- task is '' (not NULL) for alerts about no task, e.g. slip.
CREATE TABLE alerts (
  id           INTEGER PRIMARY KEY,
  plan_version INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  task         TEXT NOT NULL DEFAULT '',
  about        TEXT NOT NULL,     -- the instant or date the alert is about
  recipients   TEXT NOT NULL,     -- JSON list of person ids
  created_at   TEXT NOT NULL,     -- ISO 8601 with offset
  message      TEXT NOT NULL,
  UNIQUE (kind, task, about)
);

-- Who has acknowledged which alert.
CREATE TABLE alert_acks (
  alert_id INTEGER NOT NULL REFERENCES alerts (id),
  person   TEXT NOT NULL,
  at       INTEGER NOT NULL,
  PRIMARY KEY (alert_id, person)
) WITHOUT ROWID;

-- Deliveries still to make (webhook, command), retried with back-off.
CREATE TABLE outbox (
  alert_id        INTEGER NOT NULL REFERENCES alerts (id),
  sink            TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  delivered_at    INTEGER,
  last_error      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (alert_id, sink)
) WITHOUT ROWID;

-- The engine's own bookkeeping (e.g. the last instant it evaluated).
CREATE TABLE engine_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Version 2: the audit trail records which plan version an action was taken
// against, and is searchable by task.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE audit_log ADD COLUMN plan_version INTEGER;
UPDATE audit_log SET plan_version = (SELECT MAX(version) FROM plan_versions);
CREATE INDEX audit_log_by_task ON audit_log (task, id);
)sql";

// Version 3: every command reads the current plan's head (version, zone,
// ...) but not its text. The text is stored before the zone in the row, so
// reading the zone walked the text's whole overflow chain (one page read per
// 4 KiB of plan, ~170 for 10,000 tasks). This covering index holds the head
// alone (docs/performance.md "rollout done vs Taskwarrior").
constexpr const char* kVersion3 = R"sql(
CREATE INDEX plan_versions_head
  ON plan_versions (version, plan_id, format, source_path, timezone, loaded_at, loaded_by);
)sql";

// Version 4: levelled plans (issue #6). A plan version loaded with --level
// or `levelled: true` is listed, and a levelled baseline keeps the people
// levelling chose for each task, so that the levelled forecast keeps them
// (docs/levelling.md "The levelled forecast").
constexpr const char* kVersion4 = R"sql(
CREATE TABLE levelled_versions (
  plan_version INTEGER PRIMARY KEY REFERENCES plan_versions (version)
);
ALTER TABLE baseline_tasks ADD COLUMN assigned TEXT;  -- JSON list of person ids; NULL if not levelled
)sql";

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, kVersion1, "plans, progress, audit trail, gates, alerts"},
      {2, kVersion2, "audit_log.plan_version and an index by task"},
      {3, kVersion3, "a covering index for the plan head, without the plan text"},
      {4, kVersion4, "levelled plan versions and the people of a levelled baseline"},
  };
  return kMigrations;
}

}  // namespace rollout
