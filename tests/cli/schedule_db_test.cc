// rollout schedule without a plan file: the forecast from the database at
// --now, exactly as cli.md "Forecast at now" defines it, as JSON and as the
// table, on the fixture plan of db_fixture.h.
//
// The calendar: Monday to Friday, day 0 = Monday 2027-01-11: offsets 0..4 =
// Jan 11..15, 5..9 = Jan 18..22, 10 = Jan 25. The story, then the forecast
// on Wednesday 2027-01-20 at 10:00, t = off_start(Jan 20) = 7:
//   a (3 d): started Tue 12, done Thu 14   -> es = off_start(12) = 1,
//            ef = off_end(14) = 4: Jan 12..14 (a done task at its actuals)
//   b (2 d): started and done Mon 18        -> es 5, ef = off_end(18) = 6: Jan 18
//   g (gate after b): passed Tue 19         -> es = ef = off_end(19) = 7,
//            shown on date(es - 1) = Jan 19
//   c (4 d, after g): started Wed 20        -> es = off_start(20) = 7,
//            ef = max(es + 4, t + 1) = max(11, 8) = 11: Jan 20..25
//   e (2 d): started Tue 12, not done       -> es 1, ef = max(1 + 2, t + 1) = 8:
//            Jan 12..20 (still running today: the forecast stretches it)
//   d (1 d, after a): not started           -> es = max(ef(a) = 4, t = 7) = 7,
//            ef 8: Jan 20 (not before today although a ended on 4)
//   grp spans d: 7..8.
// F = max ef = 11: the project finishes on date(10) = Mon 2027-01-25.
#include <gtest/gtest.h>

#include "tests/testing/test_db.h"

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/cli/db_fixture.h"

namespace rollout {
namespace {

using testing::DbFixture;
using testing::RunResult;

void At(DbFixture& f, const std::string& now, const std::string& person,
        std::vector<std::string> args) {
  f.OkAt(now, person, std::move(args));
}

void TellTheStory(DbFixture& f) {
  At(f, "2027-01-12T09:00", "petrova", {"start", "a"});
  At(f, "2027-01-12T09:30", "boss", {"start", "e"});
  At(f, "2027-01-14T17:00", "petrova", {"done", "a"});
  At(f, "2027-01-18T16:00", "sidorov", {"done", "b"});
  At(f, "2027-01-19T10:00", "boss", {"metric", "set", "checked", "3"});
  At(f, "2027-01-19T11:00", "boss", {"gate", "approve", "g"});
  At(f, "2027-01-20T09:00", "sidorov", {"start", "c"});
  f.now = "2027-01-20T10:00";
}

struct Expected {
  int es, ef;
  const char* start;
  const char* finish;
};

class ScheduleDbCli : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(ScheduleDbCli, JsonIsTheForecastAtNow) {
  DbFixture f(GetParam());
  TellTheStory(f);
  RunResult r = f.As("boss", {"schedule", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["plan"], "p");
  EXPECT_EQ(j["start"], "2027-01-11");
  EXPECT_EQ(j["duration"], 11);
  EXPECT_EQ(j["finish"], "2027-01-25");
  const std::map<std::string, Expected> expected = {
      {"a", {1, 4, "2027-01-12", "2027-01-14"}},  {"b", {5, 6, "2027-01-18", "2027-01-18"}},
      {"g", {7, 7, "2027-01-19", "2027-01-19"}},  {"c", {7, 11, "2027-01-20", "2027-01-25"}},
      {"grp", {7, 8, "", ""}},                     {"d", {7, 8, "2027-01-20", "2027-01-20"}},
      {"e", {1, 8, "2027-01-12", "2027-01-20"}},
  };
  ASSERT_EQ(j["tasks"].size(), expected.size()) << r.out;
  std::vector<std::string> order;
  for (const nlohmann::json& t : j["tasks"]) {
    const std::string id = t["id"];
    order.push_back(id);
    ASSERT_TRUE(expected.count(id)) << id;
    const Expected& e = expected.at(id);
    EXPECT_EQ(t["es"], e.es) << id;
    EXPECT_EQ(t["ef"], e.ef) << id;
    if (t["group"] == true) continue;  // groups carry offsets, no dates (§6)
    EXPECT_EQ(t["start"], e.start) << id;
    EXPECT_EQ(t["finish"], e.finish) << id;
  }
  // Plan order, a group before its tasks (plan-format.md §6).
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "g", "c", "grp", "d", "e"}));
  // c is the only unfinished chain that ends at F.
  EXPECT_NE(std::find(j["critical_path"].begin(), j["critical_path"].end(), "c"),
            j["critical_path"].end())
      << j["critical_path"];
}

