#include "storage/sqlite/schema.h"

namespace rollout::sqlite {
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
-- storage/sqlite/sqlite_tx_alerts.cc.
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

// Version 5: many projects in one database (cli.md "Many projects in one
// database"). A project is keyed by its plan id; plan_versions.version stays
// the global key that every plan_version column refers to, and
// project_version counts each project's loads from 1 (the version the Store
// API speaks of). Every per-project table gets a project column. Tables
// whose primary key or UNIQUE constraint changes are rebuilt (SQLite cannot
// alter a constraint): create the new table, copy, drop, rename, index.
// Database::Migrate turns foreign keys off around this, since alert_acks
// and outbox reference alerts.
//
// An older file held one project: a load with another plan id replaced it.
// So every row belongs to the project of the latest plan version, and each
// plan id's versions are numbered 1, 2, 3 in load order (a one-project file
// keeps its numbers). Alert ids stay as they are.
constexpr const char* kVersion5 = R"sql(
ALTER TABLE plan_versions ADD COLUMN project_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan_versions ADD COLUMN title TEXT NOT NULL DEFAULT '';  -- '' for loads before v5
UPDATE plan_versions SET project_version =
  (SELECT count(*) FROM plan_versions p
    WHERE p.plan_id = plan_versions.plan_id AND p.version <= plan_versions.version);
-- The head of a project's versions without the plan text (see version 3):
-- the current plan of a project is the first entry for its plan id, read
-- backwards, and title and project_version sit after the text in the row.
DROP INDEX plan_versions_head;
CREATE UNIQUE INDEX plan_versions_head ON plan_versions
  (plan_id, project_version, version, title, format, source_path, timezone, loaded_at, loaded_by);

-- People in plan order: plan_people is WITHOUT ROWID, so it had no order of
-- its own (people of older versions keep the order of their ids).
ALTER TABLE plan_people ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;

-- Baselines are scoped by their (global) plan version; this finds a
-- project's latest one without reading every baseline.
CREATE INDEX baselines_by_version ON baselines (plan_version, id);

CREATE TABLE progress_v5 (
  project     TEXT NOT NULL,      -- plan id
  task        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('started', 'done')),
  started_on  TEXT NOT NULL,      -- plan-local date
  started_at  INTEGER NOT NULL,
  finished_on TEXT,               -- plan-local date, when done
  finished_at INTEGER,
  updated_by  TEXT NOT NULL,
  PRIMARY KEY (project, task)
) WITHOUT ROWID;
INSERT INTO progress_v5
  SELECT COALESCE((SELECT plan_id FROM plan_versions ORDER BY version DESC LIMIT 1), ''),
         task, state, started_on, started_at, finished_on, finished_at, updated_by
  FROM progress;
DROP TABLE progress;
ALTER TABLE progress_v5 RENAME TO progress;

CREATE TABLE metrics_v5 (
  project TEXT NOT NULL,
  metric  TEXT NOT NULL,
  value   REAL NOT NULL,
  set_by  TEXT NOT NULL,
  set_at  INTEGER NOT NULL,
  PRIMARY KEY (project, metric)
) WITHOUT ROWID;
INSERT INTO metrics_v5
  SELECT COALESCE((SELECT plan_id FROM plan_versions ORDER BY version DESC LIMIT 1), ''),
         metric, value, set_by, set_at
  FROM metrics;
DROP TABLE metrics;
ALTER TABLE metrics_v5 RENAME TO metrics;

ALTER TABLE gate_decisions ADD COLUMN project TEXT NOT NULL DEFAULT '';
UPDATE gate_decisions SET project =
  COALESCE((SELECT plan_id FROM plan_versions ORDER BY version DESC LIMIT 1), '');
DROP INDEX gate_decisions_by_gate;
CREATE INDEX gate_decisions_by_gate ON gate_decisions (project, gate, id);

ALTER TABLE audit_log ADD COLUMN project TEXT NOT NULL DEFAULT '';
UPDATE audit_log SET project =
  COALESCE((SELECT plan_id FROM plan_versions ORDER BY version DESC LIMIT 1), '');
DROP INDEX audit_log_by_task;
CREATE INDEX audit_log_by_task ON audit_log (project, task, id);
CREATE INDEX audit_log_by_project ON audit_log (project, id);

