// The critical chains of a schedule (docs/scheduling.md "Critical chains"):
// paths of critical leaf tasks joined by driving links, from a start to an end.
//
// A link p -> s is driving when it is tight at the early times: its bound
// equals s's es (FS: es_s = ef_p + lag, SS: es_s = es_p + lag, FF: ef_s =
// ef_p + lag, SF: ef_s = es_p + lag). A chain starts at a critical task with
// no driving link from a critical task and follows driving links between
// critical tasks until a task with none; every maximal such path is a chain.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/critical_path.h"
#include "engine/network.h"
#include "engine/plan.h"

namespace rollout {

struct CriticalChain {
  std::vector<int> tasks;  // indices in Plan::tasks, in link order
  int es = 0;              // es of the first task
  int ef = 0;              // ef of the last task
  int length() const { return ef - es; }
};

struct CriticalChains {
  std::vector<CriticalChain> chains;  // at most the limit asked for
  size_t total = 0;                   // every chain, saturated at SIZE_MAX
};

/// True when the link |e| of |net| is tight at the early times of |s|.
bool IsDriving(const Network& net, const Schedule& s, CsrGraph::edge_descriptor e);

/// The chains ordered by their first task's (es, ef, id), then depth first
/// along successors in the same order; at most |limit| of them.
CriticalChains FindCriticalChains(const Plan& plan, const Network& net, const Schedule& s,
                                  size_t limit);

}  // namespace rollout
