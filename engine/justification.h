// Forward-backward improvement, or double justification (Valls, Ballestín &
// Quintanilla 2005), on top of the serial schedule-generation scheme: the
// activities of a forward schedule are scheduled again in reversed time (the
// mirrored problem) by decreasing finish — each as late as it can go, right
// justification — and then forward again by increasing start of that — left
// justification. Gaps that the first order left close from both sides, and
// the result is again a forward serial-SGS schedule, feasible by
// construction. It is kept only when it is better.
#pragma once

#include <vector>

#include "engine/level_problem.h"
#include "engine/serial_sgs.h"

namespace rollout {

class Justifier {
 public:
  /// Borrows |problem| for the lifetime of the object. |horizon| is where
  /// time is mirrored (days off, deadlines): a makespan that some feasible
  /// schedule reaches. It only shapes the order of the backward pass; the
  /// schedule kept is always a forward one.
  Justifier(const LevelProblem& problem, int horizon);
  Justifier(const Justifier&) = delete;
  Justifier& operator=(const Justifier&) = delete;

  /// One double justification of |es|, the forward schedule of |list|
  /// (REQUIRES: what SerialSgs(problem).Run(*list, es) gives, with
  /// |makespan| and |tardiness| its values). When the justified schedule is
  /// better — fewer days past deadlines, then a shorter makespan — replaces
  /// |list| (by the order it was built in), |es|, |makespan| and |tardiness|
  /// and returns true; otherwise leaves them all as they were and returns
  /// false. Never makes a schedule worse. Costs two schedules.
  bool Improve(std::vector<int>* list, std::vector<int>* es, int* makespan, long* tardiness);

 private:
  const LevelProblem& p_;
  LevelProblem mirror_;
  SerialSgs forward_;
  SerialSgs backward_;
  std::vector<double> prio_;
  std::vector<int> pos_, esb_, es2_;
};

}  // namespace rollout
