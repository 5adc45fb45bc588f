// The truth mid-project (issue #12), through the real binary on the fixture
// plan of db_fixture.h: remaining work, records before the project start,
// the baseline kept across loads and renames, missed deadlines said in
// `plan check`, `load`, `status` and the Gantt, `show TASK`, the database's
// Gantt and critical chains, options honoured or refused, unknown people,
// and the slip threshold against alert noise.
//
// The calendar: Monday to Friday, day 0 = Monday 2027-01-11, so offsets
// 0..4 = Jan 11..15, 5..9 = Jan 18..22, 10..14 = Jan 25..29. Baseline: a 0-3
// (11..13), b 3-5 (14..15), d 3-4 (14), gate g at 5 (shown on 15), c 5-9
// (18..21), e 0-2 (11..12); F = 9, finish 2027-01-21.
#include <gtest/gtest.h>

#include "tests/testing/test_db.h"

#include <string>
#include <vector>

#include "tests/cli/db_fixture.h"

namespace rollout {
namespace {

using nlohmann::json;
using testing::DbFixture;
using testing::RunResult;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The fixture plan with |extra| lines after its `timezone:` line and
// |replace| applied (first occurrence of .first by .second).
std::string PlanWith(const std::string& extra,
                     const std::vector<std::pair<std::string, std::string>>& replace = {}) {
  std::string plan = testing::kDbTestPlan;
  const std::string tz = "timezone: Europe/Moscow\n";
  plan.insert(plan.find(tz) + tz.size(), extra);
  for (const auto& [from, to] : replace) {
    const size_t at = plan.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) plan.replace(at, from.size(), to);
  }
  return plan;
}

// ------------------------------------------------------------ remaining work

class BaselineAcrossLoads : public ::testing::TestWithParam<testing::Backend> {};
class DatabaseViews : public ::testing::TestWithParam<testing::Backend> {};
class EngineLine : public ::testing::TestWithParam<testing::Backend> {};
class MissedDeadlines : public ::testing::TestWithParam<testing::Backend> {};
class ProgressDates : public ::testing::TestWithParam<testing::Backend> {};
class RemainingWork : public ::testing::TestWithParam<testing::Backend> {};
class ShowTask : public ::testing::TestWithParam<testing::Backend> {};
class UnknownPeople : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(RemainingWork, RemainingAndPercentDriveTheForecast) {
  DbFixture f(GetParam());
  f.OkAt("2027-01-12T09:30", "petrova", {"start", "a"});
  // Thu 14: t = 3. Without a record a: es 1, ef = max(1 + 3, 4) = 4 -> Jan 14.
  f.now = "2027-01-14T10:00";
  EXPECT_EQ(f.Tasks()["a"]["forecast_finish"], "2027-01-14");
  EXPECT_EQ(f.Tasks()["a"]["remaining"], 1);

  RunResult r = f.As("petrova", {"progress", "a", "--remaining", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "4 working days left on 2027-01-14")) << r.out;
  // ef = max(t + 4, t + 1) = 7 -> date(6) = Tue 19; b follows: 7-9 -> 20..21.
  json t = f.Tasks();
  EXPECT_EQ(t["a"]["forecast_finish"], "2027-01-19");
  EXPECT_EQ(t["a"]["remaining"], 4);
  EXPECT_EQ(t["a"]["percent"], 0);  // 4 left of 3: nothing done by that measure
  EXPECT_EQ(t["b"]["forecast_start"], "2027-01-20");
  EXPECT_EQ(t["b"]["remaining"], 2);  // planned: its duration
  EXPECT_EQ(t["b"]["percent"], 0);
  EXPECT_TRUE(t["g"]["percent"].is_null());

