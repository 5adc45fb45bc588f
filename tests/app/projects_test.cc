// The use cases of app/ in process, on both backends behind the Store (a
// SQLite file, a PostgreSQL database: tests/testing/test_db.h):
// two projects in one database stay apart, a session picks its project, and
// errors carry codes.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/alert_evaluator.h"
#include "app/inbox.h"
#include "app/lead_acts.h"
#include "app/load.h"
#include "app/progress_acts.h"
#include "app/project_view.h"
#include "engine/runtime/tz_time_zone.h"
#include "tests/testing/run_binary.h"
#include "tests/testing/test_db.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

// Two plans with the same task ids and people: only their plan id differs.
std::string PlanOf(const std::string& id) {
  return "plan: " + id + R"(
title: "Регион )" + id + R"("
start: 2027-01-11
timezone: UTC
roles: {lead: {name: Lead}, manager: {name: Manager}}
people:
  - {id: boss, roles: [lead]}
  - {id: ann, roles: [manager]}
metrics: {kpi: {name: KPI}}
tasks:
  - {id: a, name: "Аудит", duration: 2, assignee: ann}
  - {id: g, after: [a], gate: {approve: [boss], metrics: [{metric: kpi, min: 5}]}}
  - {id: b, duration: 3, after: [g], assignee: ann, deadline: 2027-01-14}
)";
}

Instant At(const char* local) {
  Result<Instant> t = ParseNow(local, FixedOffsetZone(0), 0);
  EXPECT_TRUE(t.ok());
  return t.ok() ? t.value() : 0;
}

class ProjectsTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Store>> store = OpenStore(db_.location(), OpenMode::kCreate);
    ASSERT_TRUE(store.ok());
    store_ = std::move(store.value());
    ASSERT_TRUE(Load("north", "2027-01-08T10:00").ok());
    ASSERT_TRUE(Load("south", "2027-01-08T11:00").ok());
  }

  Result<LoadOutcome> Load(const std::string& id, const char* at) {
    const std::string text = PlanOf(id);
    Result<Plan> plan = ReadPlan(id + ".yaml", text);
    EXPECT_TRUE(plan.ok());
    ScheduledPlan s = SchedulePlan(std::move(plan.value()));
    const Instant now = At(at);
    Result<LoadOutcome> out = LoadPlanVersion(*store_, s, {text, id + ".yaml", false, "boss", now},
                                              FormatInstant(FixedOffsetZone(0), now));
    EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.errors()[0].message);
    return out;
  }

  Session Open(const std::string& project, const std::string& who, const char* now) {
    Result<Session> s = OpenSession(*store_, {project, who, now, 0}, true);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.errors()[0].message);
    return std::move(s.value());
  }

  testing::TestDatabase db_{GetParam(), "r.db"};
  std::unique_ptr<Store> store_;
};

TEST_P(ProjectsTest, EachProjectCountsItsVersionsFromOne) {
  Result<std::vector<ProjectRow>> rows = ListProjects(*store_);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 2u);
  EXPECT_EQ(rows.value()[0].id, "north");
  EXPECT_EQ(rows.value()[0].title, "Регион north");
  EXPECT_EQ(rows.value()[0].version, 1);
  EXPECT_EQ(rows.value()[1].id, "south");
  Result<LoadOutcome> again = Load("north", "2027-01-09T10:00");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().version, 2);
  EXPECT_FALSE(again.value().new_project);
  EXPECT_EQ(Open("south", "boss", "2027-01-11T10:00").plan.version, 1);
}

TEST_P(ProjectsTest, WithSeveralProjectsOneMustBeNamed) {
  Result<Session> none = OpenSession(*store_, {"", "boss", "2027-01-11T10:00", 0}, false);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.code(), ErrorCode::kProjectNotNamed);
  EXPECT_EQ(ClassOf(none.code()), ErrorClass::kInvalid);
  EXPECT_NE(none.errors()[0].message.find("2 projects: north, south"), std::string::npos)
      << none.errors()[0].message;
  Result<Session> unknown = OpenSession(*store_, {"west", "boss", "2027-01-11T10:00", 0}, false);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.code(), ErrorCode::kUnknownProject);
  EXPECT_EQ(Open("south", "boss", "2027-01-11T10:00").project(), "south");
}

