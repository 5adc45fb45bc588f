// CSV out and in (cli.md "Interchange"), through the real binary: RFC 4180
// quoting of hostile and Cyrillic names, the formula guard, --excel, and the
// round trip plan -> csv -> plan on the built-in workflow and on a plan with
// every link type.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formats/csv_reader.h"
#include "tests/testing/run_binary.h"

namespace rollout {
namespace {

using testing::ReadFile;
using testing::Rollout;
using testing::RunResult;
using testing::ScopedTempDir;

// Every link type with positive and negative lags, groups (a link from and
// to a group), a gate, a milestone and a not_before that the links alone
// would not give.
const char* const kEveryLink = R"(plan: links
start: 2027-03-01
roles:
  lead: {name: "Руководитель"}
people:
  - {id: ivanov, name: "Иван Иванов", roles: [lead]}
  - {id: petrova, name: "Мария Петрова"}
tasks:
  - id: stage
    name: "Этап 1"
    tasks:
      - {id: a, name: "A", duration: 5, assignee: petrova}
      - {id: b, name: "B", duration: 3, after: [{task: a, type: SS, lag: 2}]}
      - {id: c, name: "C", duration: 2, after: [{task: b, type: FF, lag: -1}]}
  - {id: d, name: "D", duration: 4, after: [{task: stage, type: FS, lag: 1}]}
  - {id: e, name: "E", duration: 3, after: [{task: a, type: SF, lag: 6}]}
  - {id: f, name: "F", duration: 2, after: [{task: d, type: FS, lag: -2}], not_before: 2027-03-22}
  - {id: m, name: "M", duration: 0, after: [f]}
  - {id: g, name: "Gate", after: [m, e], gate: true}
)";

nlohmann::json Schedule(const std::string& plan) {
  RunResult r = Rollout({"schedule", plan, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out.empty() ? "{}" : r.out);
}

void ExpectSameSchedule(const std::string& a_path, const std::string& b_path) {
  const nlohmann::json a = Schedule(a_path), b = Schedule(b_path);
  ASSERT_EQ(a["tasks"].size(), b["tasks"].size());
  EXPECT_EQ(a["finish"], b["finish"]);
  for (size_t i = 0; i < a["tasks"].size(); ++i)
    for (const char* k : {"id", "name", "group", "es", "ef", "start", "finish", "critical"})
      EXPECT_EQ(a["tasks"][i].value(k, nlohmann::json()), b["tasks"][i].value(k, nlohmann::json()))
          << a["tasks"][i]["id"] << " " << k;
}

TEST(CsvExport, QuotesHostileAndCyrillicNames) {
  ScopedTempDir dir;
  const std::string plan =
      dir.Write("h.yaml",
                "plan: h\nstart: 2027-03-01\ntasks:\n"
                "  - {id: a, name: \"Аудит, этап \\\"1\\\"\\nвторая строка\", duration: 2}\n"
                "  - {id: b, name: \"=HYPERLINK(\\\"http://evil\\\")\", duration: 1, after: "
                "[{task: a, type: SS, lag: 1}]}\n"
                "  - {id: c, name: \"+1\", duration: 1, after: [{task: b, type: FF, lag: -1}]}\n"
                "  - {id: d, name: \"@SUM(A1)\", duration: 1}\n"
                "  - {id: e, name: \"-2 <script>\", duration: 0, after: [a, b]}\n");
  RunResult r = Rollout({"export", "csv", plan});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(
      r.out,
      "id,name,group,wbs,duration,predecessors,start,finish,total_float,critical,assigned,state\r\n"
      "a,\"Аудит, этап \"\"1\"\"\nвторая строка\",,1,2,,2027-03-01,2027-03-02,0,true,,planned\r\n"
      "b,\"'=HYPERLINK(\"\"http://evil\"\")\",,2,1,aSS+1,2027-03-02,2027-03-02,0,true,,planned\r\n"
      "c,'+1,,3,1,bFF-1,2027-03-01,2027-03-01,1,false,,planned\r\n"
      "d,'@SUM(A1),,4,1,,2027-03-01,2027-03-01,1,false,,planned\r\n"
      "e,'-2 <script>,,5,0,a;b,2027-03-02,2027-03-02,0,true,,planned\r\n");
}

TEST(CsvExport, ExcelGetsABomAndSemicolons) {
  ScopedTempDir dir;
  const std::string plan = dir.Write("x.yaml", kEveryLink);
  RunResult r = Rollout({"export", "csv", plan, "--excel"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.out.rfind("\xEF\xBB\xBFid;name;group;wbs;duration;predecessors;", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\r\ng;Gate;;6;0;\"m;e\";2027-03-23;2027-03-23;"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\r\na;A;stage;1.1;5;;2027-03-01;2027-03-05;"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(";petrova;planned\r\n"), std::string::npos) << r.out;
  // And it reads back the same.
  const std::string csv = dir.Write("x.csv", r.out);
  RunResult back = Rollout({"import", "csv", csv, "--calendar", plan});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  ExpectSameSchedule(plan, dir.Write("back.yaml", back.out));
}

TEST(CsvRoundTrip, EveryLinkTypeKeepsTheSchedule) {
  ScopedTempDir dir;
  const std::string plan = dir.Write("links.yaml", kEveryLink);
  RunResult out = Rollout({"export", "csv", plan});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const std::string csv = dir.Write("links.csv", out.out);
  // Without --calendar: the default calendar is the plan's; f's not_before
  // comes back from its start date, the gate from its state.
  RunResult back = Rollout({"import", "csv", csv});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(back.err, csv +
                          ": warning: task 'f' starts on 2027-03-22 in the file, later than its "
                          "links allow; it gets not_before: 2027-03-22\n");
  EXPECT_NE(back.out.find("gate: true"), std::string::npos) << back.out;
  EXPECT_NE(back.out.find("- {task: \"a\", type: SF, lag: 6}"), std::string::npos) << back.out;
  EXPECT_NE(back.out.find("- {task: \"b\", type: FF, lag: -1}"), std::string::npos) << back.out;
  ExpectSameSchedule(plan, dir.Write("back.yaml", back.out));
}

TEST(CsvRoundTrip, BuiltInWorkflowKeepsItsSchedule) {
  ScopedTempDir dir;
  const std::string plan =
      std::string(ROLLOUT_SOURCE_DIR) + "/workflows/distribution-transition.yaml";
  const std::string csv = dir.path() + "/dt.csv";
  ASSERT_EQ(Rollout({"export", "csv", plan, "--out", csv}).exit_code, 0);
  RunResult back = Rollout({"import", "csv", csv, "--calendar", plan});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  ExpectSameSchedule(plan, dir.Write("dt.yaml", back.out));
}

TEST(CsvImport, NameDurationAndPredecessorsAreEnough) {
  ScopedTempDir dir;
  const std::string csv = dir.Write("min.csv",
                                    "Name,Duration,Predecessors,Start\n"
                                    "\"Монтаж, этап 1\",3,,2027-03-01\n"
                                    "Наладка,2w,t1SS+1,\n"
                                    "'=Сдача,0,t1;t2,\n");
  RunResult r = Rollout({"import", "csv", csv});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "plan: \"min\"\nstart: 2027-03-01\ncalendar:\n  workdays: [mon, tue, wed, thu, fri]\n"
            "  hours: \"09:00-18:00\"\ntasks:\n"
            "  - id: \"t1\"\n    name: \"Монтаж, этап 1\"\n    duration: 3\n"
            "  - id: \"t2\"\n    name: \"Наладка\"\n    duration: 10\n    after:\n      - {task: "
            "\"t1\", type: SS, lag: 1}\n"
            "  - id: \"t3\"\n    name: \"=Сдача\"\n    duration: 0\n    after:\n      - \"t1\"\n   "
            "   - \"t2\"\n");
}

TEST(CsvImport, WithoutStartCellsThePlanStartsOnTheDateOfNow) {
  ScopedTempDir dir;
  const std::string csv = dir.Write("nostart.csv", "Name,Duration\nМонтаж,3\n");
  RunResult r = Rollout({"import", "csv", csv, "--now", "2027-04-05T10:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\nstart: 2027-04-05\n"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("warning: no start dates in the file"), std::string::npos) << r.err;
  r = Rollout({"import", "csv", csv}, {"ROLLOUT_NOW=2027-06-07"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\nstart: 2027-06-07\n"), std::string::npos) << r.out;
  r = Rollout({"import", "csv", csv, "--now", "tomorrow"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty()) << "a refused import prints no plan";
  EXPECT_NE(r.err.find("--now 'tomorrow' is not a date"), std::string::npos) << r.err;
}

TEST(CsvImport, ErrorsPointAtTheCell) {
  ScopedTempDir dir;
  struct Case {
    const char* text;
    const char* error;
  } cases[] = {
      {"id,name,duration,predecessors,start\na,A,1,,2027-03-01\nb,B,2,zz,\n",
       ":3:7: error: predecessor 'zz' of task 'b' is not a known id with an optional type and lag"},
      {"id,name,duration\na,\"A,1\n", ":2:3: error: a quoted field is never closed"},
      {"id,name,duration,start\na,A,five,2027-03-01\n",
       ":2:5: error: duration 'five' of task 'a' is not a number of working days"},
      {"id,name,duration,start\na,A,1,2027-02-30\n",
       ":2:7: error: start '2027-02-30' of task 'a' is not a date (YYYY-MM-DD)"},
      {"id,name\na,A\n", ":1:1: error: no 'duration' column in the header row"},
      {"id,name,duration,group,start\na,A,1,b,2027-03-01\nb,B,1,a,\n", "is inside its own group"},
      {"id,name,duration,start\na,A,1,2027-03-01\na,B,1,\n", ":3:1: error: id 'a' appears twice"},
      {"id,na\"me,duration\n", ":1:6: error: a quote inside an unquoted field"},
  };
  for (const Case& c : cases) {
    const std::string csv = dir.Write("bad.csv", c.text);
    RunResult r = Rollout({"import", "csv", csv});
    EXPECT_EQ(r.exit_code, 2) << c.text;
    EXPECT_EQ(r.out, "") << c.text;
    EXPECT_NE(r.err.find(c.error), std::string::npos) << c.text << "\n" << r.err;
  }
}

TEST(CsvParse, RecordsFollowRfc4180) {
  char sep = 0;
  Result<std::vector<CsvRecord>> r = ParseCsv("a;\"b;\"\"c\"\"\r\nd\";e\r\n;x\r\n", &sep);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(sep, ';');
  ASSERT_EQ(r.value().size(), 2u);
  EXPECT_EQ(r.value()[0].fields, (std::vector<std::string>{"a", "b;\"c\"\r\nd", "e"}));
  EXPECT_EQ(r.value()[1].fields, (std::vector<std::string>{"", "x"}));
  EXPECT_EQ(r.value()[1].locs[1].line, 3);
  EXPECT_EQ(r.value()[1].locs[1].col, 2);
}

}  // namespace
}  // namespace rollout
