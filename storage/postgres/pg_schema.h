// The PostgreSQL schema as a list of migrations, in the database's own
// schema `rollout` (so that a database shared with other applications
// keeps its tables apart). Migration i takes the schema from version i - 1
// to i; the versions applied are rows of rollout.migrations. This
// numbering is the PostgreSQL backend's own: its version 1 holds what the
// SQLite schema holds at its version 8 (docs/database.md "PostgreSQL").
#pragma once

#include <vector>

namespace rollout::postgres {

struct PgMigration {
  int to_version = 0;
  const char* sql = "";  // one or more statements
  const char* what = "";
};

/// Every migration, in order; the last one's to_version is kPgSchemaVersion.
const std::vector<PgMigration>& PgMigrations();

/// The schema version this build writes.
constexpr int kPgSchemaVersion = 3;

}  // namespace rollout::postgres
