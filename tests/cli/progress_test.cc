// start, done, reopen, metric, load and baseline through the real binary:
// the permission matrix, gates, no-ops, refusals that write nothing, the
// audit trail.
#include <gtest/gtest.h>

#include "tests/testing/test_db.h"

#include "storage/store.h"

#include "tests/cli/db_fixture.h"

namespace rollout {
namespace {

using testing::DbFixture;
using testing::RunResult;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::unique_ptr<Store> OpenStoreOf(const DbFixture& f) {
  Result<std::unique_ptr<Store>> store = OpenStore(f.db(), OpenMode::kExisting);
  EXPECT_TRUE(store.ok());
  return store.ok() ? std::move(store.value()) : nullptr;
}

// An approval recorded behind the CLI's back (no KPI checks), through the store.
void ApproveGate(const DbFixture& f, const std::string& gate) {
  Date on = 0;
  ASSERT_TRUE(ParseDate("2027-01-19", &on));
  Status st = OpenStoreOf(f)->Write([&](StoreTx& tx) {
    tx.InsertGateDecision("p", gate, true, "boss", "", 0, on);
    return Store::Outcome::kCommit;
  });
  ASSERT_TRUE(st.ok());
}

class ProgressCliDb : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(ProgressCliDb, LoadStoresPlanAndTasksShowBaseline) {
  DbFixture f(GetParam());
  nlohmann::json t = f.Tasks();
  ASSERT_EQ(t.size(), 6u);  // leaves and gates, not groups
  EXPECT_EQ(t["a"]["name"], "Аудит; \"продаж\" 'x' -- DROP TABLE");
  EXPECT_EQ(t["a"]["state"], "planned");
  EXPECT_EQ(t["a"]["assigned"], nlohmann::json({"petrova"}));
  EXPECT_EQ(t["c"]["assigned"], nlohmann::json({"petrova", "sidorov"}));
  EXPECT_EQ(t["a"]["start"], "2027-01-11");
  EXPECT_EQ(t["a"]["finish"], "2027-01-13");
  // At 2027-01-12 nothing has started: a is forecast from today.
  EXPECT_EQ(t["a"]["forecast_start"], "2027-01-12");
  EXPECT_EQ(t["a"]["forecast_finish"], "2027-01-14");
  EXPECT_EQ(t["g"]["state"], "closed");
}

TEST_P(ProgressCliDb, PermissionMatrix) {
  struct Case {
    const char* person;
    std::vector<std::string> args;
    int code;
  };
  const std::vector<Case> cases = {
      {"petrova", {"start", "a"}, 0},          // assignee
      {"sidorov", {"start", "a"}, 3},          // staff, not assigned
      {"stranger", {"start", "e"}, 3},         // unknown person
      {"boss", {"start", "e"}, 0},             // lead: any task
      {"sidorov", {"start", "b"}, 0},          // assignee (warning: a not done)
      {"petrova", {"done", "b"}, 3},           // not hers
      {"petrova", {"done", "e"}, 3},           // unassigned task: leads only
      {"petrova", {"reopen", "b"}, 3},         // not hers
      {"sidorov", {"reopen", "b"}, 0},         // his
      {"petrova", {"metric", "set", "checked", "5"}, 3},
      {"stranger", {"metric", "set", "checked", "5"}, 3},
      {"boss", {"metric", "set", "checked", "5"}, 0},
      {"petrova", {"baseline"}, 3},
      {"boss", {"baseline"}, 0},
  };
  DbFixture f(GetParam());
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    RunResult r = f.As(c.person, args);
    EXPECT_EQ(r.exit_code, c.code) << c.person << " " << args[0] << " " << args[1] << "\n"
                                   << r.err;
    if (c.code == 3) {
      EXPECT_TRUE(Has(r.err, "rollout: error: ")) << r.err;
    }
  }
  // The second load is for leads of the loaded plan only.
  std::string plan = f.WritePlan("again.yaml", testing::kDbTestPlan);
  EXPECT_EQ(f.As("petrova", {"load", plan}).exit_code, 3);
  EXPECT_EQ(f.As("boss", {"load", plan}).exit_code, 0);
}

TEST_P(ProgressCliDb, StaffWithNeededRoleMayChangeTask) {
  DbFixture f(GetParam());
  ApproveGate(f, "g");
  EXPECT_EQ(f.As("sidorov", {"start", "c"}).exit_code, 0);
  EXPECT_EQ(f.As("petrova", {"done", "c"}).exit_code, 0);
}

TEST_P(ProgressCliDb, RefusalSaysWhyAndWritesNothing) {
  DbFixture f(GetParam());
  size_t before = f.Log().size();
  RunResult r = f.As("sidorov", {"done", "a", "--note", "not mine"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Has(r.err, "'sidorov' may not change 'a'")) << r.err;
  EXPECT_TRUE(Has(r.err, "assigned to petrova")) << r.err;
  r = f.As("nobody", {"start", "a"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Has(r.err, "'nobody' is not a person of the plan")) << r.err;
  EXPECT_EQ(f.Log().size(), before);
  EXPECT_EQ(f.Tasks()["a"]["state"], "planned");
}

TEST_P(ProgressCliDb, GateBlocksDownstreamStartAndDone) {
  DbFixture f(GetParam());
  RunResult r = f.As("boss", {"start", "c"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Has(r.err, "gate 'g' has not passed")) << r.err;
  EXPECT_EQ(f.As("boss", {"done", "c"}).exit_code, 3);
  EXPECT_EQ(f.Tasks()["c"]["state"], "planned");
  ApproveGate(f, "g");
  r = f.As("boss", {"start", "c"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // b is a predecessor of g, not of c: no warning about it.
  EXPECT_FALSE(Has(r.err, "warning")) << r.err;
}

TEST_P(ProgressCliDb, StartBeforePredecessorsWarns) {
  DbFixture f(GetParam());
  RunResult r = f.As("sidorov", {"start", "b"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "rollout: warning: 'b' starts before its predecessors are done: a"))
      << r.err;
  EXPECT_EQ(f.Tasks()["b"]["state"], "started");
}

TEST_P(ProgressCliDb, DoneTwiceIsANoOpThatSaysSo) {
  DbFixture f(GetParam());
  ASSERT_EQ(f.As("petrova", {"done", "a", "--note", "всё; \"готово\""}).exit_code, 0);
  size_t before = f.Log().size();
  RunResult r = f.As("petrova", {"done", "a"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(Has(r.out, "already done")) << r.out;
  EXPECT_EQ(f.Log().size(), before);
}

TEST_P(ProgressCliDb, DoneOnNeverStartedTaskRecordsStart) {
  DbFixture f(GetParam());
  f.now = "2027-01-13T16:30";
  ASSERT_EQ(f.As("petrova", {"done", "a"}).exit_code, 0);
  nlohmann::json a = f.Tasks()["a"];
  EXPECT_EQ(a["state"], "done");
  EXPECT_EQ(a["forecast_start"], "2027-01-13");
  EXPECT_EQ(a["forecast_finish"], "2027-01-13");
}

TEST_P(ProgressCliDb, ReopenStepsBack) {
  DbFixture f(GetParam());
  ASSERT_EQ(f.As("petrova", {"done", "a"}).exit_code, 0);
  ASSERT_EQ(f.As("petrova", {"reopen", "a"}).exit_code, 0);
  EXPECT_EQ(f.Tasks()["a"]["state"], "started");
  ASSERT_EQ(f.As("petrova", {"reopen", "a"}).exit_code, 0);
  EXPECT_EQ(f.Tasks()["a"]["state"], "planned");
  RunResult r = f.As("petrova", {"reopen", "a"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(Has(r.out, "not started")) << r.out;
}

TEST_P(ProgressCliDb, BadInputIsUsageError) {
  DbFixture f(GetParam());
  RunResult r = f.As("boss", {"done", "bb"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "unknown task 'bb'")) << r.err;
  EXPECT_TRUE(Has(r.err, "did you mean")) << r.err;
  EXPECT_EQ(f.As("boss", {"done", "grp"}).exit_code, 2);
  EXPECT_EQ(f.As("boss", {"done", "g"}).exit_code, 2);
  EXPECT_EQ(f.As("boss", {"metric", "set", "checkd", "1"}).exit_code, 2);
  EXPECT_EQ(f.As("boss", {"metric", "set", "checked", "many"}).exit_code, 2);
  f.now = "2027-02-30T10:00";
  EXPECT_EQ(f.As("boss", {"done", "a"}).exit_code, 2);
  f.now = "yesterday";
  EXPECT_EQ(f.As("boss", {"done", "a"}).exit_code, 2);
}

TEST_P(ProgressCliDb, MetricTakesNegativeAndFractionalValues) {
  DbFixture f(GetParam());
  for (const char* value : {"-3", "-0.5", "2.25", "0"}) {
    RunResult r = f.As("boss", {"metric", "set", "checked", value});
    ASSERT_EQ(r.exit_code, 0) << value << ": " << r.err;
    EXPECT_EQ(r.out, std::string("checked = ") + value + "\n");
  }
  nlohmann::json log = f.Log();
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[1]["note"], "checked = -3");
  EXPECT_EQ(log[2]["note"], "checked = -0.5");
  Progress progress;
  ASSERT_TRUE(OpenStoreOf(f)->Read([&](StoreTx& tx) { progress = tx.LoadProgress("p"); }).ok());
  EXPECT_DOUBLE_EQ(progress.metrics.at("checked"), 0.0);
  // Not a (finite) number: a usage error that writes nothing.
  for (const char* value : {"-x", "abc", "--3", "nan", "-inf", "1e999"}) {
    RunResult r = f.As("boss", {"metric", "set", "checked", value});
    EXPECT_EQ(r.exit_code, 2) << value << ": " << r.out;
  }
  EXPECT_EQ(f.Log().size(), 5u);
}

TEST_P(ProgressCliDb, EveryWritingCommandRecordsAtNow) {
  DbFixture f(GetParam());
  struct Step {
    const char* now;
    const char* person;
    std::vector<std::string> args;
    const char* at;  // the audit trail's `at`: --now read in Europe/Moscow
  };
  const std::vector<Step> steps = {
      {"2027-01-12T09:01", "petrova", {"start", "a"}, "2027-01-12T09:01:00+03:00"},
      {"2027-01-13T18:02", "petrova", {"done", "a"}, "2027-01-13T18:02:00+03:00"},
      {"2027-01-14T08:03", "petrova", {"reopen", "a"}, "2027-01-14T08:03:00+03:00"},
      {"2027-01-14T09:04", "petrova", {"done", "a"}, "2027-01-14T09:04:00+03:00"},
      {"2027-01-15T10:05", "sidorov", {"done", "b"}, "2027-01-15T10:05:00+03:00"},
      {"2027-01-15T11:06", "boss", {"metric", "set", "checked", "1"}, "2027-01-15T11:06:00+03:00"},
      {"2027-01-15T12:07", "boss", {"gate", "approve", "g"}, "2027-01-15T12:07:00+03:00"},
      {"2027-01-15T09:08Z", "boss", {"baseline"}, "2027-01-15T12:08:00+03:00"},
  };
  for (const Step& s : steps) {
    f.now = s.now;
    RunResult r = f.As(s.person, s.args);
    ASSERT_EQ(r.exit_code, 0) << s.args[0] << ": " << r.err;
  }
  nlohmann::json log = f.Log();
  ASSERT_EQ(log.size(), steps.size() + 1) << log;
  for (size_t i = 0; i < steps.size(); ++i) EXPECT_EQ(log[i + 1]["at"], steps[i].at) << i;
  // The recorded dates are the plan-local dates of --now.
  nlohmann::json t = f.Tasks();
  EXPECT_EQ(t["a"]["forecast_finish"], "2027-01-14");
  EXPECT_EQ(t["b"]["forecast_start"], "2027-01-15");
  // load takes it too.
  f.now = "2027-01-18T07:09";
  ASSERT_EQ(f.As("boss", {"load", f.WritePlan("v2.yaml", testing::kDbTestPlan)}).exit_code, 0);
  EXPECT_EQ(f.Log().back()["at"], "2027-01-18T07:09:00+03:00");
}

TEST_P(ProgressCliDb, LogRecordsWhoWhatWhenVerbatim) {
  DbFixture f(GetParam());
  f.now = "2027-01-12T10:05";
  ASSERT_EQ(f.As("petrova", {"start", "a"}).exit_code, 0);
  f.now = "2027-01-13T07:00Z";  // an explicit offset: 10:00 in Moscow
  ASSERT_EQ(f.As("petrova", {"done", "a", "--note", "Готово; \"ok\" 'x'"}).exit_code, 0);
  nlohmann::json log = f.Log();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0]["action"], "load");
  EXPECT_EQ(log[0]["actor"], "boss");
  EXPECT_TRUE(log[0]["task"].is_null());
  EXPECT_EQ(log[1]["at"], "2027-01-12T10:05:00+03:00");
  EXPECT_EQ(log[1]["action"], "start");
  EXPECT_EQ(log[1]["task"], "a");
  EXPECT_EQ(log[2]["at"], "2027-01-13T10:00:00+03:00");
  EXPECT_EQ(log[2]["actor"], "petrova");
  EXPECT_EQ(log[2]["note"], "Готово; \"ok\" 'x'");
  RunResult text = f.As("boss", {"log"});
  EXPECT_TRUE(Has(text.out, "Готово; \"ok\" 'x'")) << text.out;
}

TEST_P(ProgressCliDb, ReloadKeepsProgressAndRefusesToDropStartedTasks) {
  DbFixture f(GetParam());
  ASSERT_EQ(f.As("petrova", {"done", "a"}).exit_code, 0);
  ASSERT_EQ(f.As("boss", {"start", "e"}).exit_code, 0);
  std::string without_e = testing::kDbTestPlan;
  without_e = without_e.substr(0, without_e.find("  - {id: e"));
  std::string path = f.WritePlan("v2.yaml", without_e);
  RunResult r = f.As("boss", {"load", path});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Has(r.err, "e (started)")) << r.err;
  EXPECT_TRUE(Has(r.err, "--force")) << r.err;
  EXPECT_EQ(f.Tasks().size(), 6u);  // still version 1
  r = f.As("boss", {"load", path, "--force"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json t = f.Tasks();
  EXPECT_EQ(t.size(), 5u);
  EXPECT_EQ(t["a"]["state"], "done");  // kept
}

TEST(ProgressCli, FirstLoadNeedsALeadOfThePlan) {
  testing::ScopedTempDir dir;
  std::string plan = dir.Write("p.yaml", testing::kDbTestPlan);
  std::string db = dir.path() + "/x.db";
  RunResult r = testing::Rollout({"--db", db, "--as", "petrova", "load", plan});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Has(r.err, "only a lead")) << r.err;
  r = testing::Rollout({"--db", db, "tasks"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "holds no plan")) << r.err;
}

TEST(ProgressCli, DatabasePathFromEnvironment) {
  testing::ScopedTempDir dir;
  std::string plan = dir.Write("p.yaml", testing::kDbTestPlan);
  RunResult r = testing::Rollout({"load", plan},
                                 {"XDG_DATA_HOME=" + dir.path() + "/xdg", "ROLLOUT_DB=",
                                  "ROLLOUT_USER=boss"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, dir.path() + "/xdg/rollout/rollout.db")) << r.out;
  r = testing::Rollout({"tasks", "--json"},
                       {"ROLLOUT_DB=" + dir.path() + "/xdg/rollout/rollout.db",
                        "ROLLOUT_NOW=2027-01-12T10:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).size(), 6u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProgressCliDb, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout
