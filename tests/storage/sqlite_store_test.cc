// The SQLite Store of schema v5: the v4 -> v5 migration, projects kept
// apart, files that are refused untouched, the change counter, alert args.
#include "storage/sqlite/sqlite_store.h"

#include <sys/stat.h>

#include <filesystem>

#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include "storage/sqlite/schema.h"
#include "storage/tx_store.h"
#include "tests/storage/store_testing.h"

namespace rollout {
namespace {

using sqlite::Database;
using sqlite::Migration;
using sqlite::Migrations;
using sqlite::SqliteStore;
using storage_testing::FileBytes;
using storage_testing::FirstMessage;
using storage_testing::OpenOrDie;
using storage_testing::ReadOrDie;
using storage_testing::TempDir;
using storage_testing::WriteBytes;
using storage_testing::WriteOrDie;

Date D(const std::string& text) {
  Date d = 0;
  EXPECT_TRUE(ParseDate(text, &d)) << text;
  return d;
}

// A version-4 file as the last one-project release left it: plan "old" was
// loaded once, then a load of plan "p" replaced it, and "p" was loaded
// again; every other row is about the project of the time, "p".
void WriteVersion4(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA foreign_keys=ON");
  for (const Migration& m : Migrations())
    if (m.to_version <= 4) db.exec(m.sql);
  db.exec(R"sql(
    INSERT INTO plan_versions VALUES (1, 'old', 'yaml', 'plan: old', 'old.yaml', 'UTC', 1, 'lead');
    INSERT INTO plan_versions VALUES (2, 'p', 'yaml', 'plan: p', 'p.yaml', 'UTC', 2, 'lead');
    INSERT INTO plan_versions VALUES (3, 'p', 'json', '{"plan": "p"}', 'p.json', 'Europe/Berlin',
                                      3, 'boss');
    INSERT INTO plan_tasks VALUES (3, 'a', 0, 'Alpha', 'task', 2, '["ivanov"]');
    INSERT INTO plan_tasks VALUES (3, 'g', 1, 'Gate', 'gate', 0, '[]');
    INSERT INTO plan_tasks VALUES (3, 'b', 2, 'Beta', 'task', 3, '["petrov"]');
    INSERT INTO plan_people VALUES (3, 'boss', 'Boss', '["lead"]');
    INSERT INTO plan_links VALUES (3, 'b', 'a');
    INSERT INTO plan_links VALUES (3, 'b', 'g');
    INSERT INTO plan_upstream_gates VALUES (3, 'b', 'g');
    INSERT INTO levelled_versions VALUES (3);
    INSERT INTO baselines VALUES (1, 1, 1, 'lead', '2027-01-10', 2);
    INSERT INTO baselines VALUES (2, 3, 3, 'boss', '2027-01-20', 5);
    INSERT INTO baseline_tasks VALUES (2, 'a', 0, 2, '2027-01-11', '2027-01-12', '["ivanov"]');
    INSERT INTO progress VALUES ('a', 'done', '2027-01-11', 100, '2027-01-12', 200, 'ivanov');
    INSERT INTO progress VALUES ('b', 'started', '2027-01-13', 300, NULL, NULL, 'petrov');
    INSERT INTO metrics VALUES ('coverage', 0.9, 'boss', 50);
    INSERT INTO gate_decisions VALUES (1, 'g', 'reject', 'qa', 'not yet', 60, '2027-01-12');
    INSERT INTO gate_decisions VALUES (2, 'g', 'approve', 'qa', 'fine', 70, '2027-01-13');
    INSERT INTO audit_log (id, at, at_text, actor, action, task, note, plan_version)
      VALUES (1, 1, '1970-01-01T00:00:01Z', 'lead', 'load', NULL, '', 1);
    INSERT INTO audit_log (id, at, at_text, actor, action, task, note, plan_version)
      VALUES (2, 200, '1970-01-01T00:03:20Z', 'ivanov', 'done', 'a', 'ok', 3);
    INSERT INTO alerts VALUES (7, 3, 'overdue', 'a', '2027-01-12', '["ivanov"]',
                               '2027-01-12T18:00+01:00', 'Alpha is overdue');
    INSERT INTO alert_acks VALUES (7, 'ivanov', 80);
    INSERT INTO outbox VALUES (7, 'webhook', 1, 90, NULL, 'timeout');
    INSERT INTO engine_state VALUES ('last_eval', '90');
    PRAGMA user_version = 4;
  )sql");
}

TEST(SqliteStore, Version4MigratesIntoProjects) {
  TempDir dir;
  const std::string path = dir.path() + "/v4.db";
  WriteVersion4(path);
  std::unique_ptr<SqliteStore> store = OpenOrDie(path, OpenMode::kExisting);
  ASSERT_TRUE(store);
  SQLite::Database& sql = store->database().sql();
  EXPECT_EQ(store->database().opened_version(), 4);
  EXPECT_EQ(sql.execAndGet("PRAGMA user_version").getInt(), Database::kSchemaVersion);  // v5, v6...
  // v6: remaining work on progress rows, the start date on plan versions.
  EXPECT_EQ(sql.execAndGet("SELECT count(*) FROM pragma_table_info('progress') "
                           "WHERE name IN ('remaining', 'percent', 'remaining_at')")
                .getInt(),
            3);
  EXPECT_EQ(sql.execAndGet("SELECT count(*) FROM plan_versions WHERE start_on = ''").getInt(),
            sql.execAndGet("SELECT count(*) FROM plan_versions").getInt());
  EXPECT_EQ(sql.execAndGet("PRAGMA foreign_keys").getInt(), 1);
  {
    SQLite::Statement check(sql, "PRAGMA foreign_key_check");
    EXPECT_FALSE(check.executeStep()) << "a reference dangles after the rebuild";
  }
  EXPECT_EQ(sql.execAndGet("PRAGMA integrity_check").getString(), "ok");
  ReadOrDie(*store, [](StoreTx& tx) {
    // Versions are numbered per plan id, in load order.
    std::vector<ProjectRow> projects = tx.Projects();
    ASSERT_EQ(projects.size(), 2u);
    EXPECT_EQ(projects[0].id, "old");
    EXPECT_EQ(projects[0].version, 1);
    EXPECT_EQ(projects[0].baseline_finish, "2027-01-10");
    EXPECT_EQ(projects[1].id, "p");
    EXPECT_EQ(projects[1].version, 2);
    EXPECT_EQ(projects[1].loaded_at, 3);
    EXPECT_EQ(projects[1].loaded_by, "boss");
    EXPECT_EQ(projects[1].title, "");
    EXPECT_EQ(projects[1].baseline_finish, "2027-01-20");

    std::optional<StoredPlan> plan = tx.CurrentPlan("p", false);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->version, 2);
    EXPECT_EQ(plan->plan_id, "p");
    EXPECT_EQ(plan->format, "json");
    EXPECT_EQ(plan->source, "");
    EXPECT_EQ(plan->source_path, "p.json");
    EXPECT_EQ(plan->timezone, "Europe/Berlin");
    EXPECT_EQ(tx.CurrentPlan("p", true)->source, "{\"plan\": \"p\"}");
    EXPECT_EQ(tx.CurrentPlan("old", true)->version, 1);

    // The facts of global version 3 are p's version 2.
    EXPECT_EQ(tx.PlanTaskIds("p", 2), (std::vector<std::string>{"a", "g", "b"}));
    EXPECT_TRUE(tx.PlanTaskIds("p", 3).empty());
    std::optional<PlanTaskRow> b = tx.FindPlanTask("p", 2, "b");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->name, "Beta");
    EXPECT_EQ(b->assigned, (std::vector<std::string>{"petrov"}));
    std::vector<TaskRef> preds = tx.Predecessors("p", 2, "b");
    ASSERT_EQ(preds.size(), 2u);
    EXPECT_EQ(preds[0].id, "a");
    EXPECT_EQ(preds[0].kind, "task");
    EXPECT_EQ(preds[1].id, "g");
    EXPECT_EQ(preds[1].kind, "gate");
    EXPECT_EQ(tx.UpstreamGates("p", 2, "b"), (std::vector<std::string>{"g"}));
    EXPECT_EQ(tx.FindPlanPerson("p", 2, "boss")->roles, (std::vector<std::string>{"lead"}));
    EXPECT_TRUE(tx.IsLevelled("p", 2));
    EXPECT_FALSE(tx.IsLevelled("p", 1));

    std::optional<Baseline> base = tx.CurrentBaseline("p");
    ASSERT_TRUE(base);
    EXPECT_EQ(base->id, 2);
    EXPECT_EQ(base->plan_version, 2);
    EXPECT_EQ(base->tasks["a"].assigned, (std::vector<std::string>{"ivanov"}));
    EXPECT_EQ(tx.CurrentBaseline("old")->plan_version, 1);

    // Progress, decisions, metrics and the log went to p, the project of
    // the latest version.
    Progress progress = tx.LoadProgress("p");
    ASSERT_EQ(progress.tasks.size(), 2u);
    EXPECT_EQ(progress.tasks["a"].state, TaskState::kDone);
    EXPECT_EQ(progress.tasks["a"].finished, D("2027-01-12"));
    EXPECT_EQ(progress.tasks["a"].finished_at, 200);
    EXPECT_EQ(progress.tasks["b"].state, TaskState::kStarted);
    EXPECT_FALSE(progress.tasks["b"].finished);
    ASSERT_EQ(progress.gates.count("g"), 1u);
    EXPECT_TRUE(progress.gates["g"].passed);
    EXPECT_FALSE(progress.gates["g"].rejected);
    EXPECT_EQ(progress.gates["g"].passed_on, D("2027-01-13"));
    EXPECT_EQ(progress.gates["g"].decided_at, 70);
    EXPECT_EQ(progress.gates["g"].note, "fine");
    EXPECT_EQ(progress.metrics["coverage"], 0.9);
    EXPECT_EQ(tx.CountProgress("p"), 2);
    Progress old = tx.LoadProgress("old");
    EXPECT_TRUE(old.tasks.empty() && old.gates.empty() && old.metrics.empty());

    std::vector<LogEntry> log = tx.ReadLog("p");
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0].action, "load");
    EXPECT_FALSE(log[0].task);
    EXPECT_EQ(log[0].plan_version, 1);  // global 1 is version 1 of "old"
    EXPECT_EQ(log[1].task, "a");
    EXPECT_EQ(log[1].note, "ok");
    EXPECT_EQ(log[1].plan_version, 2);
    EXPECT_TRUE(tx.ReadLog("old").empty());

    // The alert keeps its id and text; it has no args.
    std::vector<StoredAlert> alerts = tx.ListAlerts("p", "ivanov", false, true);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].id, 7);
    EXPECT_EQ(alerts[0].project, "p");
    EXPECT_EQ(alerts[0].plan_version, 2);
    EXPECT_EQ(alerts[0].kind, "overdue");
    EXPECT_EQ(alerts[0].task, "a");
    EXPECT_EQ(alerts[0].about, "2027-01-12");
    EXPECT_EQ(alerts[0].created_at, "2027-01-12T18:00+01:00");
    EXPECT_EQ(alerts[0].message, "Alpha is overdue");
    EXPECT_TRUE(alerts[0].args.empty());
    EXPECT_TRUE(alerts[0].acked);
    EXPECT_TRUE(tx.ListAlerts("p", "ivanov", false, false).empty());
    std::optional<StoredAlert> found = tx.FindAlert(7, "petrov");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->project, "p");
    EXPECT_FALSE(found->acked);
    std::vector<OutboxItem> pending = tx.PendingDeliveries({"webhook"});
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].alert_id, 7);
    EXPECT_EQ(pending[0].attempts, 1);
    EXPECT_EQ(tx.EngineState("last_eval"), "90");
  });
  // The next load of p is its version 3; the acks still reference the
  // rebuilt alerts table (an ack of an alert that is not there fails).
  WriteOrDie(*store, [](StoreTx& tx) {
    StoredPlan plan;
    plan.plan_id = "p";
    plan.title = "P";
    plan.format = "yaml";
    plan.timezone = "UTC";
    EXPECT_EQ(tx.ReadLog("p").back().plan_version, 2);  // reads the versions once
    EXPECT_EQ(tx.InsertPlanVersion(plan, PlanFacts{}), 3);
    LogEntry e;
    e.action = "load";
    e.plan_version = 3;
    tx.AppendLog("p", e);
    EXPECT_EQ(tx.ReadLog("p").back().plan_version, 3);  // the new version is known
    EXPECT_TRUE(tx.AckAlert(7, "petrov", 100));
    EXPECT_FALSE(tx.AckAlert(7, "petrov", 101));
  });
  Status dangling = store->Write([](StoreTx& tx) {
    tx.AckAlert(99, "petrov", 100);
    return Store::Outcome::kCommit;
  });
  ASSERT_FALSE(dangling.ok());
  EXPECT_EQ(dangling.code(), ErrorCode::kFailure);
  // Reopening finds the latest version and migrates nothing.
  store.reset();
  std::unique_ptr<SqliteStore> again = OpenOrDie(path, OpenMode::kExisting);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->database().opened_version(), Database::kSchemaVersion);
  ReadOrDie(*again, [](StoreTx& tx) { EXPECT_EQ(tx.CurrentPlan("p", false)->title, "P"); });
}






