// The dependency network of a plan: leaf tasks as nodes, links expanded
// through groups (plan-format.md §3), in a compressed sparse row graph with
// one topological order.
#pragma once

#include <cstdint>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/range/iterator_range.hpp>

#include "engine/plan.h"
#include "engine/result.h"
#include "engine/task_index.h"

namespace rollout {

/// One expanded link: the constraint it carries and where it came from.
struct EdgeProps {
  LinkType type = LinkType::kFS;
  int32_t lag = 0;
  int32_t owner = 0;  // the task whose `after` holds the link
  int32_t index = 0;  // its position in that `after` list
};

using CsrGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                    EdgeProps, boost::no_property, uint32_t,
                                                    uint32_t>;

/// Id -> index in Plan::tasks (the first task of a repeated id).
TaskIndex IndexTasks(const Plan& plan);

/// The leaf tasks of a plan and the links between them.
struct Network {
  std::vector<int> node_task;  // node -> index in Plan::tasks
  std::vector<int> task_node;  // index in Plan::tasks -> node, or -1 for groups
  std::vector<int> subtree_end;  // task i's group spans tasks [i, subtree_end[i])
  CsrGraph graph;
  std::vector<uint32_t> topo;  // nodes in topological order
  /// Per edge, by the CSR edge index (edge_descriptor::idx): lag * 4 + type,
  /// all the passes need of an edge, in 4 bytes instead of the 16 of
  /// EdgeProps (the passes are memory-bound at a million tasks).
  std::vector<int32_t> link_code;

  static LinkType CodeType(int32_t code) { return static_cast<LinkType>(code & 3); }
  static int32_t CodeLag(int32_t code) { return code >> 2; }

  size_t size() const { return node_task.size(); }
};

/// Builds the network. REQUIRES: every link names a task of |plan| (the
/// validator checks that first). Fails only on a dependency cycle, with the
/// cycle's path in the message.
Result<Network> BuildNetwork(const Plan& plan, const TaskIndex& index);

/// The same with every link already resolved: |link_task| holds, task after
/// task and link after link, the index in Plan::tasks of the task each link
/// names (the validator resolves them while checking). A link whose task is
/// -1 (none) is passed over: the validator, which reports it, may build the
/// network beside its check of the tasks and drop it then.
Result<Network> BuildNetwork(const Plan& plan, const std::vector<int>& link_task);

}  // namespace rollout
