// The database schema as a list of migrations: migration i takes a database
// from version i to version i + 1 (PRAGMA user_version). A new database runs
// them all; an older one runs the ones it lacks, in one transaction.
#pragma once

#include <vector>

namespace rollout::sqlite {

struct Migration {
  int to_version = 0;
  const char* sql = "";  // one or more statements
  const char* what = "";
};

/// Every migration, in order; the last one's to_version is Database::kSchemaVersion.
const std::vector<Migration>& Migrations();

}  // namespace rollout::sqlite
