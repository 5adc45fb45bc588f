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

StoredPlan PlanOf(const std::string& id, const std::string& title) {
  StoredPlan plan;
  plan.plan_id = id;
  plan.title = title;
  plan.format = "yaml";
  plan.source = "plan: " + id;
  plan.source_path = id + ".yaml";
  plan.timezone = "UTC";
  plan.loaded_at = 10;
  plan.loaded_by = "lead";
  return plan;
}

PlanFacts FactsWithGate() {
  PlanFacts f;
  f.tasks = {{"a", "A", "task", 2, {"ivanov"}},
             {"g", "G", "gate", 0, {}},
             {"b", "B", "task", 1, {"petrov"}}};
  f.people = {{"lead", "Lead", {"lead"}, "", ""}, {"ivanov", "Ivanov", {"dev"}, "", ""}};
  f.links = {{"b", "a"}, {"b", "g"}, {"g", "a"}};
  f.upstream = {{"b", "g"}};
  return f;
}

Alert OverdueA() {
  Alert a;
  a.kind = AlertKind::kOverdue;
  a.task = "a";
  a.about = "2027-01-12";
  a.recipients = {"ivanov"};
  a.args = {{"name", "A"}, {"finish", "2027-01-12"}};
  return a;
}

TEST(SqliteStore, TwoProjectsStayApart) {
  TempDir dir;
  std::unique_ptr<SqliteStore> store = OpenOrDie(dir.path() + "/two.db");
  ASSERT_TRUE(store);
  int64_t alert_one = 0, alert_two = 0;
  WriteOrDie(*store, [&](StoreTx& tx) {
    EXPECT_EQ(tx.InsertPlanVersion(PlanOf("one", "Project one"), FactsWithGate()), 1);
    EXPECT_EQ(tx.InsertPlanVersion(PlanOf("two", "Project two"), FactsWithGate()), 1);
    StoredPlan again = PlanOf("one", "Project one, again");
    again.loaded_at = 20;
    EXPECT_EQ(tx.InsertPlanVersion(again, FactsWithGate()), 2);
    Baseline b1;
    b1.plan_version = 2;
    b1.finish = "2027-02-01";
    b1.tasks["a"] = {0, 2, "2027-01-11", "2027-01-12", std::nullopt};
    tx.InsertBaseline("one", b1);
    Baseline b2;
    b2.plan_version = 1;
    b2.finish = "2027-03-01";
    tx.InsertBaseline("two", b2);
    tx.MarkLevelled("two", 1);

    TaskProgress done;
    done.state = TaskState::kDone;
    done.started = D("2027-01-11");
    done.finished = D("2027-01-12");
    done.started_at = 1;
    done.finished_at = 2;
    tx.SaveTaskProgress("one", "a", done, "ivanov");
    TaskProgress started;
    started.state = TaskState::kStarted;
    started.started = D("2027-01-15");
    started.started_at = 3;
    tx.SaveTaskProgress("two", "a", started, "ivanov");
    tx.SaveTaskProgress("two", "b", started, "petrov");
    tx.SetMetric("one", "coverage", 0.5, "lead", 4);
    tx.SetMetric("two", "coverage", 0.8, "lead", 5);
    tx.InsertGateDecision("one", "g", true, "qa", "", 6, D("2027-01-13"));
    tx.InsertGateDecision("two", "g", false, "qa", "too early", 7, D("2027-01-14"));

    LogEntry e;
    e.at = 8;
    e.at_text = "t";
    e.actor = "ivanov";
    e.action = "done";
    e.task = "a";
    e.plan_version = 2;
    tx.AppendLog("one", e);
    e.action = "start";
    e.plan_version = 1;
    tx.AppendLog("two", e);

    // The same identity in both projects: two alerts.
    alert_one = tx.InsertAlert("one", OverdueA(), 2, "2027-01-12T18:00Z", {"webhook"});
    alert_two = tx.InsertAlert("two", OverdueA(), 1, "2027-01-12T18:00Z", {"webhook", "exec"});
    EXPECT_GT(alert_one, 0);
    EXPECT_GT(alert_two, 0);
    EXPECT_NE(alert_one, alert_two);
    EXPECT_EQ(tx.InsertAlert("one", OverdueA(), 2, "2027-01-13T18:00Z", {"webhook"}), 0);
  });
  ReadOrDie(*store, [&](StoreTx& tx) {
    std::vector<ProjectRow> projects = tx.Projects();
    ASSERT_EQ(projects.size(), 2u);
    EXPECT_EQ(projects[0].id, "one");
    EXPECT_EQ(projects[0].title, "Project one, again");
    EXPECT_EQ(projects[0].version, 2);
    EXPECT_EQ(projects[0].loaded_at, 20);
    EXPECT_EQ(projects[0].baseline_finish, "2027-02-01");
    EXPECT_EQ(projects[1].id, "two");
    EXPECT_EQ(projects[1].title, "Project two");
    EXPECT_EQ(projects[1].version, 1);
    EXPECT_EQ(projects[1].baseline_finish, "2027-03-01");

    EXPECT_EQ(tx.CurrentPlan("one", true)->version, 2);
    EXPECT_EQ(tx.CurrentPlan("two", true)->version, 1);
    EXPECT_EQ(tx.CurrentPlan("two", true)->title, "Project two");
    EXPECT_FALSE(tx.CurrentPlan("three", true));
    EXPECT_EQ(tx.PlanTaskIds("two", 1), (std::vector<std::string>{"a", "g", "b"}));
    EXPECT_TRUE(tx.PlanTaskIds("two", 2).empty());
    std::vector<PlanPersonRow> people = tx.PlanPeople("one", 1);
    ASSERT_EQ(people.size(), 2u);  // in plan order
    EXPECT_EQ(people[0].person, "lead");
    EXPECT_EQ(people[1].person, "ivanov");
    EXPECT_EQ(people[1].roles, (std::vector<std::string>{"dev"}));
    EXPECT_FALSE(tx.FindPlanPerson("one", 1, "nobody"));
    EXPECT_TRUE(tx.IsLevelled("two", 1));
    EXPECT_FALSE(tx.IsLevelled("one", 1));
    EXPECT_EQ(tx.CurrentBaseline("one")->plan_version, 2);
    EXPECT_EQ(tx.CurrentBaseline("one")->tasks.size(), 1u);
    EXPECT_EQ(tx.CurrentBaseline("two")->plan_version, 1);
    EXPECT_FALSE(tx.CurrentBaseline("three"));

    Progress one = tx.LoadProgress("one");
    Progress two = tx.LoadProgress("two");
    EXPECT_EQ(one.tasks.size(), 1u);
    EXPECT_EQ(one.tasks["a"].state, TaskState::kDone);
    EXPECT_EQ(two.tasks.size(), 2u);
    EXPECT_EQ(two.tasks["a"].state, TaskState::kStarted);
    EXPECT_EQ(two.tasks["a"].started, D("2027-01-15"));
    EXPECT_TRUE(one.gates["g"].passed);
    EXPECT_EQ(one.gates["g"].passed_on, D("2027-01-13"));
    EXPECT_TRUE(two.gates["g"].rejected);
    EXPECT_FALSE(two.gates["g"].passed);
    EXPECT_FALSE(two.gates["g"].passed_on);
    EXPECT_EQ(two.gates["g"].note, "too early");
    EXPECT_EQ(one.metrics["coverage"], 0.5);
    EXPECT_EQ(two.metrics["coverage"], 0.8);
    EXPECT_EQ(tx.CountProgress("one"), 1);
    EXPECT_EQ(tx.CountProgress("two"), 2);

    std::vector<LogEntry> log_one = tx.ReadLog("one");
    std::vector<LogEntry> log_two = tx.ReadLog("two");
    ASSERT_EQ(log_one.size(), 1u);
    ASSERT_EQ(log_two.size(), 1u);
    EXPECT_EQ(log_one[0].action, "done");
    EXPECT_EQ(log_one[0].plan_version, 2);
    EXPECT_EQ(log_two[0].action, "start");
    EXPECT_EQ(log_two[0].plan_version, 1);

    std::vector<StoredAlert> a1 = tx.ListAlerts("one", "", true, true);
    std::vector<StoredAlert> a2 = tx.ListAlerts("two", "ivanov", false, false);
    ASSERT_EQ(a1.size(), 1u);
    ASSERT_EQ(a2.size(), 1u);
    EXPECT_EQ(a1[0].id, alert_one);
    EXPECT_EQ(a1[0].project, "one");
    EXPECT_EQ(a1[0].plan_version, 2);
    EXPECT_EQ(a1[0].created_at, "2027-01-12T18:00Z");  // the second insert wrote nothing
    EXPECT_EQ(a2[0].id, alert_two);
    EXPECT_EQ(a2[0].project, "two");
    EXPECT_EQ(a2[0].plan_version, 1);
    EXPECT_EQ(tx.FindAlert(alert_two, "ivanov")->project, "two");
    EXPECT_FALSE(tx.FindAlert(alert_two + 100, "ivanov"));
    // Deliveries of every project.
    std::vector<OutboxItem> webhook = tx.PendingDeliveries({"webhook"});
    ASSERT_EQ(webhook.size(), 2u);
    EXPECT_EQ(webhook[0].alert_id, alert_one);
    EXPECT_EQ(webhook[1].alert_id, alert_two);
    EXPECT_EQ(tx.PendingDeliveries({"exec"}).size(), 1u);
  });
  WriteOrDie(*store, [&](StoreTx& tx) {
    tx.MarkDelivered(alert_one, "webhook", 30);
    tx.MarkAttemptFailed(alert_two, "webhook", 60, "timeout");
    EXPECT_TRUE(tx.AckAlert(alert_two, "ivanov", 31));
    // Dropping progress in one project leaves the other's.
    EXPECT_EQ(tx.ProgressNotIn("two", {"b"}),
              (std::vector<std::pair<std::string, TaskState>>{{"a", TaskState::kStarted}}));
    EXPECT_EQ(tx.DropProgressExcept("one", {}), (std::vector<std::string>{"a"}));
    TaskProgress planned;
    tx.SaveTaskProgress("two", "b", planned, "petrov");  // kPlanned deletes
  });
  ReadOrDie(*store, [&](StoreTx& tx) {
    std::vector<OutboxItem> webhook = tx.PendingDeliveries({"webhook"});
    ASSERT_EQ(webhook.size(), 1u);
    EXPECT_EQ(webhook[0].alert_id, alert_two);
    EXPECT_EQ(webhook[0].attempts, 1);
    EXPECT_TRUE(tx.ListAlerts("two", "ivanov", false, false).empty());
    EXPECT_EQ(tx.CountProgress("one"), 0);
    EXPECT_EQ(tx.CountProgress("two"), 1);
    EXPECT_EQ(tx.LoadProgress("two").tasks.count("a"), 1u);
  });
}

TEST(SqliteStore, LoadProgressOfReadsOnlyTheIdsAsked) {
  TempDir dir;
  std::unique_ptr<SqliteStore> store = OpenOrDie(dir.path() + "/of.db");
  ASSERT_TRUE(store);
  WriteOrDie(*store, [](StoreTx& tx) {
    tx.InsertPlanVersion(PlanOf("p", "P"), FactsWithGate());
    TaskProgress done;
    done.state = TaskState::kDone;
    done.started = D("2027-01-11");
    done.finished = D("2027-01-12");
    tx.SaveTaskProgress("p", "a", done, "ivanov");
    tx.SaveTaskProgress("p", "b", done, "ivanov");
    tx.SaveTaskProgress("q", "a", TaskProgress{TaskState::kStarted, D("2027-01-01"), {}, 0, 0, {}, {}, 0},
                        "x");
    tx.InsertGateDecision("p", "g", true, "qa", "", 5, D("2027-01-13"));
    tx.InsertGateDecision("p", "g", false, "qa", "no", 6, D("2027-01-14"));
    tx.InsertGateDecision("q", "g", true, "qa", "", 7, D("2027-01-15"));
    tx.SetMetric("p", "coverage", 1, "lead", 8);
  });
  ReadOrDie(*store, [](StoreTx& tx) {
    Progress of = tx.LoadProgressOf("p", {"a", "g", "zz"});
    ASSERT_EQ(of.tasks.size(), 1u);
    EXPECT_EQ(of.tasks["a"].state, TaskState::kDone);
    EXPECT_EQ(of.tasks["a"].finished, D("2027-01-12"));
    ASSERT_EQ(of.gates.size(), 1u);
    // As LoadProgress: the latest decision, a rejection.
    Progress all = tx.LoadProgress("p");
    EXPECT_EQ(of.gates["g"].rejected, all.gates["g"].rejected);
    EXPECT_EQ(of.gates["g"].passed, all.gates["g"].passed);
    EXPECT_EQ(of.gates["g"].passed_on, all.gates["g"].passed_on);
    EXPECT_EQ(of.gates["g"].decided_at, all.gates["g"].decided_at);
    EXPECT_EQ(of.gates["g"].note, all.gates["g"].note);
    EXPECT_TRUE(of.gates["g"].rejected);
    EXPECT_EQ(of.gates["g"].decided_at, 6);
    EXPECT_EQ(of.gates["g"].note, "no");
    EXPECT_TRUE(of.metrics.empty());
    EXPECT_TRUE(tx.LoadProgressOf("p", {}).tasks.empty());
    EXPECT_EQ(tx.LoadProgressOf("q", {"a"}).tasks["a"].state, TaskState::kStarted);
  });
}

TEST(SqliteStore, AlertArgsRoundTrip) {
  TempDir dir;
  std::unique_ptr<SqliteStore> store = OpenOrDie(dir.path() + "/args.db");
  ASSERT_TRUE(store);
  Alert slip;
  slip.kind = AlertKind::kSlip;
  slip.about = "2027-02-03";
  slip.recipients = {"lead", "анна"};
  slip.args = {{"forecast", "2027-02-03"},
               {"baseline", "2027-01-29"},
               {"late", "3"},
               {"name", "Пилот \"один\"\n"}};
  int64_t id = 0;
  WriteOrDie(*store, [&](StoreTx& tx) {
    tx.InsertPlanVersion(PlanOf("p", "P"), PlanFacts{});
    id = tx.InsertAlert("p", slip, 1, "2027-01-30T09:00Z", {});
    EXPECT_GT(id, 0);
  });
  ReadOrDie(*store, [&](StoreTx& tx) {
    std::vector<StoredAlert> alerts = tx.ListAlerts("p", "анна", false, false);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].kind, "slip");
    EXPECT_EQ(alerts[0].task, "");
    EXPECT_EQ(alerts[0].recipients, slip.recipients);
    EXPECT_EQ(alerts[0].args, slip.args);
    EXPECT_EQ(alerts[0].message, "");
    EXPECT_EQ(tx.FindAlert(id, "lead")->args, slip.args);
    EXPECT_TRUE(tx.ListAlerts("p", "someone", false, true).empty());
    EXPECT_EQ(tx.ListAlerts("p", "someone", true, true).size(), 1u);
    EXPECT_TRUE(tx.PendingDeliveries({"webhook"}).empty());
  });
  // Stored as a JSON object.
  EXPECT_EQ(store->database().sql().execAndGet("SELECT json_type(args) FROM alerts").getString(),
            "object");
}

TEST(SqliteStore, ChangeCounterSeesOtherWritersOnly) {
  TempDir dir;
  const std::string path = dir.path() + "/cc.db";
  std::unique_ptr<SqliteStore> engine = OpenOrDie(path);
  std::unique_ptr<SqliteStore> other = OpenOrDie(path, OpenMode::kExisting);
  ASSERT_TRUE(engine && other);
  const int64_t before = engine->ChangeCounter();
  EXPECT_GE(before, 0);
  ReadOrDie(*engine, [](StoreTx& tx) { tx.Projects(); });
  ReadOrDie(*other, [](StoreTx& tx) { tx.LoadProgress("p"); });
  EXPECT_EQ(engine->ChangeCounter(), before);
  // Its own writes do not count: the engine wakes up on others' progress.
  WriteOrDie(*engine, [](StoreTx& tx) { tx.SetEngineState("k", "1"); });
  EXPECT_EQ(engine->ChangeCounter(), before);
  WriteOrDie(*other, [](StoreTx& tx) { tx.SetMetric("p", "m", 1, "x", 1); });
  const int64_t after = engine->ChangeCounter();
  EXPECT_NE(after, before);
  EXPECT_EQ(engine->ChangeCounter(), after);
  // Through the seam, too.
  Result<std::unique_ptr<Store>> seam = OpenStore(path, OpenMode::kExisting);
  ASSERT_TRUE(seam.ok()) << FirstMessage(seam);
  EXPECT_GE(seam.value()->ChangeCounter(), 0);
}

