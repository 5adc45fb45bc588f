// rollout status: the lead's screen (counts, forecast finish against the
// baseline, late tasks, the next gates and who must act) on the fixture plan
// of db_fixture.h, through the real binary.
//
// The calendar: Monday to Friday, day 0 = Monday 2027-01-11, so offsets
// 0..4 = Jan 11..15, 5..9 = Jan 18..22, 10..12 = Jan 25..27. Baseline
// (the plan schedule at load): a 0-3 (11..13), b 3-5 (14..15), d 3-4 (14),
// gate g at 5 (shown on date(4) = 15), c 5-9 (18..21), e 0-2 (11..12);
// F = 9, finish 2027-01-21.
#include <gtest/gtest.h>

#include "tests/testing/test_db.h"

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/cli/db_fixture.h"

namespace rollout {
namespace {

using testing::DbFixture;
using testing::RunResult;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

void At(DbFixture& f, const std::string& now, const std::string& person,
        std::vector<std::string> args) {
  f.OkAt(now, person, std::move(args));
}

const char* const kName = "Аудит; \"продаж\" 'x' -- DROP TABLE";  // 33 columns wide

// Petrova started a on Tue 12; boss did e on Tue 12 (start and finish).
void StartAAndFinishE(DbFixture& f) {
  At(f, "2027-01-12T09:30", "petrova", {"start", "a"});
  At(f, "2027-01-12T11:00", "boss", {"done", "e"});
}

class StatusCli : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(StatusCli, CountsLateTasksSlipAndWhoMustFinishBeforeTheGate) {
  DbFixture f(GetParam());
  StartAAndFinishE(f);
  // Monday 18: t = off_start(18) = 5.
  //   e done on 12: es 1, ef off_end(12) = 2; not late.
  //   a started 12: es 1, ef = max(1 + 3, t + 1) = 6 -> finish date(5) = 18 > 13: late.
  //   b, d not started: es >= max(ef(a), t) = 6; b 6-8 (19..20), d 6-7 (19).
  //   g at 8 -> date(7) = 20; c 8-12 -> 21..26. F = 12: finish 2027-01-26,
  //   3 working days after the baseline's 9.
  f.now = "2027-01-18T10:00";
  RunResult r = f.As("boss", {"status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string name = std::string(kName) + "   ";  // padded to 36 columns
  const std::string blank(36, ' ');                       // b..g have no name
  std::vector<std::string> expected = {
      "p: Тестовый план",
      "version 1, loaded by boss; now 2027-01-18T10:00:00+03:00",
      "",
      "tasks   1 done, 1 started, 3 planned; gates 0 passed, 1 open",
      "finish  forecast 2027-01-26, baseline 2027-01-21: 3 working days late",
      "",
      "late tasks: 5",
      "  a                     " + name + "  due 2027-01-13, forecast 2027-01-18  petrova",
      "  b                     " + blank + "  due 2027-01-15, forecast "
      "2027-01-20  sidorov",
      "  g                     " + blank + "  due 2027-01-15, forecast "
      "2027-01-20  boss",
      "  c                     " + blank + "  due 2027-01-21, forecast "
      "2027-01-26  petrova, sidorov",
      "  d                     " + blank + "  due 2027-01-14, forecast "
      "2027-01-19  petrova",
      "",
      "next gates:",
      "  g                     " + blank + "  closed    forecast 2027-01-20",
      "      finish: b (sidorov)",
  };
  EXPECT_EQ(Lines(r.out), expected) << r.out;
}

TEST_P(StatusCli, ReadyGateNamesItsApproversThenPassedGateLeavesNoneOpen) {
  DbFixture f(GetParam());
  StartAAndFinishE(f);
  At(f, "2027-01-19T09:00", "petrova", {"done", "a"});
  At(f, "2027-01-19T12:00", "sidorov", {"done", "b"});
  // Tuesday 19 evening: t = off_start(19) = 6. a done 12..19 (es 1, ef 7),
  // b done 19 (es 6, ef 7): g is ready at 7 (date(6) = 19, due 15: late);
  // c, d wait for t and g: c 7-11 (20..25), d 7-8 (20). F = 11: 2 days late.
  f.now = "2027-01-19T18:00";
  RunResult r = f.As("boss", {"status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 14u) << r.out;
  EXPECT_EQ(lines[3], "tasks   3 done, 0 started, 2 planned; gates 0 passed, 1 open");
  EXPECT_EQ(lines[4], "finish  forecast 2027-01-25, baseline 2027-01-21: 2 working days late");
  EXPECT_EQ(lines[6], "late tasks: 3");
  EXPECT_EQ(lines[7].substr(0, 3), "  g");
  EXPECT_EQ(lines[8].substr(0, 3), "  c");
  EXPECT_EQ(lines[9].substr(0, 3), "  d");
  EXPECT_EQ(lines[11], "next gates:");
  EXPECT_EQ(lines[12],
            "  g                     " + std::string(36, ' ') + "  ready     forecast "
            "2027-01-19");
  EXPECT_EQ(lines[13], "      approve: boss");

  At(f, "2027-01-19T18:10", "boss", {"metric", "set", "checked", "2"});
  At(f, "2027-01-19T18:20", "boss", {"gate", "approve", "g"});
  // g passed on 19 sits at off_end(19) = 7, so nothing moves; it counts as
  // passed and is neither late nor next.
  f.now = "2027-01-19T18:30";
  r = f.As("boss", {"status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 11u) << r.out;
  EXPECT_EQ(lines[3], "tasks   3 done, 0 started, 2 planned; gates 1 passed, 0 open");
  EXPECT_EQ(lines[4], "finish  forecast 2027-01-25, baseline 2027-01-21: 2 working days late");
  EXPECT_EQ(lines[6], "late tasks: 2");
  EXPECT_EQ(lines.back(), "next gates: none open") << r.out;
}

TEST_P(StatusCli, JsonCarriesTheSameFacts) {
  DbFixture f(GetParam());
  StartAAndFinishE(f);
  f.now = "2027-01-18T10:00";
  RunResult r = f.As("petrova", {"status", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["plan"], "p");
  EXPECT_EQ(j["now"], "2027-01-18T10:00:00+03:00");
  EXPECT_EQ(j["done"], 1);
  EXPECT_EQ(j["started"], 1);
  EXPECT_EQ(j["planned"], 3);
  EXPECT_EQ(j["gates_open"], 1);
  EXPECT_EQ(j["forecast_finish"], "2027-01-26");
  EXPECT_EQ(j["baseline_finish"], "2027-01-21");
  EXPECT_EQ(j["slip_days"], 3);
  EXPECT_EQ(j["late"], nlohmann::json({"a", "b", "g", "c", "d"}));
  ASSERT_EQ(j["next_gates"].size(), 1u);
  EXPECT_EQ(j["next_gates"][0]["id"], "g");
  EXPECT_EQ(j["next_gates"][0]["state"], "closed");
  EXPECT_EQ(j["next_gates"][0]["action"], "finish");
  EXPECT_EQ(j["next_gates"][0]["who"], nlohmann::json({"b (sidorov)"}));
}

TEST_P(StatusCli, OnTimeBeforeAnythingSlips) {
  DbFixture f(GetParam());
  f.now = "2027-01-11T08:00";  // day 0, before work: t = 0, the baseline itself
  RunResult r = f.As("boss", {"status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_GE(lines.size(), 8u) << r.out;
  EXPECT_EQ(lines[3], "tasks   0 done, 0 started, 5 planned; gates 0 passed, 1 open");
  EXPECT_EQ(lines[4], "finish  forecast 2027-01-21, baseline 2027-01-21: on time");
  EXPECT_EQ(lines[6], "late tasks: 0");
}

INSTANTIATE_TEST_SUITE_P(Backends, StatusCli, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout
