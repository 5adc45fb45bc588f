// Where a test's database lives, on either backend: the parameter of every
// storage, app and CLI test that touches a database (docs/database.md
// "Tests on both backends").
//
// SQLite: a file in a fresh temporary folder. PostgreSQL: a fresh database
// `rollout_t_<random>` created on the cluster that $ROLLOUT_TEST_PG names
// (tools/dev test starts one; by hand: tools/dev pg-start) and dropped,
// with whatever connections are left, at the end. When ROLLOUT_TEST_PG is
// unset the PostgreSQL instances FAIL saying how to start a cluster: a
// skipped backend would hide its failures.
#pragma once

#include <string>

#include <gtest/gtest.h>

namespace rollout::testing {

enum class Backend { kSqlite, kPostgres };

/// Both backends, for INSTANTIATE_TEST_SUITE_P(..., AllBackends(), BackendName).
inline auto AllBackends() { return ::testing::Values(Backend::kSqlite, Backend::kPostgres); }

/// "Sqlite" or "Postgres": the suffix of each instance's name.
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

/// One empty database for one test.
class TestDatabase {
 public:
  /// SQLite: |file| inside a new temporary folder (its parents are not
  /// created: a creating open makes them). PostgreSQL: a new database.
  explicit TestDatabase(Backend backend, const std::string& file = "data/rollout.db");
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  /// What --db and OpenStore take: a path or a postgresql:// URI; "" when
  /// the database could not be made (the test has failed already).
  const std::string& location() const { return location_; }
  Backend backend() const { return backend_; }

 private:
  Backend backend_;
  std::string dir_;       // SQLite: the temporary folder
  std::string name_;      // PostgreSQL: the database made
  std::string location_;
};

/// Everything |location| holds, to compare before and after: a SQLite
/// file's bytes and its WAL's, or `pg_dump` of a PostgreSQL database (its
/// schema rollout). Non-empty for any database that exists.
std::string DatabaseContents(const std::string& location);

/// $ROLLOUT_TEST_PG with its database part replaced by |database|.
std::string PgUriOf(const std::string& base, const std::string& database);

/// $ROLLOUT_TEST_PG: the test cluster's administrative URI ("" when unset).
std::string AdminUri();

}  // namespace rollout::testing
