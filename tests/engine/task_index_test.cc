// TaskIndex: id -> index in Plan::tasks over an open-addressing table.
#include "engine/task_index.h"

#include <gtest/gtest.h>

#include <string>

namespace rollout {
namespace {

Plan PlanWithIds(const std::vector<std::string>& ids) {
  Plan plan;
  for (const std::string& id : ids) {
    Task t;
    t.id = id;
    plan.tasks.push_back(t);
  }
  return plan;
}

TEST(TaskIndex, FindsEveryIdAndNothingElse) {
  Plan plan;
  for (int i = 0; i < 20000; ++i) {
    Task t;
    t.id = (i % 2 ? "задача-" : "t") + std::to_string(i);
    plan.tasks.push_back(t);
  }
  TaskIndex index(plan);
  for (int i = 0; i < 20000; ++i) EXPECT_EQ(index.Insert(i), -1);
  for (int i = 0; i < 20000; ++i) ASSERT_EQ(index.Find(plan.tasks[i].id), i);
  EXPECT_EQ(index.Find("t1"), -1);  // odd numbers carry the other prefix
  EXPECT_EQ(index.Find(""), -1);
  EXPECT_EQ(index.Find("t20000"), -1);
}

TEST(TaskIndex, RepeatedIdKeepsTheFirst) {
  Plan plan = PlanWithIds({"a", "b", "a", "c"});
  TaskIndex index(plan);
  EXPECT_EQ(index.Insert(0), -1);
  EXPECT_EQ(index.Insert(1), -1);
  EXPECT_EQ(index.Insert(2), 0);
  EXPECT_EQ(index.Insert(3), -1);
  EXPECT_EQ(index.Find("a"), 0);
  EXPECT_EQ(index.Find("c"), 3);
}

TEST(TaskIndex, EmptyIndexFindsNothing) {
  EXPECT_EQ(TaskIndex().Find("a"), -1);
  Plan plan;
  EXPECT_EQ(TaskIndex(plan).Find("a"), -1);
}

}  // namespace
}  // namespace rollout