// Refused with |code| by both modes, and left byte for byte as it was.
void ExpectRefusedUntouched(const std::string& path, ErrorCode code) {
  const std::string bytes = FileBytes(path);
  for (OpenMode mode : {OpenMode::kExisting, OpenMode::kCreate}) {
    Result<std::unique_ptr<Store>> store = OpenStore(path, mode);
    ASSERT_FALSE(store.ok()) << path;
    EXPECT_EQ(store.code(), code) << store.errors()[0].message;
    EXPECT_NE(store.errors()[0].message.find(path), std::string::npos);
    EXPECT_EQ(store.errors()[0].hint, "");
    EXPECT_EQ(FileBytes(path), bytes) << path;
    EXPECT_FALSE(std::filesystem::exists(path + "-wal")) << path;
  }
}

TEST(SqliteStore, RefusesAForeignSqliteFileUntouched) {
  TempDir dir;
  const std::string path = dir.path() + "/shop.db";
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
        "INSERT INTO customers (name) VALUES ('Ann');");
  }
  ExpectRefusedUntouched(path, ErrorCode::kNotADatabase);
  Result<std::unique_ptr<Store>> store = OpenStore(path, OpenMode::kExisting);
  EXPECT_EQ(store.errors()[0].message, "cannot open the database " + path +
                                           ": it is not a rollout database (an SQLite database "
                                           "with other tables)");
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("PRAGMA journal_mode").getString(), "delete");
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), 0);
}

