#include "engine/critical_chains.h"

#include <algorithm>
#include <cstdint>

namespace rollout {
namespace {

size_t SaturatingAdd(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }

// The critical subgraph: critical nodes and the driving links between them.
struct Subgraph {
  std::vector<std::vector<uint32_t>> next;  // per node, sorted successors
  std::vector<bool> has_prev;
  std::vector<uint32_t> starts;
};

class ChainFinder {
 public:
  ChainFinder(const Plan& plan, const Network& net, const Schedule& s)
      : plan_(plan), net_(net), s_(s) {}

  CriticalChains Find(size_t limit) {
    Build();
    CriticalChains out;
    std::vector<size_t> paths = CountPaths();
    for (uint32_t v : g_.starts) out.total = SaturatingAdd(out.total, paths[v]);
    for (uint32_t v : g_.starts) {
      if (out.chains.size() >= limit) break;
      Enumerate(v, limit, &out.chains);
    }
    return out;
  }

 private:
  const TaskTimes& Times(uint32_t v) const { return s_.tasks[net_.node_task[v]]; }
  bool Critical(uint32_t v) const { return Times(v).critical; }

  bool Before(uint32_t a, uint32_t b) const {
    const TaskTimes& x = Times(a);
    const TaskTimes& y = Times(b);
    if (x.es != y.es) return x.es < y.es;
    if (x.ef != y.ef) return x.ef < y.ef;
    return plan_.tasks[net_.node_task[a]].id < plan_.tasks[net_.node_task[b]].id;
  }

  void Build() {
    const size_t n = net_.size();
    g_.next.assign(n, {});
    g_.has_prev.assign(n, false);
    const CsrGraph& graph = net_.graph;
    for (uint32_t v = 0; v < n; ++v) {
      if (!Critical(v)) continue;
      for (auto e : boost::make_iterator_range(boost::out_edges(v, graph))) {
        const uint32_t t = target(e, graph);
        if (!Critical(t) || !IsDriving(net_, s_, e)) continue;
        g_.next[v].push_back(t);
        g_.has_prev[t] = true;
      }
      auto& next = g_.next[v];
      std::sort(next.begin(), next.end(), [&](uint32_t a, uint32_t b) { return Before(a, b); });
      next.erase(std::unique(next.begin(), next.end()), next.end());
    }
    for (uint32_t v = 0; v < n; ++v)
      if (Critical(v) && !g_.has_prev[v]) g_.starts.push_back(v);
    std::sort(g_.starts.begin(), g_.starts.end(),
              [&](uint32_t a, uint32_t b) { return Before(a, b); });
  }

  // Number of maximal paths from each node, saturated.
  std::vector<size_t> CountPaths() const {
    std::vector<size_t> paths(net_.size(), 0);
    for (auto it = net_.topo.rbegin(); it != net_.topo.rend(); ++it) {
      const uint32_t v = *it;
      if (!Critical(v)) continue;
      if (g_.next[v].empty()) {
        paths[v] = 1;
        continue;
      }
      for (uint32_t t : g_.next[v]) paths[v] = SaturatingAdd(paths[v], paths[t]);
    }
    return paths;
  }

  // Depth first from |start|; each leaf of the search closes one chain.
  void Enumerate(uint32_t start, size_t limit, std::vector<CriticalChain>* chains) const {
    std::vector<uint32_t> path{start};
    std::vector<size_t> branch{0};
    while (!path.empty() && chains->size() < limit) {
      const uint32_t v = path.back();
      const auto& next = g_.next[v];
      if (next.empty()) {
        chains->push_back(Chain(path));
      }
      if (branch.back() < next.size()) {
        const uint32_t t = next[branch.back()++];
        path.push_back(t);
        branch.push_back(0);
        continue;
      }
      path.pop_back();
      branch.pop_back();
    }
  }

  CriticalChain Chain(const std::vector<uint32_t>& path) const {
    CriticalChain c;
    for (uint32_t v : path) c.tasks.push_back(net_.node_task[v]);
    c.es = Times(path.front()).es;
    c.ef = Times(path.back()).ef;
    return c;
  }

  const Plan& plan_;
  const Network& net_;
  const Schedule& s_;
  Subgraph g_;
};

}  // namespace

bool IsDriving(const Network& net, const Schedule& s, CsrGraph::edge_descriptor e) {
  const CsrGraph& g = net.graph;
  const TaskTimes& p = s.tasks[net.node_task[source(e, g)]];
  const TaskTimes& t = s.tasks[net.node_task[target(e, g)]];
  const EdgeProps& l = g[e];
  switch (l.type) {
    case LinkType::kFS: return t.es == p.ef + l.lag;
    case LinkType::kSS: return t.es == p.es + l.lag;
    case LinkType::kFF: return t.ef == p.ef + l.lag;
    case LinkType::kSF: return t.ef == p.es + l.lag;
  }
  return false;
}

CriticalChains FindCriticalChains(const Plan& plan, const Network& net, const Schedule& s,
                                  size_t limit) {
  return ChainFinder(plan, net, s).Find(limit);
}

}  // namespace rollout
