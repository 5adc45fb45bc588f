// `rollout db copy FROM TO` through the binary, both ways (SQLite ->
// PostgreSQL -> SQLite): every table arrives row for row, the commands show
// the same on each copy, a non-empty target is refused untouched unless
// --force, and ids continue after the copy.
#include <gtest/gtest.h>

#include "storage/copy_tables.h"
#include "storage/store.h"
#include "tests/cli/db_fixture.h"
#include "tests/testing/test_db.h"

namespace rollout {
namespace {

using testing::Backend;
using testing::DbFixture;
using testing::RunResult;
using testing::TestDatabase;

// Every row of every table of |location|, by table.
std::map<std::string, std::vector<CopyRow>> AllRows(const std::string& location) {
  std::map<std::string, std::vector<CopyRow>> out;
  Result<std::unique_ptr<Store>> store = OpenStore(location, OpenMode::kReadOnly);
  EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.errors()[0].message);
  if (!store.ok()) return out;
  Status st = store.value()->Read([&](StoreTx& tx) {
    for (const CopyTable& t : CopyTables()) out[t.name] = tx.ReadTableRows(t);
  });
  EXPECT_TRUE(st.ok());
  return out;
}

// What the commands show of a database (at the fixture's now).
std::string Views(const DbFixture& f, const std::string& db) {
  std::string all;
  for (std::vector<std::string> args :
       {std::vector<std::string>{"tasks", "--json"}, {"log", "--json"}, {"status", "--json"},
        {"alerts", "--all", "--json"}, {"projects", "--json"}, {"token", "list"}}) {
    args.insert(args.begin(), {"--db", db, "--now", f.now, "--as", "boss"});
    RunResult r = testing::Rollout(args);
    EXPECT_EQ(r.exit_code, 0) << args[6] << ": " << r.err;
    all += r.out;
  }
  return all;
}

// A SQLite database with something in every table.
void Fill(DbFixture& f) {
  f.OkAt("2027-01-12T10:00", "petrova", {"start", "a"});
  f.OkAt("2027-01-14T10:00", "petrova", {"done", "a", "--note", "отчёт; \"сдан\"\tok"});
  f.OkAt("2027-01-14T11:00", "sidorov", {"start", "b"});
  f.OkAt("2027-01-14T12:00", "sidorov", {"progress", "b", "--percent", "37.5"});
  f.OkAt("2027-01-14T13:00", "boss", {"metric", "set", "checked", "0.1"});
  f.OkAt("2027-01-14T13:30", "boss", {"gate", "reject", "g", "--note", "рано"});
  f.OkAt("2027-01-14T14:00", "boss", {"baseline"});
  f.OkAt("2027-02-20T10:00", "boss", {"engine", "--once"});
  RunResult alerts = f.As("boss", {"alerts", "--all", "--json"});
  ASSERT_EQ(alerts.exit_code, 0) << alerts.err;
  const nlohmann::json list = nlohmann::json::parse(alerts.out);
  ASSERT_FALSE(list.empty());
  f.OkAt("2027-02-20T11:00", "boss", {"ack", std::to_string(list[0]["id"].get<int>())});
  f.OkAt("2027-02-20T12:00", "boss", {"token", "issue", "petrova", "--name", "ноутбук"});
}

TEST(DbCopy, BothWaysEveryRowAndTheSameViews) {
  DbFixture f(Backend::kSqlite);
  Fill(f);
  TestDatabase pg(Backend::kPostgres);
  TestDatabase back(Backend::kSqlite, "back.db");
  ASSERT_FALSE(pg.location().empty());

  RunResult there = testing::Rollout({"db", "copy", f.db(), pg.location()});
  ASSERT_EQ(there.exit_code, 0) << there.err;
  EXPECT_NE(there.out.find(" progress records, "), std::string::npos) << there.out;
  RunResult home = testing::Rollout({"db", "copy", pg.location(), back.location()});
  ASSERT_EQ(home.exit_code, 0) << home.err;

  const auto original = AllRows(f.db());
  for (const CopyTable& t : CopyTables())
    EXPECT_FALSE(original.at(t.name).empty() && std::string(t.name) != "levelled_versions")
        << t.name << " is empty: the test fills every table";
  EXPECT_EQ(AllRows(pg.location()), original);
  EXPECT_EQ(AllRows(back.location()), original);
  const std::string views = Views(f, f.db());
  EXPECT_EQ(Views(f, pg.location()), views);
  EXPECT_EQ(Views(f, back.location()), views);
}

TEST(DbCopy, ANonEmptyTargetIsRefusedUntouchedUnlessForced) {
  DbFixture f(Backend::kSqlite);
  f.OkAt("2027-01-12T10:00", "petrova", {"start", "a"});
  TestDatabase pg(Backend::kPostgres);
  ASSERT_EQ(testing::Rollout({"db", "copy", f.db(), pg.location()}).exit_code, 0);
  f.OkAt("2027-01-13T10:00", "petrova", {"done", "a"});  // the source moves on

  const std::string before = testing::DatabaseContents(pg.location());
  RunResult refused = testing::Rollout({"db", "copy", f.db(), pg.location()});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("is not empty"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_EQ(testing::DatabaseContents(pg.location()), before);

  RunResult forced = testing::Rollout({"db", "copy", f.db(), pg.location(), "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.out.find("replaced the "), std::string::npos) << forced.out;
  EXPECT_EQ(AllRows(pg.location()), AllRows(f.db()));

  // Either way round; and a database copied onto itself is a usage error.
  TestDatabase file(Backend::kSqlite, "other.db");
  ASSERT_EQ(testing::Rollout({"db", "copy", pg.location(), file.location()}).exit_code, 0);
  EXPECT_EQ(testing::Rollout({"db", "copy", pg.location(), file.location()}).exit_code, 3);
  EXPECT_EQ(testing::Rollout({"db", "copy", f.db(), f.db()}).exit_code, 2);
  // A source that does not exist: nothing is created for the target.
  TestDatabase empty(Backend::kPostgres);
  RunResult missing = testing::Rollout({"db", "copy", empty.location(), file.location() + "x"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
}

TEST(DbCopy, IdsContinueAfterTheCopy) {
  DbFixture f(Backend::kSqlite);
  f.OkAt("2027-01-12T10:00", "petrova", {"start", "a"});
  f.OkAt("2027-02-20T10:00", "boss", {"engine", "--once"});
  TestDatabase pg(Backend::kPostgres);
  ASSERT_EQ(testing::Rollout({"db", "copy", f.db(), pg.location()}).exit_code, 0);
  const size_t entries = f.Log().size();
  // A new version, a log entry, a baseline and new alerts on the copy.
  RunResult load = testing::Rollout({"--db", pg.location(), "--now", "2027-02-21T10:00", "--as",
                                     "boss", "load", f.WritePlan("p2.yaml", testing::kDbTestPlan)});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  RunResult engine = testing::Rollout(
      {"--db", pg.location(), "--now", "2027-03-20T10:00", "engine", "--once"});
  ASSERT_EQ(engine.exit_code, 0) << engine.err;
  RunResult log = testing::Rollout({"--db", pg.location(), "--as", "boss", "log", "--json"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  EXPECT_EQ(nlohmann::json::parse(log.out).size(), entries + 1);
  const auto rows = AllRows(pg.location());
  EXPECT_EQ(rows.at("plan_versions").size(), 2u);
  EXPECT_EQ(rows.at("baselines").size(), 2u);
}

}  // namespace
}  // namespace rollout