TEST(SqliteStore, RefusesAnSqliteFileWithAVersionButNoPlans) {
  TempDir dir;
  const std::string path = dir.path() + "/versioned.db";
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("CREATE TABLE t (x); PRAGMA user_version = 3;");
  }
  ExpectRefusedUntouched(path, ErrorCode::kNotADatabase);
}

TEST(SqliteStore, RefusesATextFileUntouched) {
  TempDir dir;
  const std::string plan = dir.path() + "/plan.yaml";
  WriteBytes(plan, "plan: p\ntitle: Not a database, but a plan file of a much longer text\n");
  ExpectRefusedUntouched(plan, ErrorCode::kNotADatabase);
  const std::string tiny = dir.path() + "/tiny";
  WriteBytes(tiny, "hi");
  ExpectRefusedUntouched(tiny, ErrorCode::kNotADatabase);
}

TEST(SqliteStore, EmptyFileIsNewOnlyWhenCreating) {
  TempDir dir;
  const std::string path = dir.path() + "/empty.db";
  WriteBytes(path, "");
  Result<std::unique_ptr<Store>> existing = OpenStore(path, OpenMode::kExisting);
  ASSERT_FALSE(existing.ok());
  EXPECT_EQ(existing.code(), ErrorCode::kNotADatabase);
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
  std::unique_ptr<SqliteStore> created = OpenOrDie(path, OpenMode::kCreate);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->database().sql().execAndGet("PRAGMA user_version").getInt(),
            Database::kSchemaVersion);
}

