// Hostile plan files (docs/plan-format.md "Limits"): ids that could reach an
// HTTP header or a terminal, numbers that overflow, documents that blow up
// the parser, JSON's repeated keys. Errors are compared whole.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include "workflows/plan_reader.h"
#include "tests/testing/run_binary.h"

namespace rollout {
namespace {

std::string Check(const std::string& text, const std::string& path = "plan.yaml") {
  Result<Plan> r = ReadPlan(path, text);
  return r.ok() ? "ok" : RenderErrors(path, text, r.errors());
}

const char kHead[] = "plan: p\nstart: 2027-01-11\n";

// ---------------------------------------------------------------- ids

TEST(PlanLimits, TaskIdWithCrLfIsRefused) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: \"a\\r\\nX-Evil: 1\", duration: 1}\n"),
            "plan.yaml:4:10: error: invalid task id 'a\\r\\nX-Evil: 1'\n"
            "      - {id: \"a\\r\\nX-Evil: 1\", duration: 1}\n"
            "             ^\n"
            "hint: an id takes letters (Latin or Cyrillic), digits, '.', '_' and '-', and "
            "starts with a letter or a digit\n");
}

TEST(PlanLimits, ControlCharactersSpacesAndOtherScriptsAreRefused) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: \"a\\tb\", duration: 1}\n"),
            "plan.yaml:4:10: error: invalid task id 'a\\tb'\n"
            "      - {id: \"a\\tb\", duration: 1}\n"
            "             ^\n"
            "hint: an id takes letters (Latin or Cyrillic), digits, '.', '_' and '-', and "
            "starts with a letter or a digit\n");
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: \"two words\", duration: 1}\n"),
            "plan.yaml:4:10: error: invalid task id 'two words'\n"
            "      - {id: \"two words\", duration: 1}\n"
            "             ^\n"
            "hint: an id takes letters (Latin or Cyrillic), digits, '.', '_' and '-', and "
            "starts with a letter or a digit\n");
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: .a, duration: 1}\n"),
            "plan.yaml:4:10: error: invalid task id '.a'\n"
            "      - {id: .a, duration: 1}\n"
            "             ^\n"
            "hint: an id takes letters (Latin or Cyrillic), digits, '.', '_' and '-', and "
            "starts with a letter or a digit\n");
  EXPECT_NE(Check(std::string(kHead) + "tasks:\n  - {id: \"α\", duration: 1}\n"), "ok");
  EXPECT_NE(Check(std::string(kHead) + "tasks:\n  - {id: \"a\\x7f\", duration: 1}\n"), "ok");
}

TEST(PlanLimits, CyrillicLetterInALatinWordGetsAHint) {
  // "pаrtners" with a Cyrillic 'а' (U+0430) second.
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: audit.p\xD0\xB0rtners, duration: 1}\n"),
            "plan.yaml:4:10: error: invalid task id 'audit.p\xD0\xB0rtners'\n"
            "      - {id: audit.p\xD0\xB0rtners, duration: 1}\n"
            "             ^\n"
            "hint: character 8 ('\xD0\xB0') is a Cyrillic letter in a Latin word; a word of an "
            "id is all Latin or all Cyrillic\n");
}

TEST(PlanLimits, ShippedIdStylesStayValid) {
  EXPECT_EQ(Check(std::string(kHead) +
                  "roles: {lead: {name: L}, R1: {}}\n"
                  "people: [{id: R1-1, roles: [R1]}, {id: ivanov_2, roles: [lead]}]\n"
                  "metrics: {partners_checked: {name: P}}\n"
                  "tasks:\n"
                  "  - {id: stage4.analysis, tasks: [{id: j1, duration: 1}]}\n"
                  "  - {id: аудит.этап-1, duration: 1, needs: {R1: 1}}\n"
                  "  - {id: stage1.аудит, duration: 1}\n"
                  "  - {id: 2nd, duration: 1}\n"
                  "  - {id: g, gate: {approve: [lead], metrics: [{metric: partners_checked, "
                  "min: 1}]}}\n"),
            "ok");
}

TEST(PlanLimits, PersonRoleAndMetricIdsAreChecked) {
  EXPECT_EQ(Check(std::string(kHead) +
                  "roles: {\"le ad\": {}}\n"
                  "people: [{id: \"a\\nb\"}]\n"
                  "metrics: {\"m;1\": {}}\n"
                  "tasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:3:9: error: invalid role id 'le ad'\n"
            "    roles: {\"le ad\": {}}\n"
            "            ^\n"
            "hint: an id takes letters (Latin or Cyrillic), digits, '.', '_' and '-', and "
            "starts with a letter or a digit\n"
            "plan.yaml:4:15: error: invalid person id 'a\\nb'\n"
            "    people: [{id: \"a\\nb\"}]\n"
            "                  ^\n"
            "hint: an id takes letters (Latin or Cyrillic), digits, '.', '_' and '-', and "
            "starts with a letter or a digit\n"
            "plan.yaml:5:11: error: invalid metric id 'm;1'\n"
            "    metrics: {\"m;1\": {}}\n"
            "              ^\n"
            "hint: an id takes letters (Latin or Cyrillic), digits, '.', '_' and '-', and "
            "starts with a letter or a digit\n");
}

TEST(PlanLimits, ReferencesWithForbiddenCharactersAreNotEchoedRaw) {
  const std::string out = Check(std::string(kHead) +
                                "tasks:\n  - {id: a, duration: 1, after: [\"b\\r\\nc\"]}\n");
  EXPECT_EQ(out.find('\r'), std::string::npos) << out;
  EXPECT_NE(out.find("'b\\r\\nc'"), std::string::npos) << out;
}

// ---------------------------------------------------------------- ranges

TEST(PlanLimits, HugeDurationIsRefusedNamingTheTask) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - id: a\n    duration: 2147483647\n"),
            "plan.yaml:5:15: error: task 'a' has duration 2147483647, more than 100000 working "
            "days\n"
            "        duration: 2147483647\n"
            "                  ^\n"
            "hint: a duration is 0..100000 working days (about 400 years)\n");
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - id: a\n    duration: 10000000\n"),
            "plan.yaml:5:15: error: task 'a' has duration 10000000, more than 100000 working "
            "days\n"
            "        duration: 10000000\n"
            "                  ^\n"
            "hint: a duration is 0..100000 working days (about 400 years)\n");
  // n * 5 must not overflow either.
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - id: a\n    duration: 1000000000w\n"),
            "plan.yaml:5:15: error: task 'a' has duration 5000000000, more than 100000 working "
            "days\n"
            "        duration: 1000000000w\n"
            "                  ^\n"
            "hint: a duration is 0..100000 working days (about 400 years)\n");
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - id: a\n    duration: 99999999999999999999\n"),
            "plan.yaml:5:15: error: task 'a' has duration 99999999999999999999, more than "
            "100000 working days\n"
            "        duration: 99999999999999999999\n"
            "                  ^\n"
            "hint: a duration is 0..100000 working days (about 400 years)\n");
}

TEST(PlanLimits, HugeLagIsRefusedNotDropped) {
  EXPECT_EQ(Check(std::string(kHead) +
                  "tasks:\n  - {id: a, duration: 1}\n"
                  "  - {id: b, duration: 1, after: [{task: a, lag: 536870912}]}\n"),
            "plan.yaml:5:49: error: task 'b' has lag 536870912 on its link from 'a', outside "
            "-100000..100000 working days\n"
            "      - {id: b, duration: 1, after: [{task: a, lag: 536870912}]}\n"
            "                                                    ^\n"
            "hint: a lag is -100000..100000 working days\n");
  EXPECT_NE(Check(std::string(kHead) +
                  "tasks:\n  - {id: a, duration: 1}\n"
                  "  - {id: b, duration: 1, after: [{task: a, lag: -2147483648}]}\n"),
            "ok");
}

TEST(PlanLimits, DatesOutsideTheWindowAreRefused) {
  EXPECT_EQ(Check("plan: p\nstart: 1899-12-31\ntasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:2:8: error: date '1899-12-31' for 'start' is outside "
            "1900-01-01..9999-12-31\n"
            "    start: 1899-12-31\n"
            "           ^\n"
            "hint: a plan's dates lie between 1900-01-01 and 9999-12-31\n");
  EXPECT_EQ(Check("plan: p\nstart: -001-01-01\ntasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:2:8: error: date '-001-01-01' for 'start' is outside "
            "1900-01-01..9999-12-31\n"
            "    start: -001-01-01\n"
            "           ^\n"
            "hint: a plan's dates lie between 1900-01-01 and 9999-12-31\n");
  EXPECT_NE(Check(std::string(kHead) + "calendar: {holidays: [\"1800-01-01..2027-01-01\"]}\n"
                                       "tasks: [{id: a, duration: 1}]\n"),
            "ok");
  EXPECT_EQ(Check("plan: p\nstart: 1900-01-01\n"
                  "tasks: [{id: a, duration: 1, deadline: 9999-12-31}]\n"),
            "ok");
}

TEST(PlanLimits, ScheduleThatRunsPastTheWindowIsRefusedNamingTheTask) {
  EXPECT_EQ(Check("plan: p\nstart: 9999-01-04\n"
                  "tasks:\n  - {id: a, duration: 200}\n  - {id: b, duration: 100, after: a}\n"),
            "plan.yaml:5:10: error: task 'b' would finish after 9999-12-31, the last date a "
            "plan may reach\n"
            "      - {id: b, duration: 100, after: a}\n"
            "             ^\n"
            "hint: its earliest finish is 300 working days after the start, and the calendar "
            "has only 260 before 9999-12-31\n");
  // A long chain of maximal lags stays in the window: refused, not wrapped.
  std::string text = "plan: p\nstart: 2027-01-11\ntasks:\n  - {id: t0, duration: 1}\n";
  for (int i = 1; i < 60; ++i)
    text += "  - {id: t" + std::to_string(i) + ", duration: 100000, after: [{task: t" +
            std::to_string(i - 1) + ", lag: 100000}]}\n";
  const std::string out = Check(text);
  EXPECT_NE(out.find("would finish after 9999-12-31"), std::string::npos) << out;
}

TEST(PlanLimits, CalendarWithNoWorkingDayInTheWindowIsRefused) {
  const std::string out =
      Check("plan: p\nstart: 2027-01-11\ncalendar: {holidays: [\"2027-01-01..9999-12-31\"]}\n"
            "tasks: [{id: a, duration: 1}]\n");
  EXPECT_NE(out.find("would finish after 9999-12-31"), std::string::npos) << out;
}

// ---------------------------------------------------------------- blow-ups

// 10 references per level, 9 levels: 10^9 values once the aliases expand.
std::string AliasBomb() {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 9; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", " : "") + prev;
    text += "]\n";
  }
  return text;
}

TEST(PlanLimits, YamlAliasBombIsRefused) {
  const std::string text = AliasBomb();
  ASSERT_LT(text.size(), 700u);
  const std::string budget = std::to_string(100000 + 4 * text.size());
  EXPECT_EQ(Check(text),
            "plan.yaml: error: the plan expands to more than " + budget +
                " values through YAML aliases (*name)\n"
                "hint: a plan file may expand to 100000 values plus 4 per byte of the file; "
                "write the repeated parts out, or use fewer aliases\n");
  // The same bomb under 'tasks': refused before the reader walks it.
  const std::string tasks = std::string(kHead) + "x: &t {id: a, duration: 1}\n" +
                            "tasks: [" + std::string(200000, ' ') + "*t]\n";
  EXPECT_NE(Check(tasks), "ok");
}

TEST(PlanLimits, ModestAliasesStillWork) {
  std::string text = std::string(kHead) + "roles: {m: {}}\npeople: [{id: ann, roles: [m]}]\n"
                                          "tasks:\n  - {id: t0, duration: 1, needs: &n {m: 1}}\n";
  for (int i = 1; i < 200; ++i) text += "  - {id: t" + std::to_string(i) + ", duration: 1, needs: *n}\n";
  EXPECT_EQ(Check(text), "ok");
}

TEST(PlanLimits, ManyRolesReadInLinearTime) {
  // 100,000 roles and people: the duplicate-key scan and the role lookups
  // were quadratic (12-23 s); a duplicate at the very end is still found.
  std::string text = std::string(kHead) + "roles:\n";
  for (int i = 0; i < 100000; ++i) text += "  r" + std::to_string(i) + ": {}\n";
  text += "people:\n";
  for (int i = 0; i < 100000; ++i)
    text += "  - {id: p" + std::to_string(i) + ", roles: [r" + std::to_string(i) + "]}\n";
  text += "tasks: [{id: a, duration: 1, needs: {r99999: 1}}]\n";
  EXPECT_EQ(Check(text), "ok");
  const std::string dup = text + "roles: {}\n";
  EXPECT_NE(Check(dup).find("duplicate key 'roles'"), std::string::npos);
}

TEST(PlanLimits, ManyUnknownReferencesDoNotEachSearchForAHint) {
  // 20,000 tasks, each naming an unknown task: every error is reported, a
  // did-you-mean only for the first ones (each search is linear in the ids).
  std::string text = std::string(kHead) + "tasks:\n";
  for (int i = 0; i < 20000; ++i)
    text += "  - {id: t" + std::to_string(i) + ", duration: 1, after: [u" + std::to_string(i) +
            "]}\n";
  Result<Plan> r = ReadPlan("plan.yaml", text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors().size(), 20000u);
  EXPECT_EQ(r.errors().back().hint, "");
}

TEST(PlanLimits, FileLargerThanTheLimitIsRefused) {
  testing::ScopedTempDir dir;
  const std::string path = dir.Write("big.yaml", std::string(kHead) + "tasks: []\n" +
                                                     std::string(2000, '#') + "\n");
  std::string text;
  Errors errors = ReadPlanFile(path, &text, 1000);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(RenderErrors(path, "", errors),
            path + ": error: the plan file is larger than 1000 bytes\n"
                   "hint: a plan file may hold at most 1000 bytes\n");
  EXPECT_TRUE(ReadPlanFile(path, &text, 1 << 20).empty());
  EXPECT_EQ(text.size(), 2037u);  // 26 + 10 + 2001
  EXPECT_EQ(kMaxPlanFileBytes, 256u << 20);
}

