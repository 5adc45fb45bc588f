// `rollout schedule PLAN --json` of a plan whose output passes the writer's
// 1 MiB buffer several times (tools/cli/schedule_view.cc, OutBuffer): every
// task, in order, with its values, names escaped as JSON, nothing lost or
// repeated at a buffer's edge. A real process on a plan file on disk.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

#include "app/scheduled_plan.h"
#include "tests/testing/run_binary.h"
#include "tools/cli/schedule_view.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

using testing::Rollout;
using testing::ScopedTempDir;

TEST(ScheduleJsonCli, BigPlanStreamsEveryTaskInOrder) {
  constexpr int kTasks = 9000;  // about 1.9 MB of output
  std::string plan = R"({"plan":"big","start":"2027-01-11","tasks":[)";
  for (int i = 0; i < kTasks; ++i) {
    if (i > 0) plan += ",\n";
    // Every 7th name needs escaping (a quote, a backslash, a tab).
    const std::string name = i % 7 == 0 ? "Задача \\\"" + std::to_string(i) + "\\\" \\\\ \\t"
                                        : "Задача " + std::to_string(i);
    plan += R"({"id":"t)" + std::to_string(i) + R"(","name":")" + name +
            R"(","duration":)" + std::to_string(i % 3);
    if (i > 0) plan += R"(,"after":["t)" + std::to_string(i - 1) + R"("])";
    plan += "}";
  }
  plan += "]}";
  ScopedTempDir dir;
  const std::string path = dir.Write("big.json", plan);
  auto r = Rollout({"schedule", path, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_GT(r.out.size(), size_t{3} << 19);  // past the 1 MiB buffer
  const nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["tasks"].size(), static_cast<size_t>(kTasks));
  long es = 0;
  for (int i = 0; i < kTasks; ++i) {
    const nlohmann::json& t = j["tasks"][i];
    ASSERT_EQ(t["id"], "t" + std::to_string(i));
    const std::string name = i % 7 == 0 ? "Задача \"" + std::to_string(i) + "\" \\ \t"
                                        : "Задача " + std::to_string(i);
    ASSERT_EQ(t["name"], name);
    // A chain: each task starts when the one before finishes.
    ASSERT_EQ(t["es"].get<long>(), es) << i;
    ASSERT_EQ(t["duration"].get<long>(), i % 3);
    ASSERT_TRUE(t["critical"].get<bool>());
    es += i % 3;
  }
  EXPECT_EQ(j["duration"].get<long>(), es);
  // The critical path is the whole chain (milestones included).
  ASSERT_EQ(j["critical_path"].size(), static_cast<size_t>(kTasks));
  EXPECT_EQ(j["critical_path"][kTasks - 1], "t" + std::to_string(kTasks - 1));
  EXPECT_EQ(r.out.back(), '\n');
}

// A plan large enough that the writer makes every odd block of 8,192 tasks
// on a second thread: groups, every link type, lags, names to escape.
std::string BigPlan(int tasks) {
  std::string plan = R"({"plan":"big","start":"2027-01-11","tasks":[)";
  const char* const kTypes[] = {"FS", "SS", "FF", "SF"};
  for (int g = 0, i = 0; g < 5; ++g) {
    plan += std::string(g > 0 ? ",\n" : "") + R"({"id":"g)" + std::to_string(g) +
            R"(","name":"Этап \u0007","tasks":[)";
    for (int k = 0; k < tasks / 5; ++k, ++i) {
      if (k > 0) plan += ",\n";
      plan += R"({"id":"t)" + std::to_string(i) + R"(","name":"Задача \")" + std::to_string(i) +
              R"(\"","duration":)" + std::to_string(i % 5);
      if (i > 0)
        plan += R"(,"after":[{"task":"t)" + std::to_string((i * 7919 + 13) % i) + R"(","type":")" +
                kTypes[i % 4] + R"(","lag":)" + std::to_string(i % 3 - 1) + "}]";
      plan += "}";
    }
    plan += "]}";
  }
  return plan + "]}";
}

std::string WrittenWith(const ScheduledPlan& s, unsigned threads) {
  std::FILE* f = std::tmpfile();
  EXPECT_NE(f, nullptr);
  if (f == nullptr) return "";
  WriteScheduleJson(s, f, threads);
  std::string out(static_cast<size_t>(std::ftell(f)), '\0');
  std::rewind(f);
  EXPECT_EQ(std::fread(out.data(), 1, out.size(), f), out.size());
  std::fclose(f);
  return out;
}

TEST(ScheduleJsonCli, TwoThreadsWriteOneThreadsBytes) {
  for (const int tasks : {40000, 65543}) {
    Result<Plan> plan = ReadPlan("big.json", BigPlan(tasks));
    ASSERT_TRUE(plan.ok()) << plan.errors().front().message;
    const ScheduledPlan s = SchedulePlan(std::move(plan.value()));
    const std::string one = WrittenWith(s, 1);
    const std::string two = WrittenWith(s, 2);
    ASSERT_GT(one.size(), size_t{4} << 20);
    EXPECT_TRUE(one == two) << "sizes " << one.size() << " " << two.size();
    const nlohmann::json j = nlohmann::json::parse(two);
    ASSERT_EQ(j["tasks"].size(), s.plan.tasks.size());
    for (size_t i = 0; i < s.plan.tasks.size(); i += 997)
      EXPECT_EQ(j["tasks"][i]["id"], s.plan.tasks[i].id);
  }
}

// The binary, on such a plan: what it prints is what one thread writes.
TEST(ScheduleJsonCli, BigPlanOnTwoThreadsPrintsOneThreadsBytes) {
  const std::string text = BigPlan(40000);
  ScopedTempDir dir;
  auto r = Rollout({"schedule", dir.Write("big.json", text), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Result<Plan> plan = ReadPlan("big.json", text);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(r.out == WrittenWith(SchedulePlan(std::move(plan.value())), 1));
}

}  // namespace
}  // namespace rollout