TEST_P(ScheduleDbCli, TableShowsTheSameDatesUnderTheForecastInstant) {
  DbFixture f(GetParam());
  TellTheStory(f);
  RunResult r = f.As("petrova", {"schedule"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 10u) << r.out;  // title, header, 7 rows, footer
  EXPECT_EQ(lines[0], "forecast at 2027-01-20T10:00:00+03:00");
  EXPECT_EQ(lines.back(), "finish 2027-01-25, 11 working days; * critical");
  // ID NAME START FINISH DAYS FLOAT [*]; unnamed tasks have an empty NAME.
  const std::regex row(
      R"(^ *(\S+)  +(.*?) *(\d{4}-\d\d-\d\d)  (\d{4}-\d\d-\d\d) +(\d+) +(-?\d+)(  \*)?$)");
  std::map<std::string, std::vector<std::string>> rows;
  for (size_t i = 2; i + 1 < lines.size(); ++i) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(lines[i], m, row)) << lines[i];
    rows[m[1]] = {m[1], m[2], m[3], m[4], m[5], m[6], m[7].matched ? "*" : ""};
  }
  const std::map<std::string, std::vector<std::string>> dates = {
      {"a", {"2027-01-12", "2027-01-14", "3"}}, {"b", {"2027-01-18", "2027-01-18", "1"}},
      {"g", {"2027-01-19", "2027-01-19", "0"}}, {"c", {"2027-01-20", "2027-01-25", "4"}},
      {"d", {"2027-01-20", "2027-01-20", "1"}}, {"e", {"2027-01-12", "2027-01-20", "7"}},
  };
  for (const auto& [id, want] : dates) {
    ASSERT_TRUE(rows.count(id)) << id << "\n" << r.out;
    const std::vector<std::string>& cells = rows[id];
    EXPECT_EQ(std::vector<std::string>(cells.begin() + 2, cells.begin() + 5), want) << id;
  }
  EXPECT_EQ(rows["a"][1], "Аудит; \"продаж\" 'x' -- DROP TABLE");
  EXPECT_EQ(rows["c"].back(), "*");  // c: ls = 11 - 4 = 7 = es, zero float
}

TEST_P(ScheduleDbCli, NothingRecordedAtDayZeroIsTheBaseline) {
  DbFixture f(GetParam());
  f.now = "2027-01-11T08:00";  // t = 0: the forecast is the plan's own schedule
  RunResult fromdb = f.As("boss", {"schedule", "--json"});
  ASSERT_EQ(fromdb.exit_code, 0) << fromdb.err;
  nlohmann::json j = nlohmann::json::parse(fromdb.out);
  EXPECT_EQ(j["duration"], 9);
  EXPECT_EQ(j["finish"], "2027-01-21");
  nlohmann::json tasks = f.Tasks();
  for (const nlohmann::json& t : j["tasks"]) {
    const std::string id = t["id"];
    if (!tasks.contains(id)) continue;  // groups are not in `tasks`
    EXPECT_EQ(t["start"], tasks[id]["start"]) << id;
    EXPECT_EQ(t["finish"], tasks[id]["finish"]) << id;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ScheduleDbCli, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout
