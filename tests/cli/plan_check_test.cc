// `rollout plan check PLAN` and the help texts, run as the real binary. Bad
// plans live in tests/data/NAME.{yaml,json} with the whole expected stderr in
// tests/data/NAME.stderr; the binary runs inside tests/data so that the file
// names in the messages stay relative.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/testing/run_binary.h"

namespace rollout {
namespace {

using testing::DataPath;
using testing::ReadFile;
using testing::RolloutIn;

const std::string kDataDir = DataPath("");

TEST(PlanCheck, ValidPlanPrintsOneSummaryLine) {
  auto r = RolloutIn(kDataDir, {"plan", "check", "good_small.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, ReadFile(DataPath("good_small.stdout")));
  EXPECT_EQ(r.out,
            "good_small.yaml: plan 'small' is valid: 3 tasks, 1 group, 1 gate, 1 person; "
            "253 working days from 2027-01-11 to 2027-12-31\n");
}

class BadPlanTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BadPlanTest, WholeStderrAndExitCode2) {
  const std::string file = GetParam();
  const std::string golden = file.substr(0, file.rfind('.')) + ".stderr";
  auto r = RolloutIn(kDataDir, {"plan", "check", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, ReadFile(DataPath(golden)));
}

INSTANTIATE_TEST_SUITE_P(PlanCheck, BadPlanTest,
                         ::testing::Values("bad_unknown_task.yaml", "bad_cycle.yaml",
                                           "bad_many.yaml", "bad_plan.json"));

// The same plans in Russian (--lang ru): NAME.ru.stderr beside NAME.stderr.
// Only the message and the hint after the prefix change; the prefixes
// `FILE:LINE:COL: error: ` and `hint: `, the echoed line and the caret stay.
class BadPlanRussianTest : public ::testing::TestWithParam<std::string> {};

std::string Golden(const std::string& file, const std::string& suffix) {
  return ReadFile(DataPath(file.substr(0, file.rfind('.')) + suffix));
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  for (size_t at = 0; at < text.size();) {
    const size_t end = std::min(text.find('\n', at), text.size());
    out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

TEST_P(BadPlanRussianTest, WholeStderrAndExitCode2) {
  const std::string file = GetParam();
  auto r = RolloutIn(kDataDir, {"--lang", "ru", "plan", "check", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, Golden(file, ".ru.stderr"));
}

TEST_P(BadPlanRussianTest, SameShapeAsTheEnglish) {
  const std::vector<std::string> en = Lines(Golden(GetParam(), ".stderr"));
  const std::vector<std::string> ru = Lines(Golden(GetParam(), ".ru.stderr"));
  ASSERT_EQ(en.size(), ru.size());
  for (size_t i = 0; i < en.size(); ++i) {
    const size_t error = en[i].find(": error: ");
    if (error != std::string::npos) {
      // The same file, line and column; the message differs.
      EXPECT_EQ(ru[i].substr(0, error + 9), en[i].substr(0, error + 9)) << i;
      EXPECT_NE(ru[i], en[i]) << i;
    } else if (en[i].rfind("hint: ", 0) == 0) {
      EXPECT_EQ(ru[i].rfind("hint: ", 0), 0u) << ru[i];
    } else {
      EXPECT_EQ(ru[i], en[i]) << i;  // the echoed line and its caret
    }
  }
}

TEST_P(BadPlanRussianTest, RolloutLangVariableChoosesRussianToo) {
  const std::string file = GetParam();
  auto r = testing::Run({ROLLOUT_BINARY, "plan", "check", file}, {"ROLLOUT_LANG=ru"}, "", kDataDir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, Golden(file, ".ru.stderr"));
}

INSTANTIATE_TEST_SUITE_P(PlanCheck, BadPlanRussianTest,
                         ::testing::Values("bad_unknown_task.yaml", "bad_cycle.yaml",
                                           "bad_many.yaml", "bad_plan.json", "bad_risk.yaml"));

TEST(PlanCheck, RussianNonexistentAndEmptyFile) {
  auto r = RolloutIn(kDataDir, {"--lang", "ru", "plan", "check", "no_such_plan.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "no_such_plan.yaml: error: не удаётся прочитать файл плана: файла нет или он "
            "недоступен для чтения\n"
            "hint: проверьте путь или запустите 'rollout demo' для встроенного плана\n");
  testing::ScopedTempDir tmp;
  tmp.Write("empty.yaml", "");
  r = RolloutIn(tmp.path(), {"--lang", "ru", "plan", "check", "empty.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "empty.yaml: error: файл плана пуст\n"
            "hint: в плане нужны как минимум «plan», «start» и «tasks»\n");
}

TEST(PlanCheck, UnknownTaskGolden) {
  // The golden file itself, spelled out once: position, echo, caret, hint.
  EXPECT_EQ(ReadFile(DataPath("bad_unknown_task.stderr")),
            "bad_unknown_task.yaml:9:13: error: task 'plan.transition' depends on unknown task "
            "'audit.partner'\n"
            "        after: [audit.partner]\n"
            "                ^\n"
            "hint: did you mean 'audit.partners'?\n");
}

TEST(PlanCheck, NonexistentFile) {
  auto r = RolloutIn(kDataDir, {"plan", "check", "no_such_plan.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "no_such_plan.yaml: error: cannot read the plan file: no such file or not readable\n"
            "hint: check the path, or run 'rollout demo' for the built-in plan\n");
}

TEST(PlanCheck, EmptyFile) {
  testing::ScopedTempDir tmp;
  tmp.Write("empty.yaml", "");
  auto r = RolloutIn(tmp.path(), {"plan", "check", "empty.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "empty.yaml: error: the plan file is empty\n"
            "hint: a plan needs at least 'plan', 'start' and 'tasks'\n");
}

TEST(PlanCheck, ContractExamplesAreValid) {
  for (const char* name : {"constraints", "fs-101", "mixed-102", "mixed-103", "psplibish-104"}) {
    auto r =
        RolloutIn(kDataDir, {"plan", "check", testing::ExamplesPath(name + std::string(".yaml"))});
    EXPECT_EQ(r.exit_code, 0) << name << "\n" << r.err;
  }
}

TEST(PlanCheck, MissingArgumentIsAUsageError) {
  auto r = RolloutIn(kDataDir, {"plan", "check"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("PLAN"), std::string::npos) << r.err;
}

// ---------------------------------------------------------------- help

// Every command of cli.md, including those later issues fill in.
const std::vector<std::string> kCommands = {
    "plan",   "schedule", "load", "tasks",  "start", "done",   "reopen", "gate",
    "metric", "alerts",   "ack",  "engine", "log",   "export", "import", "demo"};

TEST(Help, TopLevelListsEveryCommand) {
  auto r = RolloutIn(kDataDir, {"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  for (const std::string& c : kCommands)
    EXPECT_NE(r.out.find("\n  " + c + " "), std::string::npos) << c << "\n" << r.out;
}

TEST(Help, EveryCommandHasItsOwnHelp) {
  for (const std::string& c : kCommands) {
    auto r = RolloutIn(kDataDir, {c, "--help"});
    EXPECT_EQ(r.exit_code, 0) << c << "\n" << r.err;
    EXPECT_NE(r.out.find(c), std::string::npos) << c << "\n" << r.out;
    EXPECT_NE(r.out.find("Usage:"), std::string::npos) << c << "\n" << r.out;
  }
}

TEST(Help, PlanCheckHelp) {
  auto r = RolloutIn(kDataDir, {"plan", "check", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("validate a plan file"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PLAN"), std::string::npos) << r.out;
}

TEST(Help, UnknownCommandIsAUsageError) {
  auto r = RolloutIn(kDataDir, {"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "rollout: error: unknown command 'frobnicate'\n"
            "hint: run 'rollout --help' for the list of commands\n");
}

TEST(Help, MistypedCommandGetsADidYouMean) {
  auto r = RolloutIn(kDataDir, {"shedule", "x.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "rollout: error: unknown command 'shedule'\n"
            "hint: did you mean 'schedule'?\n");
}

TEST(Help, NoCommandIsAUsageError) {
  auto r = RolloutIn(kDataDir, {});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("rollout: error:"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace rollout
