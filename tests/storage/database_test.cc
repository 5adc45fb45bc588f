// The SQLite file under the Store: creation, WAL, upgrades in place,
// refusals, transactions and the WAL that starts over.
#include "storage/sqlite/database.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

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
using storage_testing::FirstMessage;
using storage_testing::OpenOrDie;
using storage_testing::ReadOrDie;
using storage_testing::TempDir;
using storage_testing::WriteOrDie;

TEST(Database, CreatesFolderSchemaAndWal) {
  TempDir dir;
  std::string path = dir.path() + "/a/b/rollout.db";
  std::unique_ptr<SqliteStore> store = OpenOrDie(path);
  ASSERT_TRUE(store);
  EXPECT_TRUE(std::filesystem::exists(path));
  SQLite::Database& sql = store->database().sql();
  EXPECT_EQ(store->database().opened_version(), 0);
  EXPECT_EQ(sql.execAndGet("PRAGMA user_version").getInt(), Database::kSchemaVersion);
  EXPECT_EQ(sql.execAndGet("PRAGMA journal_mode").getString(), "wal");
  for (const char* table : {"plan_versions", "progress", "audit_log", "gate_decisions", "alerts",
                            "alert_acks", "outbox", "engine_state", "baselines", "metrics"}) {
    SQLite::Statement q(sql, "SELECT count(*) FROM sqlite_master WHERE name = ?");
    q.bind(1, table);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getInt(), 1) << table;
  }
  // No table of the rebuild is left behind.
  EXPECT_EQ(sql.execAndGet("SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v5'").getInt(),
            0);
  EXPECT_EQ(sql.execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_EQ(store->location(), path);
}

TEST(Database, ReopensWithoutMigrating) {
  TempDir dir;
  std::string path = dir.path() + "/rollout.db";
  ASSERT_TRUE(OpenOrDie(path));
  std::unique_ptr<SqliteStore> again = OpenOrDie(path, OpenMode::kExisting);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->database().opened_version(), Database::kSchemaVersion);
}

// A version-1 database as the first release wrote it: migration 1 alone,
// then data, then user_version 1, by hand.
void WriteVersion1(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  ASSERT_EQ(Migrations()[0].to_version, 1);
  db.exec(Migrations()[0].sql);
  db.exec(
      "INSERT INTO plan_versions VALUES (1, 'p', 'yaml', 'plan: p', 'p.yaml', 'UTC', 0, 'lead');"
      "INSERT INTO plan_versions VALUES (2, 'p', 'yaml', 'plan: p', 'p.yaml', 'UTC', 5, 'lead');"
      "INSERT INTO audit_log (at, at_text, actor, action, task, note)"
      " VALUES (7, '1970-01-01T00:00:07Z', 'ivanov', 'done', 'a', 'ok; \"quoted\"');"
      "PRAGMA user_version = 1;");
  // Version 1 had no plan_version column in the audit trail.
  EXPECT_THROW(db.exec("SELECT plan_version FROM audit_log"), SQLite::Exception);
}

TEST(Database, UpgradesVersion1InPlace) {
  TempDir dir;
  std::string path = dir.path() + "/old.db";
  WriteVersion1(path);
  std::unique_ptr<SqliteStore> store = OpenOrDie(path, OpenMode::kExisting);
  ASSERT_TRUE(store);
  SQLite::Database& sql = store->database().sql();
  EXPECT_EQ(store->database().opened_version(), 1);
  EXPECT_EQ(sql.execAndGet("PRAGMA user_version").getInt(), Database::kSchemaVersion);
  SQLite::Statement q(sql, "SELECT actor, note, plan_version, project FROM audit_log");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "ivanov");
  EXPECT_EQ(q.getColumn(1).getString(), "ok; \"quoted\"");
  EXPECT_EQ(q.getColumn(2).getInt(), 2);  // the migration filled in the latest version
  EXPECT_EQ(q.getColumn(3).getString(), "p");
  EXPECT_EQ(sql.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = "
                           "'audit_log_by_task'")
                .getInt(),
            1);
  // And through the Store: the row is in project p, on its version 2.
  ReadOrDie(*store, [](StoreTx& tx) {
    std::vector<LogEntry> log = tx.ReadLog("p");
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].actor, "ivanov");
    EXPECT_EQ(log[0].note, "ok; \"quoted\"");
    EXPECT_EQ(log[0].task, "a");
    EXPECT_EQ(log[0].plan_version, 2);
    std::optional<StoredPlan> plan = tx.CurrentPlan("p", true);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->version, 2);
    EXPECT_EQ(plan->loaded_at, 5);
    EXPECT_EQ(plan->source, "plan: p");
    EXPECT_EQ(plan->title, "");
  });
}

