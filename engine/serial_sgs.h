// The serial schedule-generation scheme (Kelley 1963; Kolisch 1996): takes
// the activities in the order of an activity list that is a topological
// order and places each at the earliest offset, not before its precedence
// lower bound, where the people it needs are free on every day of its span.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/level_problem.h"

namespace rollout {

class SerialSgs {
 public:
  /// Borrows |problem| for the lifetime of the object.
  explicit SerialSgs(const LevelProblem& problem);

  /// Schedules |list| (REQUIRES: a topological order of all nodes); pinned
  /// nodes (LevelProblem::pinned) go first, at their es. Fills
  /// |es| and returns the makespan. In person mode, |people| (if not null)
  /// receives the people chosen for each node.
  int Run(const std::vector<int>& list, std::vector<int>* es,
          std::vector<std::vector<int>>* people = nullptr);

  /// True if the last Run met a task whose people can never be found
  /// together (multi-role people); that task was then placed ignoring them.
  bool failed() const { return failed_; }

 private:
  bool PoolFits(int v, int t, int* next) const;
  void PoolCommit(int v, int t);
  bool PersonFits(int v, int t, std::vector<int>* chosen);
  void PersonCommit(int v, int t, const std::vector<int>& chosen);
  bool PersonFree(int p, int t, int d) const;
  int PlacePinned(std::vector<int>* es, std::vector<std::vector<int>>* people);
  void ChooseAnyway(int v, std::vector<int>* chosen);
  void Grow(int horizon);

  const LevelProblem& p_;
  std::vector<int> capacity_;             // pool: people per role
  std::vector<std::vector<int>> used_;    // pool: role -> day -> people busy
  std::vector<std::vector<uint8_t>> busy_;  // person: person -> day -> busy or off
  std::vector<int> load_;                  // person: busy days so far
  std::vector<uint8_t> taken_;             // person: scratch, chosen for this task
  int horizon_ = 0;
  int limit_ = 0;  // no feasible start lies beyond this offset
  bool failed_ = false;
};

/// Chooses people for a capacity-feasible pool-mode schedule by interval
/// colouring: tasks by start, each takes the people free longest (then the
/// least loaded, then the first). Returns people per node.
std::vector<std::vector<int>> AssignPool(const LevelProblem& problem, const std::vector<int>& es);

}  // namespace rollout
