// A layered layout of the task network (Sugiyama's method, kept small):
// each leaf task goes into the column of the longest chain of links before
// it (a task with no predecessor sits just before its first successor), long links pass through dummy points in the columns they cross, and
// the rows inside a column are ordered by alternating barycentre sweeps to
// cut crossings. Pure: indices in, coordinates out (docs/report.md).
#pragma once

#include <utility>
#include <vector>

namespace rollout::report {

struct LayoutNode {
  int layer = 0;  // column
  int slot = 0;   // row inside the column
};

struct NetworkLayout {
  std::vector<LayoutNode> nodes;  // parallel to the input nodes
  /// Per input edge: the (layer, slot) points it passes, source first,
  /// target last; dummy points in between.
  std::vector<std::vector<LayoutNode>> edges;
  int layers = 0;
  int slots = 0;  // the most rows a column holds
  std::vector<int> column_size;  // rows (nodes and dummies) per column
};

/// Lays out |count| nodes with |edges| (from, to). REQUIRES: the edges form
/// no cycle (the plan validator refused cycles).
NetworkLayout LayOutNetwork(int count, const std::vector<std::pair<int, int>>& edges);

}  // namespace rollout::report