TEST(Database, RefusesNewerSchema) {
  TempDir dir;
  std::string path = dir.path() + "/new.db";
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("PRAGMA user_version = " + std::to_string(Database::kSchemaVersion + 1));
  }
  for (OpenMode mode : {OpenMode::kCreate, OpenMode::kExisting}) {
    Result<std::unique_ptr<Store>> store = OpenStore(path, mode);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.code(), ErrorCode::kSchemaTooNew);
    EXPECT_EQ(store.errors()[0].message, "the database " + path + " has schema version " +
                                             std::to_string(Database::kSchemaVersion + 1) +
                                             ", newer than this rollout knows (" +
                                             std::to_string(Database::kSchemaVersion) + ")");
    // Hints name commands: the CLI adds them by code.
    EXPECT_EQ(store.errors()[0].hint, "");
  }
}

TEST(Database, OpenExistingFailsOnMissingFile) {
  TempDir dir;
  const std::string path = dir.path() + "/none.db";
  Result<std::unique_ptr<Store>> store = OpenStore(path, OpenMode::kExisting);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.code(), ErrorCode::kNoDatabase);
  EXPECT_NE(store.errors()[0].message.find("cannot open the database " + path + ": "),
            std::string::npos);
  EXPECT_EQ(store.errors()[0].hint, "");
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(Database, RollbackAndErrorsWriteNothing) {
  TempDir dir;
  std::unique_ptr<SqliteStore> store = OpenOrDie(dir.path() + "/r.db");
  ASSERT_TRUE(store);
  Database& db = store->database();
  auto insert = [](SQLite::Database& sql) {
    sql.exec("INSERT INTO engine_state VALUES ('k', 'v')");
  };
  ASSERT_TRUE(db.Write([&](SQLite::Database& sql) {
                  insert(sql);
                  return Database::Outcome::kRollback;
                }).ok());
  Status failed = db.Write([&](SQLite::Database& sql) {
    insert(sql);
    sql.exec("INSERT INTO no_such_table VALUES (1)");
    return Database::Outcome::kCommit;
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), ErrorCode::kFailure);
  EXPECT_NE(failed.errors()[0].message.find(db.path()), std::string::npos);
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM engine_state").getInt(), 0);
  ASSERT_TRUE(db.Write([&](SQLite::Database& sql) {
                  insert(sql);
                  return Database::Outcome::kCommit;
                }).ok());
  EXPECT_EQ(db.sql().execAndGet("SELECT count(*) FROM engine_state").getInt(), 1);
}


TEST(Database, WalStartsOverAcrossShortLivedConnections) {
  // Each command is a process that opens, writes once and closes without a
  // checkpoint. 300 of them must not leave a 300-commit WAL behind for the
  // next process to read: a commit that finds 64 frames or more empties it.
  TempDir dir;
  const std::string path = dir.path() + "/wal.db";
  ASSERT_TRUE(OpenOrDie(path));
  const std::string wal = path + "-wal";
  uintmax_t largest = 0;
  bool emptied = false;
  for (int i = 0; i < 300; ++i) {
    std::unique_ptr<SqliteStore> store = OpenOrDie(path, OpenMode::kExisting);
    ASSERT_TRUE(store);
    WriteOrDie(*store, [&](StoreTx& tx) {
      LogEntry e;
      e.at = i;
      e.at_text = "x";
      e.actor = "boss";
      e.action = "done";
      tx.AppendLog("p", e);
      // A second page: a fresh row in another table.
      tx.SetEngineState("k" + std::to_string(i % 50), std::string(200, 'v'));
    });
    const uintmax_t size = std::filesystem::file_size(wal);
    largest = std::max(largest, size);
    emptied = emptied || size == 0;
  }
  EXPECT_TRUE(emptied);
  // 64 frames of 4 KiB pages plus the commit that crossed the line.
  EXPECT_LE(largest, 80u * (4096 + 24) + 32) << largest;
  std::unique_ptr<SqliteStore> store = OpenOrDie(path, OpenMode::kExisting);
  ASSERT_TRUE(store);
  ReadOrDie(*store, [](StoreTx& tx) { EXPECT_EQ(tx.ReadLog("p").size(), 300u); });
  EXPECT_EQ(store->database().sql().execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST(Database, WriteWaitsForAnotherWriter) {
  TempDir dir;
  std::string path = dir.path() + "/w.db";
  std::unique_ptr<SqliteStore> first = OpenOrDie(path);
  std::unique_ptr<SqliteStore> second = OpenOrDie(path, OpenMode::kExisting);
  ASSERT_TRUE(first && second);
  // |first| holds the write lock while |second| tries to write: the busy
  // timeout waits, and after |first| commits |second| succeeds.
  SQLite::Database& held = first->database().sql();
  held.exec("BEGIN IMMEDIATE");
  held.exec("INSERT INTO engine_state VALUES ('a', '1')");
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    held.exec("COMMIT");
  });
  Status s = second->Write([](StoreTx& tx) {
    tx.SetEngineState("b", "2");
    return Store::Outcome::kCommit;
  });
  releaser.join();
  ASSERT_TRUE(s.ok()) << FirstMessage(s);
  ReadOrDie(*second, [](StoreTx& tx) {
    EXPECT_EQ(tx.EngineState("a"), "1");
    EXPECT_EQ(tx.EngineState("b"), "2");
  });
}

}  // namespace
}  // namespace rollout