TEST_P(ProjectsTest, ProgressLogAndBaselineStayInTheirProject) {
  Session north = Open("north", "ann", "2027-01-11T10:00");
  Result<ProgressOutcome> done = RecordProgress(north, ProgressVerb::kDone, "a", "north only");
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(done.value().changed);

  Session south = Open("south", "ann", "2027-01-11T10:00");
  Result<ProjectView> sv = LoadProjectView(south);
  ASSERT_TRUE(sv.ok());
  EXPECT_EQ(sv.value().StateOf(sv.value().s.plan.FindTask("a")), "planned");
  EXPECT_EQ(sv.value().StateOf(sv.value().s.plan.FindTask("g")), "closed");
  Result<ProjectView> nv = LoadProjectView(north);
  ASSERT_TRUE(nv.ok());
  EXPECT_EQ(nv.value().StateOf(nv.value().s.plan.FindTask("a")), "done");
  EXPECT_EQ(nv.value().StateOf(nv.value().s.plan.FindTask("g")), "ready");

  Result<std::vector<LogEntry>> nlog = ReadAuditLog(north);
  Result<std::vector<LogEntry>> slog = ReadAuditLog(south);
  ASSERT_TRUE(nlog.ok() && slog.ok());
  ASSERT_EQ(nlog.value().size(), 2u);  // load, done
  EXPECT_EQ(nlog.value()[1].note, "north only");
  ASSERT_EQ(slog.value().size(), 1u);  // load
  EXPECT_EQ(slog.value()[0].action, "load");

  // A new baseline of north (a lead, later) leaves south's as it was.
  Session lead = Open("north", "boss", "2027-01-20T10:00");
  Result<Baseline> b = Rebaseline(lead);
  ASSERT_TRUE(b.ok());
  Result<ProjectView> sv2 = LoadProjectView(Open("south", "boss", "2027-01-20T10:00"));
  ASSERT_TRUE(sv2.ok() && sv2.value().baseline);
  EXPECT_NE(sv2.value().baseline->id, b.value().id);
  EXPECT_EQ(sv2.value().baseline->finish, "2027-01-15");  // as loaded: b Wed 13..Fri 15
  EXPECT_NE(b.value().finish, "2027-01-15");  // north's forecast at the 20th: b not started yet
  EXPECT_EQ(LoadProjectView(lead).value().baseline->id, b.value().id);
}

TEST_P(ProjectsTest, MetricsAndGatesStayInTheirProject) {
  ASSERT_TRUE(RecordProgress(Open("north", "ann", "2027-01-11T10:00"), ProgressVerb::kDone, "a", "")
                  .ok());
  ASSERT_TRUE(RecordProgress(Open("south", "ann", "2027-01-11T10:00"), ProgressVerb::kDone, "a", "")
                  .ok());
  ASSERT_TRUE(SetMetricValue(Open("north", "boss", "2027-01-12T10:00"), "kpi", "7").ok());
  Result<GateOutcome> north = DecideGate(Open("north", "boss", "2027-01-12T11:00"), "g", true, "");
  ASSERT_TRUE(north.ok()) << north.errors()[0].message;
  // South has no KPI value: its gate is refused, by code.
  Result<GateOutcome> south = DecideGate(Open("south", "boss", "2027-01-12T11:00"), "g", true, "");
  ASSERT_FALSE(south.ok());
  EXPECT_EQ(south.code(), ErrorCode::kKpiShort);
  EXPECT_EQ(south.errors()[0].subject, "g");
  EXPECT_EQ(south.errors()[0].message, "kpi has no recorded value, needs at least 5");
}