-- Alerts: each (project, kind, task, about) exactly once. |args| is the
-- JSON object of Alert::args, rendered into a message when shown; |message|
-- holds the text of alerts stored before v5 and is '' for newer ones.
CREATE TABLE alerts_v5 (
  id           INTEGER PRIMARY KEY,
  project      TEXT NOT NULL,
  plan_version INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  task         TEXT NOT NULL DEFAULT '',
  about        TEXT NOT NULL,     -- the instant or date the alert is about
  recipients   TEXT NOT NULL,     -- JSON list of person ids
  created_at   TEXT NOT NULL,     -- ISO 8601 with offset
  args         TEXT NOT NULL DEFAULT '{}',
  message      TEXT NOT NULL DEFAULT '',
  UNIQUE (project, kind, task, about)
);
INSERT INTO alerts_v5 (id, project, plan_version, kind, task, about, recipients, created_at,
                       args, message)
  SELECT id, COALESCE((SELECT plan_id FROM plan_versions ORDER BY version DESC LIMIT 1), ''),
         plan_version, kind, task, about, recipients, created_at, '{}', message
  FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_v5 RENAME TO alerts;
)sql";

// Version 6: the truth mid-project (issue #12). A started task's remaining
// work (`rollout progress TASK --remaining D | --percent P`): |remaining| in
// working days as of |remaining_at|, |percent| when it was given as a
// percentage (NULL: never recorded, or cleared by start/done/reopen). The
// project start date of each version (`start_on`, '' for versions loaded
// before v6), so that progress before the project start is refused without
// reading the plan text; it joins the head index, which covers the query.
constexpr const char* kVersion6 = R"sql(
ALTER TABLE progress ADD COLUMN remaining INTEGER;
ALTER TABLE progress ADD COLUMN percent REAL;
ALTER TABLE progress ADD COLUMN remaining_at INTEGER;
ALTER TABLE plan_versions ADD COLUMN start_on TEXT NOT NULL DEFAULT '';
DROP INDEX plan_versions_head;
CREATE UNIQUE INDEX plan_versions_head ON plan_versions
  (plan_id, project_version, version, title, format, source_path, timezone, loaded_at, loaded_by,
   start_on);
)sql";

// Version 7: access tokens of the team server (issue #13, docs/server.md).
// A token belongs to the database and names a person id; every request is
// checked against the people of the project it is about. Only the SHA-256
// of the secret is kept (hex), never the secret. expires_at and revoked_at
// are unix seconds or NULL.
constexpr const char* kVersion7 = R"sql(
CREATE TABLE tokens (
  id         INTEGER PRIMARY KEY,
  hash       TEXT NOT NULL UNIQUE,  -- hex SHA-256 of the secret
  person     TEXT NOT NULL,
  name       TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX tokens_by_person ON tokens (person, id);
)sql";

// Version 8. A person's e-mail address and language (plan keys `email`,
// `lang`): the e-mail sink reads the address of each recipient from the
// plan version an alert was raised on. '' for none and for older versions.
constexpr const char* kVersion8 = R"sql(
ALTER TABLE plan_people ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_people ADD COLUMN lang TEXT NOT NULL DEFAULT '';
)sql";

// Version 9: several engines on one database (issue #14, docs/database.md
// "Several processes"). An outbox row is claimed by one engine until its
// lease runs out (claimed_by; claimed_until in unix milliseconds), so two
// engines never deliver it at once and a dead engine's rows come back.
constexpr const char* kVersion9 = R"sql(
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 10: fencing tokens (docs/database.md "Fencing"), as PostgreSQL
// schema 3: a delivery is marked, failed, renewed or given back only under
// the token of its claim.
constexpr const char* kVersion10 = R"sql(
ALTER TABLE outbox ADD COLUMN fence INTEGER NOT NULL DEFAULT 0;
)sql";

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, kVersion1, "plans, progress, audit trail, gates, alerts"},
      {2, kVersion2, "audit_log.plan_version and an index by task"},
      {3, kVersion3, "a covering index for the plan head, without the plan text"},
      {4, kVersion4, "levelled plan versions and the people of a levelled baseline"},
      {5, kVersion5, "many projects: a project column, per-project versions, alert arguments"},
      {6, kVersion6, "remaining work of started tasks, the project start of each version"},
      {7, kVersion7, "access tokens of the team server (hashes only)"},
      {8, kVersion8, "a person's e-mail address and language"},
      {9, kVersion9, "outbox claims with a lease, for several engines"},
      {10, kVersion10, "a fencing token on every outbox claim"},
  };
  return kMigrations;
}

}  // namespace rollout::sqlite
