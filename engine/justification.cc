#include "engine/justification.h"

#include <utility>

#include "engine/genetic_search.h"

namespace rollout {

Justifier::Justifier(const LevelProblem& problem, int horizon)
    : p_(problem), mirror_(problem.Mirrored(horizon)), forward_(p_), backward_(mirror_) {}

bool Justifier::Improve(std::vector<int>* list, std::vector<int>* es, int* makespan,
                        long* tardiness) {
  const int n = p_.n;
  prio_.resize(n);
  pos_.resize(n);
  for (int i = 0; i < n; ++i) pos_[(*list)[i]] = i;
  // Right: by decreasing finish (later in the list first among equals).
  for (int v = 0; v < n; ++v)
    prio_[v] = -((*es)[v] + p_.duration[v] + static_cast<double>(pos_[v]) / (n + 1));
  const int back = backward_.Run(ListFromPriorities(mirror_, prio_), &esb_);
  // Left: by increasing start in the right-justified schedule.
  for (int v = 0; v < n; ++v) prio_[v] = back - esb_[v] - p_.duration[v];
  std::vector<int> again = ListFromPriorities(p_, prio_);
  const int span = forward_.Run(again, &es2_);
  const long late = p_.Tardiness(es2_);
  if (late != *tardiness ? late > *tardiness : span >= *makespan) return false;
  *makespan = span;
  *tardiness = late;
  es->swap(es2_);
  *list = std::move(again);
  return true;
}

}  // namespace rollout