TEST(PlanLimits, DevZeroIsRefusedAtOnce) {
  std::string text;
  Errors errors = ReadPlanFile("/dev/zero", &text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(RenderErrors("/dev/zero", "", errors),
            "/dev/zero: error: the plan file holds a NUL byte (at byte 1): not a text file\n"
            "hint: a plan is a YAML or JSON text file\n");
  EXPECT_LT(text.capacity(), 16u << 20);
}

TEST(PlanLimits, FifoIsReadToItsEnd) {
  testing::ScopedTempDir dir;
  const std::string path = dir.path() + "/plan.fifo";
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  const std::string plan = std::string(kHead) + "tasks: [{id: a, duration: 1}]\n";
  std::thread writer([&] {
    std::ofstream out(path, std::ios::binary);
    out << plan;
  });
  std::string text;
  Errors errors = ReadPlanFile(path, &text);
  writer.join();
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(text, plan);
}

TEST(PlanLimits, MissingFileIsOneErrorWithoutPosition) {
  std::string text;
  Errors errors = ReadPlanFile("/nonexistent/plan.yaml", &text);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(RenderErrors("/nonexistent/plan.yaml", "", errors),
            "/nonexistent/plan.yaml: error: cannot read the plan file: no such file or not "
            "readable\n"
            "hint: check the path, or run 'rollout demo' for the built-in plan\n");
}

// ---------------------------------------------------------------- JSON

TEST(PlanLimits, JsonDuplicateKeysAreRefused) {
  EXPECT_EQ(Check("{\"plan\": \"p\", \"plan\": \"q\", \"start\": \"2027-01-11\",\n"
                  " \"tasks\": [{\"id\": \"a\", \"duration\": 1}]}\n",
                  "plan.json"),
            "plan.json:1:15: error: duplicate key 'plan'\n"
            "    {\"plan\": \"p\", \"plan\": \"q\", \"start\": \"2027-01-11\",\n"
            "                  ^\n"
            "hint: the first is at line 1; write each key once\n");
  EXPECT_EQ(Check("{\"plan\": \"p\", \"start\": \"2027-01-11\",\n"
                  " \"tasks\": [{\"id\": \"a\", \"duration\": 1}],\n"
                  " \"tasks\": []}\n",
                  "plan.json"),
            "plan.json:3:2: error: duplicate key 'tasks'\n"
            "     \"tasks\": []}\n"
            "     ^\n"
            "hint: the first is at line 2; write each key once\n");
  EXPECT_EQ(Check("{\"plan\": \"p\", \"start\": \"2027-01-11\",\n"
                  " \"tasks\": [{\"id\": \"a\", \"duration\": 1, \"duration\": 2}]}\n",
                  "plan.json"),
            "plan.json:2:39: error: duplicate key 'duration'\n"
            "     \"tasks\": [{\"id\": \"a\", \"duration\": 1, \"duration\": 2}]}\n"
            "                                          ^\n"
            "hint: the first is at line 2; write each key once\n");
}

TEST(PlanLimits, JsonNumberOutOfRangeIsPositioned) {
  EXPECT_EQ(Check("{\"plan\": \"p\", \"start\": \"2027-01-11\",\n"
                  " \"tasks\": [{\"id\": \"a\", \"duration\": 1e309}]}\n",
                  "plan.json"),
            "plan.json:2:36: error: number '1e309' is out of range\n"
            "     \"tasks\": [{\"id\": \"a\", \"duration\": 1e309}]}\n"
            "                                       ^\n"
            "hint: JSON numbers must fit in a double (about 1.8e308); plan numbers are small\n");
}

TEST(PlanLimits, JsonTaskIdWithControlCharactersIsRefused) {
  EXPECT_EQ(Check("{\"plan\": \"p\", \"start\": \"2027-01-11\",\n"
                  " \"tasks\": [{\"id\": \"a\\r\\nb\", \"duration\": 1}]}\n",
                  "plan.json"),
            "plan.json:2:19: error: invalid task id 'a\\r\\nb'\n"
            "     \"tasks\": [{\"id\": \"a\\r\\nb\", \"duration\": 1}]}\n"
            "                      ^\n"
            "hint: an id takes letters (Latin or Cyrillic), digits, '.', '_' and '-', and "
            "starts with a letter or a digit\n");
}

}  // namespace
}  // namespace rollout
