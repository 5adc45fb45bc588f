// The Store seam on both backends (a value parameter: SQLite and
// PostgreSQL, tests/testing/test_db.h): projects kept apart, the reads of
// start/done, alert arguments, the change counter, tokens, rollback.
#include <gtest/gtest.h>

#include "storage/store.h"
#include "storage/tx_store.h"
#include "tests/storage/store_testing.h"
#include "tests/testing/test_db.h"

namespace rollout {
namespace {

using storage_testing::FirstMessage;
using storage_testing::ReadOrDie;
using storage_testing::WriteOrDie;
using testing::AllBackends;
using testing::Backend;
using testing::BackendName;
using testing::TestDatabase;

class StoreTest : public ::testing::TestWithParam<Backend> {};

std::unique_ptr<Store> OpenOrDie(const std::string& location, OpenMode mode = OpenMode::kCreate) {
  Result<std::unique_ptr<Store>> s = OpenStore(location, mode);
  EXPECT_TRUE(s.ok()) << FirstMessage(s);
  return s.ok() ? std::move(s.value()) : nullptr;
}

Date D(const std::string& text) {
  Date d = 0;
  EXPECT_TRUE(ParseDate(text, &d)) << text;
  return d;
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

Alert SlipAbout(const std::string& about) {
  Alert a;
  a.kind = AlertKind::kSlip;
  a.about = about;
  return a;
}

TEST_P(StoreTest, TwoProjectsStayApart) {
  TestDatabase db(GetParam(), "two.db");
  std::unique_ptr<Store> store = OpenOrDie(db.location());
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
    // Rows nobody claimed carry token 0.
    EXPECT_TRUE(tx.MarkDelivered(alert_one, "webhook", 0, 30));
    EXPECT_TRUE(tx.MarkAttemptFailed(alert_two, "webhook", 0, 60, "timeout"));
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

TEST_P(StoreTest, LoadProgressOfReadsOnlyTheIdsAsked) {
  TestDatabase db(GetParam(), "of.db");
  std::unique_ptr<Store> store = OpenOrDie(db.location());
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

TEST_P(StoreTest, AlertArgsRoundTrip) {
  TestDatabase db(GetParam(), "args.db");
  std::unique_ptr<Store> store = OpenOrDie(db.location());
  ASSERT_TRUE(store);
  Alert slip = SlipAbout("2027-02-03");
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
}

// An alert raised again (every evaluation of the engine meets the alerts it
// stored before) takes no id: the next new alert's id follows the last one,
// on PostgreSQL as on SQLite (docs/database.md "Alert ids").
TEST_P(StoreTest, AnAlertStoredBeforeTakesNoIdAndIdsStayDense) {
  TestDatabase db(GetParam(), "dense.db");
  std::unique_ptr<Store> store = OpenOrDie(db.location());
  ASSERT_TRUE(store);
  const Alert slip = SlipAbout("2027-02-03");
  int64_t first = 0, second = 0;
  WriteOrDie(*store, [&](StoreTx& tx) {
    tx.InsertPlanVersion(PlanOf("p", "P"), PlanFacts{});
    first = tx.InsertAlert("p", OverdueA(), 1, "2027-01-12T18:00Z", {"webhook"});
  });
  for (int i = 0; i < 3; ++i)
    WriteOrDie(*store, [&](StoreTx& tx) {
      EXPECT_EQ(tx.InsertAlert("p", OverdueA(), 1, "2027-01-13T18:00Z", {"webhook"}), 0);
    });
  WriteOrDie(*store, [&](StoreTx& tx) {
    EXPECT_EQ(tx.InsertAlert("p", OverdueA(), 1, "2027-01-14T18:00Z", {}), 0);
    second = tx.InsertAlert("p", slip, 1, "2027-01-14T18:00Z", {});
  });
  EXPECT_GT(first, 0);
  EXPECT_EQ(second, first + 1);
  ReadOrDie(*store, [&](StoreTx& tx) {
    EXPECT_EQ(tx.ListAlerts("p", "", true, true).size(), 2u);
    EXPECT_EQ(tx.PendingDeliveries({"webhook"}).size(), 1u);
  });
}

// Fencing (docs/database.md "Fencing"): two engines' stores on one
// database. A claims; its lease runs out; B claims (the token grows); A's
// completion, failure, renewal and give-back under its old token change
// nothing, B's completion is recorded.
TEST_P(StoreTest, AnExpiredClaimIsFencedOutByTheNextClaimsToken) {
  TestDatabase db(GetParam(), "fence.db");
  std::unique_ptr<Store> a = OpenOrDie(db.location());
  ASSERT_TRUE(a);
  std::unique_ptr<Store> b = OpenOrDie(db.location(), OpenMode::kExisting);
  ASSERT_TRUE(b);
  int64_t id = 0;
  WriteOrDie(*a, [&](StoreTx& tx) {
    tx.InsertPlanVersion(PlanOf("p", "P"), FactsWithGate());
    id = tx.InsertAlert("p", OverdueA(), 1, "2027-01-12T18:00Z", {"webhook"});
  });
  ASSERT_GT(id, 0);
  std::vector<OutboxItem> held_a, held_b;
  WriteOrDie(*a, [&](StoreTx& tx) { held_a = tx.ClaimDeliveries({"webhook"}, "A", 1000, 2000, {}, {}); });
  ASSERT_EQ(held_a.size(), 1u);
  EXPECT_EQ(held_a[0].fence, 1);
  // While A's lease lives, B takes nothing; A's renewal keeps its token.
  WriteOrDie(*b, [&](StoreTx& tx) { EXPECT_TRUE(tx.ClaimDeliveries({"webhook"}, "B", 1500, 2500, {}, {}).empty()); });
  WriteOrDie(*a, [&](StoreTx& tx) {
    std::vector<OutboxItem> renewed = tx.ClaimDeliveries({"webhook"}, "A", 1600, 2600, {}, held_a);
    ASSERT_EQ(renewed.size(), 1u);
    EXPECT_EQ(renewed[0].fence, held_a[0].fence);
  });
  // A stalls past its lease: B claims the row under a new token.
  WriteOrDie(*b, [&](StoreTx& tx) { held_b = tx.ClaimDeliveries({"webhook"}, "B", 3000, 4000, {}, {}); });
  ASSERT_EQ(held_b.size(), 1u);
  EXPECT_GT(held_b[0].fence, held_a[0].fence);
  // A wakes up: its completion and its failure are refused, its renewal
  // takes nothing (B's lease lives), its give-back leaves B's claim alone.
  WriteOrDie(*a, [&](StoreTx& tx) {
    EXPECT_FALSE(tx.MarkDelivered(id, "webhook", held_a[0].fence, 50));
    EXPECT_FALSE(tx.MarkAttemptFailed(id, "webhook", held_a[0].fence, 60, "late"));
    EXPECT_TRUE(tx.ClaimDeliveries({"webhook"}, "A", 3100, 4100, {}, held_a).empty());
    tx.ReleaseClaims("A", held_a);
  });
  ReadOrDie(*a, [&](StoreTx& tx) {
    std::vector<OutboxItem> pending = tx.PendingDeliveries({"webhook"});
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].attempts, 0);  // A's failure was not recorded
    EXPECT_EQ(tx.ClaimHolders(3200), std::vector<std::string>{"B"});
  });
  // B's token is the row's: its completion is recorded.
  WriteOrDie(*b, [&](StoreTx& tx) { EXPECT_TRUE(tx.MarkDelivered(id, "webhook", held_b[0].fence, 70)); });
  ReadOrDie(*a, [&](StoreTx& tx) { EXPECT_TRUE(tx.PendingDeliveries({"webhook"}).empty()); });
  // A give-back under the right token frees the row at once: a new claim
  // (the token grows again) by another owner before the lease would end.
  int64_t id2 = 0;
  WriteOrDie(*a, [&](StoreTx& tx) {
    Alert again = OverdueA();
    again.about = "2027-01-13";
    id2 = tx.InsertAlert("p", again, 1, "2027-01-13T18:00Z", {"webhook"});
  });
  WriteOrDie(*b, [&](StoreTx& tx) { held_b = tx.ClaimDeliveries({"webhook"}, "B", 5000, 6000, {}, {}); });
  ASSERT_EQ(held_b.size(), 1u);
  EXPECT_EQ(held_b[0].alert_id, id2);
  WriteOrDie(*b, [&](StoreTx& tx) { tx.ReleaseClaims("B", held_b); });
  WriteOrDie(*a, [&](StoreTx& tx) {
    held_a = tx.ClaimDeliveries({"webhook"}, "A", 5100, 6100, {}, {});
    ASSERT_EQ(held_a.size(), 1u);
    EXPECT_EQ(held_a[0].fence, held_b[0].fence + 1);
  });
}

// Group commit: one transaction, a savepoint per body; a failing or
// rolled-back body loses its own writes only; the batch is one commit
// (another connection sees all of it or none).
TEST_P(StoreTest, WriteEachKeepsEachBodyApartInOneCommit) {
  TestDatabase db(GetParam(), "each.db");
  const std::string path = db.location();
  std::unique_ptr<Store> store = OpenOrDie(path);
  std::unique_ptr<Store> other = OpenOrDie(path, OpenMode::kExisting);
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
TEST_P(StoreTest, TxStoreMakesAUseCaseAllOrNothingInsideABatch) {
  TestDatabase db(GetParam(), "tx.db");
  const std::string path = db.location();
  std::unique_ptr<Store> store = OpenOrDie(path);
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

TEST_P(StoreTest, ChangeCounterSeesOtherWritersOnly) {
  TestDatabase db(GetParam(), "cc.db");
  const std::string path = db.location();
  std::unique_ptr<Store> engine = OpenOrDie(path);
  std::unique_ptr<Store> other = OpenOrDie(path, OpenMode::kExisting);
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

// Tokens (schema version 6): the hash is the key, revocation is once,
// the list is by person; what is stored survives a reopen.
TEST_P(StoreTest, TokensAreStoredByHashAndRevokedOnce) {
  TestDatabase db(GetParam(), "tokens.db");
  const std::string path = db.location();
  std::unique_ptr<Store> store = OpenOrDie(path);
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

TEST_P(StoreTest, StoreWriteRollsBackOnRollbackAndOnExceptions) {
  TestDatabase db(GetParam(), "r.db");
  std::unique_ptr<Store> store = OpenOrDie(db.location());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store
                  ->Write([](StoreTx& tx) {
                    tx.SetEngineState("k", "v");
                    return Store::Outcome::kRollback;
                  })
                  .ok());
  // A StoreError comes back as it was thrown.
  Status refused = store->Write([](StoreTx& tx) -> Store::Outcome {
    tx.SetEngineState("k", "v");
    throw StoreError(MakeError(ErrorCode::kGatePassed, "the gate g has passed"));
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), ErrorCode::kGatePassed);
  EXPECT_EQ(refused.errors()[0].message, "the gate g has passed");
  // Any other exception becomes a failure naming the database.
  Status failed = store->Write([](StoreTx& tx) -> Store::Outcome {
    tx.SetEngineState("k", "v");
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), ErrorCode::kFailure);
  EXPECT_NE(failed.errors()[0].message.find(store->location()), std::string::npos);
  EXPECT_NE(failed.errors()[0].message.find("boom"), std::string::npos);
  // A write on a version the project does not have is refused, not half-done.
  Status missing = store->Write([](StoreTx& tx) {
    tx.SetEngineState("k", "v");
    tx.MarkLevelled("nobody", 3);
    return Store::Outcome::kCommit;
  });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.code(), ErrorCode::kFailure);
  EXPECT_NE(missing.errors()[0].message.find(store->location()), std::string::npos);
  // Reads report a body's StoreError too.
  Status read = store->Read(
      [](StoreTx&) { throw StoreError(MakeError(ErrorCode::kUnknownTask, "no task x")); });
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.code(), ErrorCode::kUnknownTask);
  ReadOrDie(*store, [](StoreTx& tx) { EXPECT_FALSE(tx.EngineState("k")); });
  WriteOrDie(*store, [](StoreTx& tx) { tx.SetEngineState("k", "v"); });
  ReadOrDie(*store, [](StoreTx& tx) { EXPECT_EQ(tx.EngineState("k"), "v"); });
}

TEST_P(StoreTest, LevelledVersionAndPeopleRoundTrip) {
  TestDatabase db(GetParam(), "new.db");
  std::unique_ptr<Store> store = OpenOrDie(db.location());
  ASSERT_TRUE(store);
  WriteOrDie(*store, [](StoreTx& tx) {
    StoredPlan plan;
    plan.plan_id = "p";
    plan.format = "yaml";
    plan.source = "plan: p";
    plan.timezone = "UTC";
    const int version = tx.InsertPlanVersion(plan, PlanFacts{});
    EXPECT_EQ(version, 1);
    EXPECT_FALSE(tx.IsLevelled("p", version));
    tx.MarkLevelled("p", version);
    tx.MarkLevelled("p", version);  // idempotent
    EXPECT_TRUE(tx.IsLevelled("p", version));
    Baseline b;
    b.plan_version = version;
    b.tasks["a"] = {0, 3, "2027-01-11", "2027-01-13", std::vector<std::string>{"анна", "bob"}};
    b.tasks["m"] = {3, 3, "2027-01-13", "2027-01-13", std::vector<std::string>{}};
    b.tasks["plain"] = {0, 1, "2027-01-11", "2027-01-11", std::nullopt};
    tx.InsertBaseline("p", b);
  });
  ReadOrDie(*store, [](StoreTx& tx) {
    EXPECT_TRUE(tx.IsLevelled("p", 1));
    std::optional<Baseline> back = tx.CurrentBaseline("p");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->plan_version, 1);
    EXPECT_EQ(back->tasks["a"].assigned, (std::vector<std::string>{"анна", "bob"}));
    ASSERT_TRUE(back->tasks["m"].assigned.has_value());
    EXPECT_TRUE(back->tasks["m"].assigned->empty());
    EXPECT_FALSE(back->tasks["plain"].assigned.has_value());
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, AllBackends(), BackendName);

}  // namespace
}  // namespace rollout