TEST(SqliteStore, CannotOpenAndNoDatabase) {
  TempDir dir;
  const std::string file = dir.path() + "/file.txt";
  WriteBytes(file, "x");
  // The folder cannot be created under a file.
  Result<std::unique_ptr<Store>> folder = OpenStore(file + "/sub/rollout.db", OpenMode::kCreate);
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.code(), ErrorCode::kCannotOpen);
  EXPECT_NE(folder.errors()[0].message.find(file), std::string::npos);
  // A folder is not a file to open.
  Result<std::unique_ptr<Store>> is_dir = OpenStore(dir.path(), OpenMode::kExisting);
  ASSERT_FALSE(is_dir.ok());
  EXPECT_EQ(is_dir.code(), ErrorCode::kCannotOpen) << is_dir.errors()[0].message;
  // Nothing there, and not asked to create it.
  Result<std::unique_ptr<Store>> none = OpenStore(dir.path() + "/none/x.db", OpenMode::kExisting);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.code(), ErrorCode::kNoDatabase);
  EXPECT_EQ(none.errors()[0].message,
            "cannot open the database " + dir.path() + "/none/x.db: no such file");
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/none"));
}

TEST(SqliteStoreFiles, ReadOnlyOpenOfAnOlderSchemaIsRefusedAndChangesNothing) {
  TempDir dir;
  const std::string path = dir.path() + "/v4.db";
  WriteVersion4(path);
  const std::string before = FileBytes(path);
  Result<std::unique_ptr<Store>> store = OpenStore(path, OpenMode::kReadOnly);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.code(), ErrorCode::kSchemaTooOld);
  EXPECT_NE(FirstMessage(store).find("schema version 4"), std::string::npos) << FirstMessage(store);
  EXPECT_EQ(FileBytes(path), before);
  // A writing open upgrades it; then reading works.
  ASSERT_TRUE(OpenStore(path, OpenMode::kExisting).ok());
  EXPECT_TRUE(OpenStore(path, OpenMode::kReadOnly).ok());
}

TEST(SqliteStoreFiles, ReadOnlyOpenReadsAndRefusesToWrite) {
  TempDir dir;
  const std::string path = dir.path() + "/r.db";
  ASSERT_TRUE(OpenStore(path, OpenMode::kCreate).ok());
  Result<std::unique_ptr<Store>> ro = OpenStore(path, OpenMode::kReadOnly);
  ASSERT_TRUE(ro.ok()) << FirstMessage(ro);
  std::vector<ProjectRow> rows{{"x", "", 1, 0, "", std::nullopt}};
  EXPECT_TRUE(ro.value()->Read([&](StoreTx& tx) { rows = tx.Projects(); }).ok());
  EXPECT_TRUE(rows.empty());
  Status w = ro.value()->Write([](StoreTx& tx) {
    tx.SetEngineState("k", "v");
    return Store::Outcome::kCommit;
  });
  EXPECT_FALSE(w.ok());
}

TEST(SqliteStoreFiles, ANewDatabaseIsPrivateToItsOwner) {
  TempDir dir;
  const std::string path = dir.path() + "/new/deeper/r.db";
  const mode_t old = ::umask(022);
  Result<std::unique_ptr<Store>> store = OpenStore(path, OpenMode::kCreate);
  ::umask(old);
  ASSERT_TRUE(store.ok()) << FirstMessage(store);
  namespace fs = std::filesystem;
  const auto perms = [](const std::string& p) { return fs::status(p).permissions(); };
  EXPECT_EQ(perms(path), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(perms(dir.path() + "/new/deeper"), fs::perms::owner_all);
  EXPECT_EQ(perms(dir.path() + "/new"), fs::perms::owner_all);
  // The WAL SQLite made beside it takes the database file's mode.
  if (fs::exists(path + "-wal")) {
    EXPECT_EQ(perms(path + "-wal"), fs::perms::owner_read | fs::perms::owner_write);
  }
  // A file the user made keeps the mode they chose.
  const std::string shared = dir.path() + "/shared.db";
  WriteBytes(shared, "");
  fs::permissions(shared, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                              fs::perms::group_write);
  ASSERT_TRUE(OpenStore(shared, OpenMode::kCreate).ok());
  EXPECT_EQ(perms(shared), fs::perms::owner_read | fs::perms::owner_write |
                               fs::perms::group_read | fs::perms::group_write);
}

TEST(SqliteStoreFiles, OnlyACreatingOpenMakesAFile) {
  TempDir dir;
  const std::string path = dir.path() + "/none/r.db";
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kExisting}) {
    Result<std::unique_ptr<Store>> store = OpenStore(path, mode);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.code(), ErrorCode::kNoDatabase);
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/none"));
}



}  // namespace
}  // namespace rollout
