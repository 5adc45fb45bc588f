// Random large plans for the CPM benchmarks (issue #3), shared by gen_plan
// and cpm_bench: a random DAG with forward links only, task i linking to
// distinct tasks among the |window| before it; groups wrap contiguous blocks.
#pragma once

#include <string>
#include <vector>

namespace rollout::bench {

struct GenOptions {
  long tasks = 1000;
  double links = 2.0;  // per task, on average
  unsigned seed = 1;
  long window = 1000;
  long groups = 10;
  bool fs_only = false;  // every link FS with lag 0
  /// Every task with a duration d > 0 gets estimate {ceil(d/2), d, 2d}
  /// (plan-format.md §8; the risk benchmarks). Draws nothing more: the
  /// tasks and links are the same as without.
  bool estimates = false;
};

struct GenLink {
  long pred;
  int type;  // 0 FS, 1 SS, 2 FF, 3 SF
  int lag;
};

struct GenTask {
  int dur;
  std::vector<GenLink> after;
};

std::vector<GenTask> GenerateTasks(const GenOptions& o);

/// The plan as JSON (plan-format.md; one task per line, Cyrillic names).
std::string PlanJson(const GenOptions& o, const std::vector<GenTask>& tasks);

/// The same plan as block-style YAML, one key per line, as people write
/// plans (the JSON above is also YAML's flow style, but goes the JSON way).
std::string PlanYaml(const GenOptions& o, const std::vector<GenTask>& tasks);

/// The same tasks, durations and FS links as a TaskJuggler 3 project with a
/// CSV report of every task's start and end. REQUIRES: fs_only, groups == 0.
std::string PlanTjp(const std::vector<GenTask>& tasks);

}  // namespace rollout::bench
