// `rollout schedule PLAN --json` of a plan whose output passes the writer's
// 1 MiB buffer several times (tools/cli/schedule_view.cc, OutBuffer): every
// task, in order, with its values, names escaped as JSON, nothing lost or
// repeated at a buffer's edge. A real process on a plan file on disk.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "tests/testing/run_binary.h"

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

}  // namespace
}  // namespace rollout
