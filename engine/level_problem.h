// The resource-constrained scheduling problem behind `--level`, in
// working-day offsets (plan-format.md §5): activities with durations,
// release offsets and generalised precedence links (FS/SS/FF/SF with lags),
// each needing k people of some roles and/or fixed people.
//
// Two resource models share one serial schedule-generation scheme:
// - pool: when no person is off, no task has fixed assignees and every
//   needed role's people hold no other needed role, people of a role are
//   interchangeable; the scheme then works on per-role capacity profiles
//   (the classic RCPSP) and people are chosen afterwards by interval
//   colouring, which always succeeds on a capacity-feasible schedule;
// - person: otherwise each person has a busy/off calendar and the scheme
//   picks people while placing a task.
#pragma once

#include <climits>
#include <cstdint>
#include <vector>

#include "engine/plan.h"

namespace rollout {

struct LevelArc {
  int32_t node = 0;  // the other end
  LinkType type = LinkType::kFS;
  int32_t lag = 0;
};

struct LevelNeed {
  int32_t role = 0;   // index into LevelProblem::role_people
  int32_t count = 0;  // distinct people
};

struct LevelProblem {
  int n = 0;
  std::vector<int> duration;
  std::vector<int> release;                  // es >= release (not_before)
  std::vector<int> due;                      // wanted ef <= due (deadline); INT_MAX if none
  std::vector<std::vector<LevelArc>> preds;  // arcs into a node
  std::vector<std::vector<LevelArc>> succs;  // arcs out of a node
  std::vector<std::vector<LevelNeed>> needs;
  std::vector<std::vector<int>> fixed;       // fixed people per node
  std::vector<std::vector<int>> role_people;  // role -> people holding it
  int people = 0;
  std::vector<std::vector<int>> off;         // person -> sorted off offsets >= 0
  bool pool = false;                         // see the file comment
  /// Placements taken as given (the actuals of a forecast): per node the
  /// es reality fixed, or kFree. Empty = none. A pinned node ignores its
  /// links and whether its people are free; its people (fixed[v], else
  /// chosen at that es) are busy on its days before anything else is placed.
  std::vector<int> pinned;
  static constexpr int kFree = INT_MIN;

  bool IsPinned(int v) const { return !pinned.empty() && pinned[v] != kFree; }

  /// Working days by which the schedule |es| misses the deadlines, summed.
  long Tardiness(const std::vector<int>& es) const;

  /// The earliest es allowed by the links from already placed predecessors.
  int LowerBound(int v, const std::vector<int>& es) const;

  /// The same problem with time reversed (links flipped, FS<->FS, SS<->FF,
  /// SF<->SF; days off and pinned nodes mirrored at |horizon|; deadlines
  /// become releases, releases are dropped). Used only to
  /// derive activity orders (backward pass of justification).
  LevelProblem Mirrored(int horizon) const;

  /// Sets |pool| from the data (see the file comment).
  void DetectPool();
};

/// A schedule of a LevelProblem: es per node and the people per node.
struct LevelSolution {
  std::vector<int> es;
  std::vector<std::vector<int>> people;
  int makespan = 0;
  long tardiness = 0;    // sum of working days past deadlines
  bool feasible = true;  // false if some task's people could not be found together
};

}  // namespace rollout
