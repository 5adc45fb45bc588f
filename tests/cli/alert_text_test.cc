// `rollout alerts` as a person reads it, in English and in Russian
// (tools/cli/alert_text.cc, docs/server.md "Languages"): golden files of
// the inbox with every kind of alert, raised by the real engine on a real
// SQLite file; the JSON of the same inbox keeps its data in both.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/testing/engine_fixture.h"
#include "tests/testing/run_binary.h"

namespace rollout::testing {
namespace {

// Day 0 Mon 2027-01-11 (kEnginePlan): on Wed 13 a is overdue; ann finishes
// it that afternoon; on Thu 14 the gate is ready, b is due and at risk of
// its deadline, and the project slips.
class AlertInbox : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_EQ(f.Once("2027-01-13T12:00").exit_code, 0);
    ASSERT_EQ(f.As("ann", "2027-01-13T15:00", {"done", "a"}).exit_code, 0);
    ASSERT_EQ(f.Once("2027-01-14T12:00").exit_code, 0);
  }
  RunResult Inbox(const std::vector<std::string>& lang, std::vector<std::string> args) const {
    args.insert(args.begin(), lang.begin(), lang.end());
    return f.As("boss", "2027-01-14T12:00", args);
  }
  EngineFixture f{GetParam()};
};

TEST_P(AlertInbox, GoldenInEnglishAndRussian) {
  const RunResult en = Inbox({}, {"alerts", "--all"});
  const RunResult ru = Inbox({"--lang", "ru"}, {"alerts", "--all"});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  ASSERT_EQ(ru.exit_code, 0) << ru.err;
  EXPECT_EQ(en.out, ReadFile(DataPath("alerts/inbox.en.txt")));
  EXPECT_EQ(ru.out, ReadFile(DataPath("alerts/inbox.ru.txt")));
  // Every kind is there.
  for (const char* kind : {"overdue", "gate_ready", "due_soon", "deadline_risk", "slip"})
    EXPECT_NE(en.out.find(kind), std::string::npos) << kind;
}

TEST_P(AlertInbox, TheJsonKeepsItsDataInEitherLanguage) {
  const RunResult en = Inbox({}, {"alerts", "--all", "--json"});
  const RunResult ru = Inbox({"--lang", "ru"}, {"alerts", "--all", "--json"});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  nlohmann::json je = nlohmann::json::parse(en.out), jr = nlohmann::json::parse(ru.out);
  ASSERT_EQ(je.size(), jr.size());
  ASSERT_GE(je.size(), 5u);
  for (size_t i = 0; i < je.size(); ++i) {
    je[i].erase("message");
    jr[i].erase("message");
  }
  EXPECT_EQ(je, jr);
}

INSTANTIATE_TEST_SUITE_P(Backends, AlertInbox, AllBackends(), BackendName);

}  // namespace
}  // namespace rollout::testing