TEST_P(ProjectsTest, AlertsAreRaisedPerProjectAndAckedOnlyInTheirOwn) {
  StoreAlertSource source(store_.get(), "", [](const StoredAlert& a) { return a.kind; });
  Result<std::vector<ProjectAlerts>> due = source.Evaluate(At("2027-01-13T12:00"));
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due.value().size(), 2u);
  // The same identities in both projects, each stored once per project.
  Status st = store_->Write([&](StoreTx& tx) {
    for (const ProjectAlerts& p : due.value())
      for (const Alert& a : p.due.alerts)
        EXPECT_NE(tx.InsertAlert(p.project, a, p.plan_version, p.created_at, {}), 0);
    return Store::Outcome::kCommit;
  });
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(due.value()[0].due.alerts.size(), due.value()[1].due.alerts.size());
  ASSERT_FALSE(due.value()[0].due.alerts.empty());

  Session north = Open("north", "boss", "2027-01-13T12:00");
  Session south = Open("south", "boss", "2027-01-13T12:00");
  Result<std::vector<StoredAlert>> ninbox = ListInbox(north, true);
  Result<std::vector<StoredAlert>> sinbox = ListInbox(south, true);
  ASSERT_TRUE(ninbox.ok() && sinbox.ok());
  ASSERT_EQ(ninbox.value().size(), sinbox.value().size());
  for (const StoredAlert& a : ninbox.value()) EXPECT_EQ(a.project, "north");
  const int64_t south_id = sinbox.value()[0].id;
  Result<AckOutcome> wrong = AckAlert(north, south_id);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.code(), ErrorCode::kUnknownAlert);
  Result<AckOutcome> right = AckAlert(south, south_id);
  ASSERT_TRUE(right.ok());
  EXPECT_TRUE(right.value().fresh);
  EXPECT_EQ(ListInbox(south, false).value().size(), sinbox.value().size() - 1);
  EXPECT_EQ(ListInbox(north, false).value().size(), ninbox.value().size());
}

TEST_P(ProjectsTest, ProgressErrorsCarryCodes) {
  Session s = Open("north", "ann", "2027-01-11T10:00");
  Result<ProgressOutcome> unknown = RecordProgress(s, ProgressVerb::kStart, "aa", "");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.code(), ErrorCode::kUnknownTask);
  EXPECT_EQ(unknown.errors()[0].hint, "did you mean 'a'?");
  Result<ProgressOutcome> gate = RecordProgress(s, ProgressVerb::kDone, "g", "");
  ASSERT_FALSE(gate.ok());
  EXPECT_EQ(gate.code(), ErrorCode::kIsGate);
  EXPECT_EQ(gate.errors()[0].subject, "g");
  Result<ProgressOutcome> blocked = RecordProgress(s, ProgressVerb::kStart, "b", "");
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.code(), ErrorCode::kBlockedByGate);
  EXPECT_EQ(ClassOf(blocked.code()), ErrorClass::kConflict);
  Session boss_as_stranger = Open("north", "nobody", "2027-01-11T10:00");
  Result<ProgressOutcome> stranger = RecordProgress(boss_as_stranger, ProgressVerb::kStart, "a", "");
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.code(), ErrorCode::kUnknownPerson);
  EXPECT_EQ(ClassOf(stranger.code()), ErrorClass::kRefused);
  // A refused act wrote nothing.
  EXPECT_EQ(ReadAuditLog(s).value().size(), 1u);
}

// Issue #12, bug 2: a finish before its start is invalid input and writes nothing.
TEST_P(ProjectsTest, AFinishBeforeItsStartIsRefused) {
  ASSERT_TRUE(RecordProgress(Open("north", "ann", "2027-02-03T11:00"), ProgressVerb::kStart, "a", "")
                  .ok());
  Session earlier = Open("north", "ann", "2027-01-25T11:00");
  Result<ProgressOutcome> done = RecordProgress(earlier, ProgressVerb::kDone, "a", "");
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.code(), ErrorCode::kFinishBeforeStart);
  EXPECT_EQ(ClassOf(done.code()), ErrorClass::kInvalid);  // exit 2
  EXPECT_EQ(done.errors()[0].message,
            "cannot record 'a' done on 2027-01-25: it started on 2027-02-03, later");
  EXPECT_EQ(ReadAuditLog(earlier).value().size(), 2u);  // load, start
  EXPECT_TRUE(RecordProgress(Open("north", "ann", "2027-02-03T17:00"), ProgressVerb::kDone, "a", "")
                  .ok());
}

TEST_P(ProjectsTest, ABadTimeIsInvalidInput) {
  Result<Session> s = OpenSession(*store_, {"north", "boss", "2027-13-01T10:00", 0}, false);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kBadTime);
  EXPECT_EQ(s.errors()[0].subject, "2027-13-01T10:00");
}

INSTANTIATE_TEST_SUITE_P(Backends, ProjectsTest, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout
