// Schema version 4 (levelled plans): a version-3 database gains the table of
// levelled plan versions and the people column of baseline tasks, keeping
// its baselines (which read back with no people); a levelled baseline's
// people round-trip.
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include "storage/database.h"
#include "storage/plan_store.h"
#include "storage/schema.h"
#include "tests/testing/run_binary.h"

namespace rollout {
namespace {

using testing::ScopedTempDir;

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
  ScopedTempDir dir;
  const std::string path = dir.path() + "/v3.db";
  WriteVersion3(path);
  Result<std::unique_ptr<Database>> db = Database::Open(path);
  ASSERT_TRUE(db.ok()) << db.errors()[0].message;
  EXPECT_EQ(db.value()->opened_version(), 3);
  SQLite::Database& sql = db.value()->sql();
  EXPECT_EQ(sql.execAndGet("PRAGMA user_version").getInt(), 4);
  std::optional<Baseline> b = CurrentBaseline(sql);
  ASSERT_TRUE(b);
  ASSERT_EQ(b->tasks.count("a"), 1u);
  EXPECT_EQ(b->tasks["a"].ef, 3);
  EXPECT_FALSE(b->tasks["a"].assigned.has_value());
  EXPECT_FALSE(IsLevelled(sql, 1));
}

TEST(PlanStoreLevelled, LevelledVersionAndPeopleRoundTrip) {
  ScopedTempDir dir;
  Result<std::unique_ptr<Database>> db = Database::Open(dir.path() + "/new.db");
  ASSERT_TRUE(db.ok());
  SQLite::Database& sql = db.value()->sql();
  StoredPlan plan;
  plan.plan_id = "p";
  plan.format = "yaml";
  plan.source = "plan: p";
  plan.timezone = "UTC";
  const int version = InsertPlanVersion(sql, plan, PlanFacts{});
  EXPECT_FALSE(IsLevelled(sql, version));
  MarkLevelled(sql, version);
  MarkLevelled(sql, version);  // idempotent
  EXPECT_TRUE(IsLevelled(sql, version));
  Baseline b;
  b.plan_version = version;
  b.tasks["a"] = {0, 3, "2027-01-11", "2027-01-13", std::vector<std::string>{"анна", "bob"}};
  b.tasks["m"] = {3, 3, "2027-01-13", "2027-01-13", std::vector<std::string>{}};
  b.tasks["plain"] = {0, 1, "2027-01-11", "2027-01-11", std::nullopt};
  InsertBaseline(sql, b);
  std::optional<Baseline> back = CurrentBaseline(sql);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->tasks["a"].assigned, (std::vector<std::string>{"анна", "bob"}));
  ASSERT_TRUE(back->tasks["m"].assigned.has_value());
  EXPECT_TRUE(back->tasks["m"].assigned->empty());
  EXPECT_FALSE(back->tasks["plain"].assigned.has_value());
}

}  // namespace
}  // namespace rollout
