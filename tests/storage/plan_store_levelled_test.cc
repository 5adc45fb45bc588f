// Schema version 4 (levelled plans): a version-3 database gains the table of
// levelled plan versions and the people column of baseline tasks, keeping
// its baselines (which read back with no people); a levelled baseline's
// people round-trip.
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include "storage/sqlite/schema.h"
#include "tests/storage/store_testing.h"

namespace rollout {
namespace {

using sqlite::Database;
using sqlite::Migration;
using sqlite::Migrations;
using sqlite::SqliteStore;
using storage_testing::OpenOrDie;
using storage_testing::ReadOrDie;
using storage_testing::TempDir;
using storage_testing::WriteOrDie;

// A version-3 database with one plan version and a baseline, by hand.
void WriteVersion3(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  for (const Migration& m : Migrations())
    if (m.to_version <= 3) db.exec(m.sql);
  db.exec(
      "INSERT INTO plan_versions VALUES (1, 'p', 'yaml', 'plan: p', 'p.yaml', 'UTC', 0, 'lead');"
      "INSERT INTO baselines VALUES (1, 1, 0, 'lead', '2027-01-13', 3);"
      "INSERT INTO baseline_tasks VALUES (1, 'a', 0, 3, '2027-01-11', '2027-01-13');"
      "PRAGMA user_version = 3;");
}

TEST(PlanStoreLevelled, Version3UpgradesAndKeepsItsBaseline) {
  TempDir dir;
  const std::string path = dir.path() + "/v3.db";
  WriteVersion3(path);
  std::unique_ptr<SqliteStore> store = OpenOrDie(path, OpenMode::kExisting);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->database().opened_version(), 3);
  EXPECT_EQ(store->database().sql().execAndGet("PRAGMA user_version").getInt(),
            Database::kSchemaVersion);
  ReadOrDie(*store, [](StoreTx& tx) {
    std::optional<Baseline> b = tx.CurrentBaseline("p");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->plan_version, 1);
    EXPECT_EQ(b->finish, "2027-01-13");
    ASSERT_EQ(b->tasks.count("a"), 1u);
    EXPECT_EQ(b->tasks["a"].ef, 3);
    EXPECT_FALSE(b->tasks["a"].assigned.has_value());
    EXPECT_FALSE(tx.IsLevelled("p", 1));
  });
}


}  // namespace
}  // namespace rollout
