#include "storage/database.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include "storage/schema.h"
#include "tests/testing/run_binary.h"

namespace rollout {
namespace {

using testing::ScopedTempDir;

std::unique_ptr<Database> OpenOrDie(const std::string& path) {
  Result<std::unique_ptr<Database>> db = Database::Open(path);
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.errors()[0].message);
  return db.ok() ? std::move(db.value()) : nullptr;
}

TEST(Database, CreatesFolderSchemaAndWal) {
  ScopedTempDir dir;
  std::string path = dir.path() + "/a/b/rollout.db";
  std::unique_ptr<Database> db = OpenOrDie(path);
  ASSERT_TRUE(db);
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(db->opened_version(), 0);
  EXPECT_EQ(db->sql().execAndGet("PRAGMA user_version").getInt(), Database::kSchemaVersion);
  EXPECT_EQ(db->sql().execAndGet("PRAGMA journal_mode").getString(), "wal");
  for (const char* table : {"plan_versions", "progress", "audit_log", "gate_decisions", "alerts",
                            "alert_acks", "outbox", "engine_state", "baselines"}) {
    SQLite::Statement q(db->sql(), "SELECT count(*) FROM sqlite_master WHERE name = ?");
    q.bind(1, table);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getInt(), 1) << table;
  }
}

TEST(Database, ReopensWithoutMigrating) {
  ScopedTempDir dir;
  std::string path = dir.path() + "/rollout.db";
  ASSERT_TRUE(OpenOrDie(path));
  std::unique_ptr<Database> again = OpenOrDie(path);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->opened_version(), Database::kSchemaVersion);
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
  ScopedTempDir dir;
  std::string path = dir.path() + "/old.db";
  WriteVersion1(path);
  std::unique_ptr<Database> db = OpenOrDie(path);
  ASSERT_TRUE(db);
  EXPECT_EQ(db->opened_version(), 1);
  EXPECT_EQ(db->sql().execAndGet("PRAGMA user_version").getInt(), Database::kSchemaVersion);
  SQLite::Statement q(db->sql(), "SELECT actor, note, plan_version FROM audit_log");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "ivanov");
  EXPECT_EQ(q.getColumn(1).getString(), "ok; \"quoted\"");
  EXPECT_EQ(q.getColumn(2).getInt(), 2);  // the migration filled in the latest version
  EXPECT_EQ(db->sql().execAndGet("SELECT count(*) FROM sqlite_master WHERE name = "
                                 "'audit_log_by_task'")
                .getInt(),
            1);
}

TEST(Database, RefusesNewerSchema) {
  ScopedTempDir dir;
  std::string path = dir.path() + "/new.db";
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("PRAGMA user_version = " + std::to_string(Database::kSchemaVersion + 1));
  }
  Result<std::unique_ptr<Database>> db = Database::Open(path);
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.errors()[0].message.find("newer than this rollout knows"), std::string::npos);
  EXPECT_NE(db.errors()[0].message.find(path), std::string::npos);
  EXPECT_NE(db.errors()[0].hint.find("upgrade rollout"), std::string::npos);
}

TEST(Database, OpenExistingFailsOnMissingFile) {
  ScopedTempDir dir;
  Result<std::unique_ptr<Database>> db = Database::OpenExisting(dir.path() + "/none.db");
  ASSERT_FALSE(db.ok());
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/none.db"));
}

TEST(Database, RollbackAndErrorsWriteNothing) {
  ScopedTempDir dir;
  std::unique_ptr<Database> db = OpenOrDie(dir.path() + "/r.db");
  ASSERT_TRUE(db);
  auto insert = [](SQLite::Database& sql) {
    sql.exec("INSERT INTO engine_state VALUES ('k', 'v')");
  };
  ASSERT_TRUE(db->Write([&](SQLite::Database& sql) {
                  insert(sql);
                  return Database::Outcome::kRollback;
                }).ok());
  Status failed = db->Write([&](SQLite::Database& sql) {
    insert(sql);
    sql.exec("INSERT INTO no_such_table VALUES (1)");
    return Database::Outcome::kCommit;
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.errors()[0].message.find(db->path()), std::string::npos);
  EXPECT_EQ(db->sql().execAndGet("SELECT count(*) FROM engine_state").getInt(), 0);
  ASSERT_TRUE(db->Write([&](SQLite::Database& sql) {
                  insert(sql);
                  return Database::Outcome::kCommit;
                }).ok());
  EXPECT_EQ(db->sql().execAndGet("SELECT count(*) FROM engine_state").getInt(), 1);
}

TEST(Database, WalStartsOverAcrossShortLivedConnections) {
  // Each command is a process that opens, writes once and closes without a
  // checkpoint. 300 of them must not leave a 300-commit WAL behind for the
  // next process to read: a commit that finds 64 frames or more empties it.
  ScopedTempDir dir;
  const std::string path = dir.path() + "/wal.db";
  ASSERT_TRUE(OpenOrDie(path));
  const std::string wal = path + "-wal";
  uintmax_t largest = 0;
  bool emptied = false;
  for (int i = 0; i < 300; ++i) {
    std::unique_ptr<Database> db = OpenOrDie(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->Write([&](SQLite::Database& sql) {
                    SQLite::Statement q(sql, "INSERT INTO audit_log (at, at_text, actor, action) "
                                             "VALUES (?, 'x', 'boss', 'done')");
                    q.bind(1, i);
                    q.exec();
                    // A second page: a fresh row in another table.
                    sql.exec("INSERT OR REPLACE INTO engine_state VALUES ('k" +
                             std::to_string(i % 50) + "', '" + std::string(200, 'v') + "')");
                    return Database::Outcome::kCommit;
                  }).ok());
    const uintmax_t size = std::filesystem::file_size(wal);
    largest = std::max(largest, size);
    emptied = emptied || size == 0;
  }
  EXPECT_TRUE(emptied);
  // 64 frames of 4 KiB pages plus the commit that crossed the line.
  EXPECT_LE(largest, 80u * (4096 + 24) + 32) << largest;
  std::unique_ptr<Database> db = OpenOrDie(path);
  EXPECT_EQ(db->sql().execAndGet("SELECT count(*) FROM audit_log").getInt(), 300);
  EXPECT_EQ(db->sql().execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST(Database, WriteWaitsForAnotherWriter) {
  ScopedTempDir dir;
  std::string path = dir.path() + "/w.db";
  std::unique_ptr<Database> first = OpenOrDie(path);
  std::unique_ptr<Database> second = OpenOrDie(path);
  ASSERT_TRUE(first && second);
  // |first| holds the write lock while |second| tries to write: the busy
  // timeout waits, and after |first| commits |second| succeeds.
  first->sql().exec("BEGIN IMMEDIATE");
  first->sql().exec("INSERT INTO engine_state VALUES ('a', '1')");
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    first->sql().exec("COMMIT");
  });
  Status s = second->Write([](SQLite::Database& sql) {
    sql.exec("INSERT INTO engine_state VALUES ('b', '2')");
    return Database::Outcome::kCommit;
  });
  releaser.join();
  ASSERT_TRUE(s.ok()) << s.errors()[0].message;
  EXPECT_EQ(second->sql().execAndGet("SELECT count(*) FROM engine_state").getInt(), 2);
}

}  // namespace
}  // namespace rollout