// Group commit: one transaction, a savepoint per body; a failing or
// rolled-back body loses its own writes only; the batch is one commit
// (another connection sees all of it or none).
TEST(SqliteStore, WriteEachKeepsEachBodyApartInOneCommit) {
  TempDir dir;
  const std::string path = dir.path() + "/each.db";
  std::unique_ptr<SqliteStore> store = OpenOrDie(path);
  std::unique_ptr<SqliteStore> other = OpenOrDie(path, OpenMode::kExisting);
  ASSERT_TRUE(store && other);
  const int64_t before = other->ChangeCounter();
  using Outcome = Store::Outcome;
  std::vector<std::function<Outcome(StoreTx&)>> bodies = {
      [](StoreTx& tx) { tx.SetEngineState("one", "1"); return Outcome::kCommit; },
      [](StoreTx& tx) -> Outcome {
        tx.SetEngineState("two", "2");
        throw StoreError(MakeError(ErrorCode::kNotAssigned, "refused"));
      },
      [](StoreTx& tx) { tx.SetEngineState("three", "3"); return Outcome::kRollback; },
      [](StoreTx& tx) {
        // Sees the writes of the bodies before it, in order.
        tx.SetEngineState("four", tx.EngineState("one").value_or("none"));
        return Outcome::kCommit;
      },
  };
  std::vector<Status> st = store->WriteEach(bodies);
  ASSERT_EQ(st.size(), 4u);
  EXPECT_TRUE(st[0].ok());
  ASSERT_FALSE(st[1].ok());
  EXPECT_EQ(st[1].code(), ErrorCode::kNotAssigned);
  EXPECT_TRUE(st[2].ok());
  EXPECT_TRUE(st[3].ok());
  EXPECT_NE(other->ChangeCounter(), before);
  ReadOrDie(*other, [](StoreTx& tx) {
    EXPECT_EQ(tx.EngineState("one"), std::optional<std::string>("1"));
    EXPECT_EQ(tx.EngineState("two"), std::nullopt);
    EXPECT_EQ(tx.EngineState("three"), std::nullopt);
    EXPECT_EQ(tx.EngineState("four"), std::optional<std::string>("1"));
  });
  // The same on a read-only store: every body refused, nothing run.
  Result<std::unique_ptr<Store>> ro = OpenStore(path, OpenMode::kReadOnly);
  ASSERT_TRUE(ro.ok()) << FirstMessage(ro);
  bool ran = false;
  std::vector<Status> refused = ro.value()->WriteEach({[&](StoreTx&) {
    ran = true;
    return Outcome::kCommit;
  }});
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_FALSE(refused[0].ok());
  EXPECT_FALSE(ran);
}

