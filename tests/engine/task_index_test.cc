// TaskIndex: id -> index in Plan::tasks over an open-addressing table.
#include "engine/task_index.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

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

// The batch operations give what Insert and Find give one at a time: the
// repeated ids with their first task, and each link's task (-1 for an id
// that is no task), in order, across the prefetch window's edges (plans
// shorter and longer than it, tasks without links, links to missing ids).
TEST(TaskIndex, InsertAllAndFindLinksAnswerAsInsertAndFind) {
  std::mt19937 rng(7);
  for (int n : {0, 1, 5, 17, 40, 3000}) {
    Plan plan;
    for (int i = 0; i < n; ++i) {
      Task t;
      t.id = (i % 7 == 3 ? "t" + std::to_string(i % 5) : "задача-" + std::to_string(i));
      if (i % 11 == 5) t.id.clear();  // a task the reader has reported
      const int links = static_cast<int>(rng() % 4);
      for (int k = 0; k < links; ++k) {
        Link l;
        const int to = static_cast<int>(rng() % (n + 3));
        l.task = to < n ? "задача-" + std::to_string(to) : "нет-" + std::to_string(to);
        t.after.push_back(l);
      }
      plan.tasks.push_back(t);
    }
    TaskIndex one(plan), batch(plan);
    std::vector<std::pair<int, int>> repeated;
    for (int i = 0; i < n; ++i) {
      if (plan.tasks[i].id.empty()) continue;
      const int earlier = one.Insert(i);
      if (earlier >= 0) repeated.emplace_back(i, earlier);
    }
    if (n == 3000) {
      EXPECT_GT(repeated.size(), 100u);
    }
    EXPECT_EQ(batch.InsertAll(), repeated) << n;
    std::vector<int> found, expected;
    for (const Task& t : plan.tasks)
      for (const Link& l : t.after) expected.push_back(one.Find(l.task));
    batch.FindLinks(&found);
    EXPECT_EQ(found, expected) << n;
    // Cut into ranges on several threads (more than tasks, too): the same.
    for (unsigned threads : {1u, 2u, 3u, 7u}) {
      TaskIndex split(plan);
      EXPECT_EQ(split.InsertAll(threads), repeated) << n << " tasks, " << threads << " threads";
      std::vector<int> links = {42};  // appended to
      split.FindLinks(&links, threads);
      ASSERT_FALSE(links.empty());
      EXPECT_EQ(links.front(), 42);
      links.erase(links.begin());
      EXPECT_EQ(links, expected) << n << " tasks, " << threads << " threads";
    }
    batch.Free();
    if (n > 0) {
      EXPECT_EQ(batch.Find(plan.tasks[0].id), -1);
    }
  }
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
