// The search behind `--level`: priority rules, forward-backward improvement
// (double justification, Valls et al. 2005; engine/justification.h) of every
// child and a genetic algorithm over activity lists (Hartmann 1998; two-point
// and peak crossover, Valls et al. 2008) that restarts around its best when
// it stops improving, on top of the serial schedule-generation scheme; the
// effort may be split into independent runs from several seeds. It stops
// early at a lower bound of the makespan. Deterministic for a seed; no clock.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "engine/level_problem.h"

namespace rollout {

struct SearchOptions {
  int effort = 5000;  // at most this many schedules (each SGS pass counts one)
  uint64_t seed = 1;
  /// Schedules per independent run: the effort is split into
  /// max(1, effort / run_length) genetic searches from different seeds (the
  /// first one |seed|), and the best of their results is kept. 0 = one run.
  int run_length = 0;
  /// Called now and then with (schedules so far, effort). May be empty.
  std::function<void(int, int)> progress;
};

struct SearchStats {
  int schedules = 0;
  int first_makespan = 0;  // the latest-finish-time rule alone (first run)
  int runs = 0;            // independent runs started
};

/// A topological order that takes, among the nodes whose predecessors are
/// all taken, the one with the smallest |priority| (then the smallest index).
std::vector<int> ListFromPriorities(const LevelProblem& problem, const std::vector<double>& priority);

/// Peak crossover (Valls, Ballestín & Quintanilla 2008): the child keeps the
/// activities that start in the mother's busiest window of |window| days
/// (the most of each role's people at work), in her order; those that start
/// before and after it come in the father's order, before and after them.
/// |mother_list| is the mother's activity list and |mother_es| its forward
/// schedule; both lists are topological orders of all nodes. The child is
/// one too (repaired by ListFromPriorities when other links than
/// finish-to-start let a successor start before its predecessor).
std::vector<int> PeakCrossover(const LevelProblem& problem, const std::vector<int>& mother_list,
                               const std::vector<int>& mother_es,
                               const std::vector<int>& father_list, int window);

/// |problem| with each node's people fixed to |people| and no needs left:
/// the same assignment, only the days can move.
LevelProblem WithPeopleFixed(const LevelProblem& problem,
                             const std::vector<std::vector<int>>& people);

/// Serial SGS passes with the activity list ordered by the previous
/// schedule's es (then node index), until the schedule stops moving or after
/// |rounds| passes; fills |es| and returns the makespan. With people fixed a
/// pass only moves tasks earlier (the previous days of each task stay free),
/// so the passes reach a fixed point (unless |rounds| runs out first):
/// scheduling it again in its own order gives it back. That is what makes a levelled forecast with nothing recorded equal
/// to its levelled baseline. Returns -1 (and |es| is unusable) when the first
/// pass finds some task's people never free together.
int ShiftLeft(const LevelProblem& fixed_people, const std::vector<double>& first_order,
              int rounds, std::vector<int>* es);

/// The best schedule found within options.effort schedules, over
/// independent runs (SearchOptions::run_length); fewer schedules when one
/// reaches a lower bound (the critical path, in pool mode also each role's
/// work over its people) without missing a deadline.
LevelSolution SearchSchedule(const LevelProblem& problem, const SearchOptions& options,
                             SearchStats* stats = nullptr);

}  // namespace rollout