  // 50 % of 3 days: ceil(1.5) = 2 left -> ef = 5 -> Fri 15.
  r = f.As("boss", {"progress", "a", "--percent", "50", "--note", "half way"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  t = f.Tasks();
  EXPECT_EQ(t["a"]["forecast_finish"], "2027-01-15");
  EXPECT_EQ(t["a"]["remaining"], 2);
  EXPECT_EQ(t["a"]["percent"], 50);

  // The next day the record still says 2 left from today: ef = 4 + 2 = 6.
  f.now = "2027-01-15T10:00";
  EXPECT_EQ(f.Tasks()["a"]["forecast_finish"], "2027-01-18");

  // Audited, with who and what.
  const json log = f.Log();
  ASSERT_GE(log.size(), 4u);
  EXPECT_EQ(log[log.size() - 2]["action"], "progress");
  EXPECT_EQ(log[log.size() - 2]["actor"], "petrova");
  EXPECT_EQ(log[log.size() - 2]["note"], "remaining 4");
  EXPECT_EQ(log.back()["note"], "remaining 2 (50 % complete); half way");

  // done clears the estimate: remaining 0, percent 100.
  f.OkAt("2027-01-15T12:00", "petrova", {"done", "a"});
  EXPECT_EQ(f.Tasks()["a"]["remaining"], 0);
  EXPECT_EQ(f.Tasks()["a"]["percent"], 100);
  f.OkAt("2027-01-15T12:30", "petrova", {"reopen", "a"});
  EXPECT_EQ(f.Tasks()["a"]["state"], "started");
  EXPECT_EQ(f.Tasks()["a"]["remaining"], 1);  // from the plan again: max(1 + 3, 5) - 4
}

TEST_P(RemainingWork, RefusedRecordsWriteNothing) {
  DbFixture f(GetParam());
  f.OkAt("2027-01-12T09:30", "petrova", {"start", "a"});
  const size_t before = f.Log().size();
  struct Case {
    std::string who;
    std::vector<std::string> args;
    int code;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"sidorov", {"progress", "b", "--remaining", "1"}, 2, "'b' is planned"},
      {"sidorov", {"progress", "a", "--remaining", "1"}, 3, "sidorov"},
      {"boss", {"progress", "a"}, 2, "--remaining DAYS or --percent P"},
      {"boss", {"progress", "a", "--remaining", "1", "--percent", "5"}, 2, "one of them"},
      {"boss", {"progress", "a", "--percent", "150"}, 2, "0..100"},
      {"boss", {"progress", "a", "--remaining", "x"}, 2, "working days"},
      {"boss", {"progress", "a", "--remaining", "-1"}, 2, "working days"},
      {"boss", {"progress", "grp", "--remaining", "1"}, 2, "is a group"},
      {"boss", {"progress", "g", "--remaining", "1"}, 2, "is a gate"},
      {"boss", {"progress", "zz", "--remaining", "1"}, 2, "unknown task 'zz'"},
  };
  for (const Case& c : cases) {
    RunResult r = f.As(c.who, c.args);
    EXPECT_EQ(r.exit_code, c.code) << c.args[1] << " " << r.err;
    EXPECT_TRUE(Has(r.err, c.says)) << r.err;
  }
  EXPECT_EQ(f.Log().size(), before);
  EXPECT_EQ(f.Tasks()["a"]["remaining"], 3);  // the plan's: max(1 + 3, 2) - 1 at Tue 12
}

TEST_P(RemainingWork, TheLevelledForecastUsesItToo) {
  DbFixture f(GetParam());
  const std::string plan = f.WritePlan("levelled.yaml", PlanWith("levelled: true\n"));
  RunResult r = f.As("boss", {"load", plan});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  f.OkAt("2027-01-12T09:30", "petrova", {"start", "a"});
  f.now = "2027-01-14T10:00";
  ASSERT_EQ(f.As("petrova", {"progress", "a", "--remaining", "4"}).exit_code, 0);
  json t = f.Tasks();
  EXPECT_EQ(t["a"]["forecast_finish"], "2027-01-19");
  EXPECT_EQ(t["a"]["remaining"], 4);
}

// ------------------------------------------------- records out of the project

TEST_P(ProgressDates, ARecordBeforeTheProjectStartIsRefused) {
  DbFixture f(GetParam());
  const size_t before = f.Log().size();
  f.now = "2027-01-08T10:00";  // the Friday before day 0
  RunResult r = f.As("petrova", {"start", "a"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(Has(r.err, "cannot record 'a' on 2027-01-08: the project starts on 2027-01-11"))
      << r.err;
  r = f.As("petrova", {"done", "a"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(f.Log().size(), before);
  f.now = "2027-01-12T10:00";
  EXPECT_EQ(f.Tasks()["a"]["state"], "planned");
}

// ------------------------------------------------------ the baseline is kept

TEST_P(BaselineAcrossLoads, TasksThatRemainKeepTheirBaselineUnlessRebaselined) {
  DbFixture f(GetParam());
  f.OkAt("2027-01-11T10:00", "boss", {"done", "e"});
  // Version 2: a takes 5 days, a new task n after b.
  const std::string v2 = f.WritePlan(
      "v2.yaml", PlanWith("", {{"duration: 3, assignee: petrova", "duration: 5, assignee: petrova"},
                               {"  - {id: e, duration: 2}\n",
                                "  - {id: e, duration: 2}\n  - {id: n, duration: 1, after: [b]}\n"}}));
  RunResult r = f.As("boss", {"load", v2});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "kept the baseline of 6 tasks")) << r.out;  // all but n
  json t = f.Tasks();
  EXPECT_EQ(t["a"]["finish"], "2027-01-13");  // the baseline of version 1
  EXPECT_EQ(t["c"]["finish"], "2027-01-21");
  // n is new: its scheduled dates in version 2 (a 0-5, b 5-7, n 7-8 = Jan 20).
  EXPECT_EQ(t["n"]["start"], "2027-01-20");
  EXPECT_EQ(t["n"]["finish"], "2027-01-20");
  EXPECT_EQ(t["e"]["state"], "done");

  // --rebaseline: version 3 is the baseline of every task.
  r = f.As("boss", {"load", v2, "--rebaseline"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(Has(r.out, "kept the baseline")) << r.out;
  t = f.Tasks();
  EXPECT_EQ(t["a"]["finish"], "2027-01-15");
  EXPECT_EQ(t["c"]["finish"], "2027-01-25");  // a 0-5, b 5-7, g 7, c 7-11 -> Jan 20..25
  const json log = f.Log();
  EXPECT_TRUE(Has(log.back()["note"].get<std::string>(), "new baseline"));
}

TEST_P(BaselineAcrossLoads, RenamedFromKeepsProgressAndBaseline) {
  DbFixture f(GetParam());
  f.OkAt("2027-01-12T09:00", "petrova", {"start", "a"});
  f.OkAt("2027-01-12T10:00", "boss", {"done", "e"});
  const std::string v2 = f.WritePlan(
      "v2.yaml",
      PlanWith("", {{"{id: a, name:", "{id: audit, renamed_from: a, name:"},
                    {"after: [a], assignee: sidorov", "after: [audit], assignee: sidorov"},
                    {"after: [a], assignee: petrova", "after: [audit], assignee: petrova"},
                    {"{id: e, duration: 2}", "{id: e2, renamed_from: e, duration: 2}"}}));
  RunResult r = f.As("boss", {"load", v2});
  ASSERT_EQ(r.exit_code, 0) << r.err;  // no --force: nothing is dropped
  EXPECT_TRUE(Has(r.out, "renamed a to audit")) << r.out;
  EXPECT_TRUE(Has(r.out, "renamed e to e2")) << r.out;
  json t = f.Tasks();
  EXPECT_EQ(t["audit"]["state"], "started");
  EXPECT_EQ(t["audit"]["finish"], "2027-01-13");
  EXPECT_EQ(t["e2"]["state"], "done");
  EXPECT_EQ(t["e2"]["finish"], "2027-01-12");
  EXPECT_FALSE(t.contains("a"));

  // A rename that keeps the old id in the plan is refused.
  const std::string bad = f.WritePlan(
      "bad.yaml", PlanWith("", {{"{id: b, duration: 2,", "{id: b, renamed_from: c, duration: 2,"}}));
  r = f.As("boss", {"load", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "task 'b' is renamed from 'c', which is still a task")) << r.err;
}

// ---------------------------------------------------------- missed deadlines

// g (shown on Fri 15) with a deadline on Thu 14: missed by one working day.
std::string LateGatePlan() {
  return PlanWith("", {{"{id: g, after: [b],", "{id: g, deadline: 2027-01-14, after: [b],"}});
}

TEST_P(MissedDeadlines, PlanCheckLoadStatusAndGanttSayIt) {
  DbFixture f(GetParam());
  const std::string plan = f.WritePlan("late.yaml", LateGatePlan());
  const std::string warning =
      "rollout: warning: task 'g' finishes 2027-01-15, 1 working day after its deadline "
      "2027-01-14\n";
  RunResult r = testing::Rollout({"plan", "check", plan});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, warning);

  r = testing::Rollout({"plan", "check", plan, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json check = json::parse(r.out);
  EXPECT_EQ(check["valid"], true);
  ASSERT_EQ(check["missed_deadlines"].size(), 1u);
  EXPECT_EQ(check["missed_deadlines"][0]["task"], "g");
  EXPECT_EQ(check["missed_deadlines"][0]["late"], 1);

  r = f.As("boss", {"load", plan});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, warning);

  f.now = "2027-01-11T10:00";  // day 0: the forecast is the plan
  r = f.As("boss", {"status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(Has(r.out, "on time")) << r.out;
  EXPECT_TRUE(Has(r.out, "the baseline finish holds")) << r.out;
  EXPECT_TRUE(Has(r.out, "missed deadlines: 1")) << r.out;
  EXPECT_TRUE(Has(r.out, "deadline 2027-01-14, forecast 2027-01-15: 1 working day late")) << r.out;
  r = f.As("boss", {"status", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json status = json::parse(r.out);
  ASSERT_EQ(status["missed_deadlines"].size(), 1u);
  EXPECT_EQ(status["missed_deadlines"][0]["id"], "g");
  EXPECT_EQ(status["missed_deadlines"][0]["state"], "closed");

  r = f.Run({"gantt", "--width", "100"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "┃")) << r.out;
  EXPECT_TRUE(Has(r.out, "deadline missed: g finishes 2027-01-15, 1 working day after 2027-01-14"))
      << r.out;

  // The fixture plan keeps its deadlines: status says "on time".
  r = f.As("boss", {"load", f.WritePlan("ok.yaml", testing::kDbTestPlan)});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(Has(f.As("boss", {"status"}).out, "on time"));
}

// -------------------------------------------------------------- show TASK

TEST_P(ShowTask, EverythingAboutOneTask) {
  DbFixture f(GetParam());
  const std::string plan = f.WritePlan(
      "show.yaml",
      PlanWith("", {{"{id: b, duration: 2, after: [a], assignee: sidorov}",
                     "{id: b, duration: 2, after: [a], assignee: sidorov, deadline: 2027-01-20, "
                     "deliverable: \"Отчёт об аудите\", notes: \"первая строка\\nвторая\"}"}}));
  ASSERT_EQ(f.As("boss", {"load", plan}).exit_code, 0);
  f.OkAt("2027-01-12T09:00", "petrova", {"done", "a"});
  f.OkAt("2027-01-13T09:00", "sidorov", {"start", "b"});
  f.OkAt("2027-01-13T10:00", "boss", {"metric", "set", "checked", "3"});
  f.now = "2027-01-13T12:00";
  RunResult r = f.Run({"show", "b", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json b = json::parse(r.out);
  EXPECT_EQ(b["state"], "started");
  EXPECT_EQ(b["assigned"], json::array({"sidorov"}));
  EXPECT_EQ(b["start"], "2027-01-14");  // baseline
  EXPECT_EQ(b["forecast_start"], "2027-01-13");
  EXPECT_EQ(b["forecast_finish"], "2027-01-14");  // es 2 + 2 = 4
  EXPECT_EQ(b["actual_start"], "2027-01-13");
  EXPECT_EQ(b["deadline"], "2027-01-20");
  EXPECT_EQ(b["deadline_margin"], 4);  // off_end(20) 8 - off_end(14) 4
  EXPECT_EQ(b["deliverable"], "Отчёт об аудите");
  ASSERT_EQ(b["predecessors"].size(), 1u);
  EXPECT_EQ(b["predecessors"][0]["id"], "a");
  EXPECT_EQ(b["predecessors"][0]["state"], "done");
  ASSERT_EQ(b["successors"].size(), 1u);
  EXPECT_EQ(b["successors"][0]["id"], "g");
  EXPECT_EQ(b["successors"][0]["state"], "closed");
  ASSERT_EQ(b["log"].size(), 1u);
  EXPECT_EQ(b["log"][0]["action"], "start");

  r = f.Run({"show", "g", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json g = json::parse(r.out);
  EXPECT_EQ(g["kind"], "gate");
  ASSERT_EQ(g["criteria"].size(), 1u);
  EXPECT_EQ(g["criteria"][0]["value"], 3);
  EXPECT_EQ(g["criteria"][0]["met"], true);

  r = f.Run({"show", "b"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "deadline    2027-01-20: 4 working days to spare")) << r.out;
  EXPECT_TRUE(Has(r.out, "notes       первая строка\n            вторая\n")) << r.out;
  EXPECT_TRUE(Has(r.out, "  a" + std::string(21, ' ') + "done")) << r.out;

  r = f.Run({"show", "bb"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Has(r.err, "unknown task 'bb'")) << r.err;
}

// ------------------------------------------------- views from the database

TEST_P(DatabaseViews, GanttAndCriticalWithoutAPlanFile) {
  DbFixture f(GetParam());
  f.OkAt("2027-01-12T09:30", "petrova", {"start", "a"});
  f.now = "2027-01-18T10:00";  // a late: forecast ef 6 (Jan 18)
  RunResult gantt = f.Run({"gantt", "--width", "90"});
  ASSERT_EQ(gantt.exit_code, 0) << gantt.err;
  EXPECT_TRUE(Has(gantt.out, "░")) << gantt.out;
  EXPECT_TRUE(Has(gantt.out, "┆ today")) << gantt.out;
  EXPECT_TRUE(Has(gantt.out, "finish 2027-01-26")) << gantt.out;  // the forecast, F = 12
  RunResult same = f.Run({"schedule", "--gantt"}, {"COLUMNS=90"});
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(same.out, gantt.out);

  RunResult critical = f.Run({"critical", "--json"});
  ASSERT_EQ(critical.exit_code, 0) << critical.err;
  const json c = json::parse(critical.out);
  EXPECT_EQ(c["finish"], "2027-01-26");
  ASSERT_FALSE(c["chains"].empty());
  EXPECT_EQ(c["chains"][0]["tasks"], json::array({"a", "b", "g", "c"}));
}

TEST_P(DatabaseViews, OptionsAreHonouredOrRefused) {
  DbFixture f(GetParam());
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::string plan = f.WritePlan("p.yaml", testing::kDbTestPlan);
  const std::vector<Case> refused = {
      {{"schedule", "--level"}, "--level, --effort and --seed level a plan file"},
      {{"schedule", "--seed", "3"}, "--level, --effort and --seed level a plan file"},
      {{"schedule", "--by-person"}, "not levelled"},
      {{"load-chart", plan, "--json"}, "load-chart draws text only"},
      {{"gantt", "--json"}, "gantt draws text only"},
  };
  for (const Case& c : refused) {
    RunResult r = f.Run(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args[0] << " " << c.args[1];
    EXPECT_TRUE(Has(r.err, c.says)) << r.err;
    EXPECT_EQ(r.out, "");
  }
  // Levelled, the database's load chart is drawn.
  ASSERT_EQ(f.As("boss", {"load", plan, "--level"}).exit_code, 0);
  RunResult r = f.Run({"schedule", "--by-person"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "petrova")) << r.out;
}

// ------------------------------------------------------- people and help

TEST_P(UnknownPeople, ReadCommandsNameThemAndThePeopleThereAre) {
  DbFixture f(GetParam());
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"alerts"}, std::vector<std::string>{"tasks", "--mine"}}) {
    RunResult r = f.As("nobody", args);
    EXPECT_EQ(r.exit_code, 3) << args[0];
    EXPECT_TRUE(Has(r.err, "'nobody' is not a person of project p; its people: boss, petrova, "
                           "sidorov"))
        << r.err;
    EXPECT_EQ(r.out, "");
  }
  EXPECT_EQ(f.As("petrova", {"alerts"}).exit_code, 0);
}

TEST(Help, EveryCommandListsTheGlobalOptions) {
  for (const char* command : {"tasks", "done", "schedule", "progress", "show"}) {
    RunResult r = testing::Rollout({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_TRUE(Has(r.out, "--db PATH")) << command << "\n" << r.out;
    EXPECT_TRUE(Has(r.out, "--now TIME")) << command;
  }
}

TEST_P(EngineLine, TheStartTimeIsInThePlansZone) {
  DbFixture f(GetParam());
  RunResult r = f.Run({"engine", "--once"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string all = r.out + r.err;
  EXPECT_TRUE(Has(all, "at 2027-01-12T10:00:00+03:00")) << all;
}

// ------------------------------------------------------------- alert noise

// a done Wed 13, b done Fri 15, and nobody approves g: from Tue 19 on every
// working day moves the forecast finish by one (Jan 22, 25, 26, 27, 28, 29,
// Feb 1 on Jan 19..27). With slip_threshold 1 each is a new slip alert;
// with 3 only those 3 working days past the last: Jan 22, 27, Feb 1.
std::vector<std::string> SlipAbouts(testing::Backend backend, const std::string& extra) {
  DbFixture f(backend);
  if (!extra.empty()) {
    RunResult r = f.As("boss", {"load", f.WritePlan("t.yaml", PlanWith(extra))});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  f.OkAt("2027-01-13T10:00", "petrova", {"done", "a"});
  f.OkAt("2027-01-15T10:00", "sidorov", {"done", "b"});
  for (const char* day : {"2027-01-18", "2027-01-19", "2027-01-20", "2027-01-21", "2027-01-22",
                          "2027-01-25", "2027-01-26", "2027-01-27"}) {
    f.now = std::string(day) + "T12:00";
    RunResult r = f.Run({"engine", "--once"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult r = f.As("boss", {"alerts", "--all", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> abouts;
  for (const json& a : json::parse(r.out))
    if (a["kind"] == "slip") abouts.push_back(a["about"]);
  return abouts;
}

class AlertNoise : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(AlertNoise, ANewSlipOnlyWhenTheForecastMovesByTheThreshold) {
  EXPECT_EQ(SlipAbouts(GetParam(), ""), (std::vector<std::string>{"2027-01-22", "2027-01-25", "2027-01-26",
                                                      "2027-01-27", "2027-01-28", "2027-01-29",
                                                      "2027-02-01"}));
  EXPECT_EQ(SlipAbouts(GetParam(), "slip_threshold: 3\n"),
            (std::vector<std::string>{"2027-01-22", "2027-01-27", "2027-02-01"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, AlertNoise, testing::AllBackends(), testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, BaselineAcrossLoads, testing::AllBackends(), testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, DatabaseViews, testing::AllBackends(), testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, EngineLine, testing::AllBackends(), testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, MissedDeadlines, testing::AllBackends(), testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, ProgressDates, testing::AllBackends(), testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, RemainingWork, testing::AllBackends(), testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, ShowTask, testing::AllBackends(), testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, UnknownPeople, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout
