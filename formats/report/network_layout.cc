#include "formats/report/network_layout.h"

#include <algorithm>
#include <numeric>

namespace rollout::report {
namespace {

constexpr int kSweeps = 8;

// Column of each node: the longest chain of edges before it (Kahn's order).
std::vector<int> Layers(int count, const std::vector<std::pair<int, int>>& edges) {
  std::vector<std::vector<int>> out(count);
  std::vector<int> indegree(count, 0);
  for (const auto& [from, to] : edges) {
    out[from].push_back(to);
    ++indegree[to];
  }
  std::vector<int> layer(count, 0), queue;
  for (int v = 0; v < count; ++v)
    if (indegree[v] == 0) queue.push_back(v);
  const std::vector<int> sources = queue;
  for (size_t head = 0; head < queue.size(); ++head) {
    const int v = queue[head];
    for (int w : out[v]) {
      layer[w] = std::max(layer[w], layer[v] + 1);
      if (--indegree[w] == 0) queue.push_back(w);
    }
  }
  // A task with no predecessor moves right, next to its first successor,
  // instead of waiting in the first column.
  for (int v : sources) {
    if (out[v].empty()) continue;
    int first = layer[out[v][0]];
    for (int w : out[v]) first = std::min(first, layer[w]);
    layer[v] = first - 1;
  }
  return layer;
}

}  // namespace

NetworkLayout LayOutNetwork(int count, const std::vector<std::pair<int, int>>& edges) {
  NetworkLayout result;
  result.nodes.resize(count);
  result.edges.resize(edges.size());
  if (count == 0) return result;
  std::vector<int> layer = Layers(count, edges);
  // Vertices: the nodes, then one dummy per column a long edge crosses.
  std::vector<std::vector<int>> up(count), down(count);  // neighbours one column away
  std::vector<std::vector<int>> chain(edges.size());     // per edge, its vertices
  for (size_t e = 0; e < edges.size(); ++e) {
    auto [from, to] = edges[e];
    chain[e].push_back(from);
    int prev = from;
    for (int l = layer[from] + 1; l < layer[to]; ++l) {
      const int dummy = static_cast<int>(layer.size());
      layer.push_back(l);
      up.emplace_back();
      down.emplace_back();
      down[prev].push_back(dummy);
      up[dummy].push_back(prev);
      chain[e].push_back(dummy);
      prev = dummy;
    }
    down[prev].push_back(to);
    up[to].push_back(prev);
    chain[e].push_back(to);
  }
  const int vertices = static_cast<int>(layer.size());
  result.layers = *std::max_element(layer.begin(), layer.end()) + 1;
  std::vector<std::vector<int>> columns(result.layers);
  for (int v = 0; v < vertices; ++v) columns[layer[v]].push_back(v);  // plan order first
  std::vector<double> pos(vertices, 0);
  auto number = [&](int l) {
    for (size_t k = 0; k < columns[l].size(); ++k) pos[columns[l][k]] = static_cast<double>(k);
  };
  for (int l = 0; l < result.layers; ++l) number(l);
  auto sweep = [&](int l, const std::vector<std::vector<int>>& neighbours) {
    std::vector<double> key(vertices, 0);
    for (int v : columns[l]) {
      const std::vector<int>& n = neighbours[v];
      if (n.empty()) {
        key[v] = pos[v];
        continue;
      }
      double sum = 0;
      for (int w : n) sum += pos[w];
      key[v] = sum / static_cast<double>(n.size());
    }
    std::stable_sort(columns[l].begin(), columns[l].end(),
                     [&](int a, int b) { return key[a] < key[b]; });
    number(l);
  };
  for (int s = 0; s < kSweeps; ++s) {
    if (s % 2 == 0) {
      for (int l = 1; l < result.layers; ++l) sweep(l, up);
    } else {
      for (int l = result.layers - 2; l >= 0; --l) sweep(l, down);
    }
  }
  std::vector<LayoutNode> at(vertices);
  for (int l = 0; l < result.layers; ++l) {
    result.column_size.push_back(static_cast<int>(columns[l].size()));
    result.slots = std::max(result.slots, static_cast<int>(columns[l].size()));
    for (size_t k = 0; k < columns[l].size(); ++k) at[columns[l][k]] = {l, static_cast<int>(k)};
  }
  for (int v = 0; v < count; ++v) result.nodes[v] = at[v];
  for (size_t e = 0; e < edges.size(); ++e)
    for (int v : chain[e]) result.edges[e].push_back(at[v]);
  return result;
}

}  // namespace rollout::report
