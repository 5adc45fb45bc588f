// The engine's refusals (a gate that has not passed, a gate not ready, a KPI
// short, the progress rules) in Russian through the real binary, and the
// JSON of a plan file the same in both languages.
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/engine_fixture.h"
#include "tests/testing/run_binary.h"

namespace rollout::testing {
namespace {

constexpr const char* kNoon = "2027-01-12T12:00";

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// a (ann) --> g (boss; kpi >= 5) --> b: tests/testing/engine_fixture.cc.
class RefusalRussian : public ::testing::TestWithParam<Backend> {};

TEST_P(RefusalRussian, GateNotReadyAndKpiShortWriteNothing) {
  EngineFixture f(GetParam());
  RunResult ready = f.As("boss", kNoon, {"--lang", "ru", "gate", "approve", "g"});
  EXPECT_EQ(ready.exit_code, 3);
  EXPECT_EQ(ready.out, "");
  EXPECT_TRUE(Has(ready.err, "контрольная точка «g» не готова: «a» не выполнена")) << ready.err;
  EXPECT_FALSE(Has(ready.err, "is not ready")) << ready.err;

  RunResult approver = f.As("ann", kNoon, {"--lang", "ru", "gate", "approve", "g"});
  EXPECT_EQ(approver.exit_code, 3);
  EXPECT_TRUE(
      Has(approver.err, "«ann» не может утвердить контрольную точку «g»; её утверждающие: boss"))
      << approver.err;

  ASSERT_EQ(f.As("ann", kNoon, {"done", "a"}).exit_code, 0);
  RunResult kpi = f.As("boss", kNoon, {"--lang", "ru", "gate", "approve", "g"});
  EXPECT_EQ(kpi.exit_code, 3);
  EXPECT_TRUE(Has(kpi.err, "у показателя «kpi» нет записанного значения, нужно не меньше 5"))
      << kpi.err;
  ASSERT_EQ(f.As("boss", kNoon, {"metric", "set", "kpi", "3"}).exit_code, 0);
  kpi = f.As("boss", kNoon, {"--lang", "ru", "gate", "approve", "g"});
  EXPECT_TRUE(Has(kpi.err, "показатель «kpi» равен 3, нужно не меньше 5 (не хватает 2)"))
      << kpi.err;
  // Refused: nothing was written, the gate is still closed.
  RunResult log = f.As("boss", kNoon, {"log", "--json"});
  EXPECT_FALSE(Has(log.out, "\"approve\"")) << log.out;
}

TEST_P(RefusalRussian, StartBehindAGateThatHasNotPassed) {
  EngineFixture f(GetParam());
  RunResult r = f.As("ann", kNoon, {"--lang", "ru", "start", "b"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Has(r.err, "нельзя начать «b»: контрольная точка «g» не пройдена")) << r.err;
  // The same refusal in English, as it has always read.
  RunResult en = f.As("ann", kNoon, {"start", "b"});
  EXPECT_EQ(en.exit_code, 3);
  EXPECT_TRUE(Has(en.err, "cannot start 'b': gate 'g' has not passed")) << en.err;
}

TEST_P(RefusalRussian, ProgressRulesSayWhoMayChangeATask) {
  EngineFixture f(GetParam());
  RunResult r = f.As("bob", kNoon, {"--lang", "ru", "done", "a"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Has(r.err,
                  "«bob» не может изменять «a»: задача назначена: ann, и изменять её могут "
                  "только они или руководитель проекта"))
      << r.err;
  RunResult stranger = f.As("eve", kNoon, {"--lang", "ru", "start", "a"});
  EXPECT_EQ(stranger.exit_code, 3);
  EXPECT_TRUE(Has(stranger.err, "«eve» — не участник плана")) << stranger.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, RefusalRussian, AllBackends(), BackendName);

TEST(PlanJsonLanguages, ScheduleJsonIsTheSameInBothLanguages) {
  const std::string dir = DataPath("");
  RunResult en = RolloutIn(dir, {"--lang", "en", "schedule", "good_small.yaml", "--json"});
  RunResult ru = RolloutIn(dir, {"--lang", "ru", "schedule", "good_small.yaml", "--json"});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  ASSERT_EQ(ru.exit_code, 0) << ru.err;
  EXPECT_FALSE(en.out.empty());
  EXPECT_EQ(en.out, ru.out);
}

}  // namespace
}  // namespace rollout::testing