// A use case of app/ inside a batch: TxStore runs its transactions on the
// batch's StoreTx and tells the batch to drop all of them when one fails.
TEST(SqliteStore, TxStoreMakesAUseCaseAllOrNothingInsideABatch) {
  TempDir dir;
  const std::string path = dir.path() + "/tx.db";
  std::unique_ptr<SqliteStore> store = OpenOrDie(path);
  ASSERT_TRUE(store);
  using Outcome = Store::Outcome;
  std::vector<Status> st = store->WriteEach({
      [&](StoreTx& tx) {
        TxStore nested(tx, path);
        EXPECT_TRUE(nested.Write([](StoreTx& t) { t.SetEngineState("a", "1"); return Outcome::kCommit; }).ok());
        Status second = nested.Write([](StoreTx& t) -> Outcome {
          t.SetEngineState("b", "1");
          throw StoreError(MakeError(ErrorCode::kRefused, "no"));
        });
        EXPECT_FALSE(second.ok());
        EXPECT_TRUE(nested.must_roll_back());
        return nested.must_roll_back() ? Outcome::kRollback : Outcome::kCommit;
      },
      [&](StoreTx& tx) {
        TxStore nested(tx, path);
        std::optional<std::string> seen;
        EXPECT_TRUE(nested.Read([&](StoreTx& t) { seen = t.EngineState("a"); }).ok());
        EXPECT_EQ(seen, std::nullopt);  // the first use case is gone
        EXPECT_TRUE(nested.Write([](StoreTx& t) { t.SetEngineState("c", "1"); return Outcome::kCommit; }).ok());
        EXPECT_FALSE(nested.must_roll_back());
        return Outcome::kCommit;
      },
  });
  ASSERT_EQ(st.size(), 2u);
  EXPECT_TRUE(st[0].ok() && st[1].ok());
  ReadOrDie(*store, [](StoreTx& tx) {
    EXPECT_EQ(tx.EngineState("a"), std::nullopt);
    EXPECT_EQ(tx.EngineState("b"), std::nullopt);
    EXPECT_EQ(tx.EngineState("c"), std::optional<std::string>("1"));
  });
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


// Tokens (schema version 6): the hash is the key, revocation is once,
// the list is by person; what is stored survives a reopen.
TEST(SqliteStore, TokensAreStoredByHashAndRevokedOnce) {
  TempDir dir;
  const std::string path = dir.path() + "/tokens.db";
  std::unique_ptr<SqliteStore> store = OpenOrDie(path);
  int64_t first = 0;
  WriteOrDie(*store, [&](StoreTx& tx) {
    TokenRow t;
    t.hash = std::string(64, 'a');
    t.person = "petrova";
    t.name = "ноутбук";
    t.created_at = 1000;
    t.created_by = "boss";
    t.expires_at = 5000;
    first = tx.InsertToken(t);
    t.hash = std::string(64, 'b');
    t.person = "boss";
    t.expires_at.reset();
    tx.InsertToken(t);
  });
  WriteOrDie(*store, [&](StoreTx& tx) {
    EXPECT_TRUE(tx.RevokeToken(first, 2000));
    EXPECT_FALSE(tx.RevokeToken(first, 3000));  // already
  });
  store.reset();
  store = OpenOrDie(path, OpenMode::kExisting);
  ReadOrDie(*store, [&](StoreTx& tx) {
    std::optional<TokenRow> t = tx.FindTokenByHash(std::string(64, 'a'));
    ASSERT_TRUE(t);
    EXPECT_EQ(t->person, "petrova");
    EXPECT_EQ(t->name, "ноутбук");
    EXPECT_EQ(t->expires_at, Instant{5000});
    EXPECT_EQ(t->revoked_at, Instant{2000});
    EXPECT_FALSE(tx.FindTokenByHash(std::string(64, 'c')));
    EXPECT_EQ(tx.ListTokens("").size(), 2u);
    ASSERT_EQ(tx.ListTokens("boss").size(), 1u);
    EXPECT_FALSE(tx.ListTokens("boss")[0].expires_at);
    EXPECT_FALSE(tx.ListTokens("boss")[0].revoked_at);
  });
}

}  // namespace
}  // namespace rollout
