#include "engine/network.h"

#include <algorithm>
#include <climits>
#include <string>
#include <utility>

#include "engine/plan_validator.h"
#include "po/messages.h"

namespace rollout {
namespace {

using EdgeList = std::vector<std::pair<uint32_t, uint32_t>>;

std::vector<int> SubtreeEnds(const Plan& plan) {
  const int n = static_cast<int>(plan.tasks.size());
  std::vector<int> end(n);
  for (int i = n - 1; i >= 0; --i) {
    end[i] = i + 1;
    for (int c : plan.tasks[i].children) end[i] = std::max(end[i], end[c]);
  }
  return end;
}

// Kahn's algorithm over the CSR graph; leaves unprocessed nodes out of |topo|.
std::vector<uint32_t> TopoOrder(const CsrGraph& g, size_t n) {
  std::vector<uint32_t> indegree(n, 0);
  for (uint32_t v = 0; v < n; ++v)
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) ++indegree[target(e, g)];
  std::vector<uint32_t> order;
  order.reserve(n);
  for (uint32_t v = 0; v < n; ++v)
    if (indegree[v] == 0) order.push_back(v);
  for (size_t head = 0; head < order.size(); ++head) {
    uint32_t v = order[head];
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      uint32_t s = target(e, g);
      if (--indegree[s] == 0) order.push_back(s);
    }
  }
  return order;
}

// Finds one cycle among the nodes Kahn could not order; returns its edges.
std::vector<CsrGraph::edge_descriptor> FindCycle(const CsrGraph& g, size_t n,
                                                 const std::vector<uint32_t>& topo) {
  enum : uint8_t { kWhite, kGray, kBlack };
  std::vector<uint8_t> color(n, kWhite);
  for (uint32_t v : topo) color[v] = kBlack;
  std::vector<CsrGraph::edge_descriptor> path;  // edges along the gray stack
  using OutIter = boost::graph_traits<CsrGraph>::out_edge_iterator;
  for (uint32_t root = 0; root < n; ++root) {
    if (color[root] != kWhite) continue;
    std::vector<std::pair<uint32_t, std::pair<OutIter, OutIter>>> stack;
    stack.push_back({root, boost::out_edges(root, g)});
    color[root] = kGray;
    while (!stack.empty()) {
      auto& [v, range] = stack.back();
      if (range.first == range.second) {
        color[v] = kBlack;
        stack.pop_back();
        if (!path.empty()) path.pop_back();
        continue;
      }
      auto e = *range.first++;
      uint32_t s = target(e, g);
      if (color[s] == kGray) {
        // Keep only the part of the stack from s onwards, then the closing edge.
        std::vector<CsrGraph::edge_descriptor> cycle;
        size_t start = 0;
        while (stack[start].first != s) ++start;
        for (size_t i = start; i < path.size(); ++i) cycle.push_back(path[i]);
        cycle.push_back(e);
        return cycle;
      }
      if (color[s] == kWhite) {
        color[s] = kGray;
        path.push_back(e);
        stack.push_back({s, boost::out_edges(s, g)});
      }
    }
  }
  return {};
}

Error CycleError(const Plan& plan, const Network& net,
                 const std::vector<CsrGraph::edge_descriptor>& cycle) {
  const CsrGraph& g = net.graph;
  std::string chain;
  for (auto e : cycle) chain += plan.tasks[net.node_task[source(e, g)]].id + " -> ";
  chain += plan.tasks[net.node_task[source(cycle.front(), g)]].id;
  const EdgeProps& closing = g[cycle.back()];
  Error err;
  err.loc = plan.tasks[closing.owner].after[closing.index].loc;
  err.message = Tr("dependency cycle: {0}", chain);
  err.hint = Tr("remove one of these links");
  return err;
}

}  // namespace

TaskIndex IndexTasks(const Plan& plan) {
  TaskIndex index(plan);
  for (size_t i = 0; i < plan.tasks.size(); ++i) index.Insert(static_cast<int>(i));
  return index;
}

Result<Network> BuildNetwork(const Plan& plan, const TaskIndex& index) {
  std::vector<int> link_task;
  for (const Task& t : plan.tasks)
    for (const Link& l : t.after) link_task.push_back(index.Find(l.task));
  return BuildNetwork(plan, link_task);
}

Result<Network> BuildNetwork(const Plan& plan, const std::vector<int>& link_task) {
  Network net;
  const int n_tasks = static_cast<int>(plan.tasks.size());
  net.subtree_end = SubtreeEnds(plan);
  net.task_node.assign(n_tasks, -1);
  for (int i = 0; i < n_tasks; ++i) {
    if (plan.tasks[i].is_group) continue;
    net.task_node[i] = static_cast<int>(net.node_task.size());
    net.node_task.push_back(i);
  }
  // Leaves of task i: itself, or every leaf inside the group.
  auto leaves = [&](int i, auto&& fn) {
    if (!plan.tasks[i].is_group) return fn(net.task_node[i]);
    for (int j = i + 1; j < net.subtree_end[i]; ++j)
      if (net.task_node[j] >= 0) fn(net.task_node[j]);
  };
  // A link between groups stands for every pair of their leaves: count the
  // pairs first, and refuse a plan whose links expand past the limit.
  std::vector<int64_t> leaves_before(n_tasks + 1, 0);
  for (int i = 0; i < n_tasks; ++i)
    leaves_before[i + 1] = leaves_before[i] + (plan.tasks[i].is_group ? 0 : 1);
  auto leaf_count = [&](int i) {
    return plan.tasks[i].is_group ? leaves_before[net.subtree_end[i]] - leaves_before[i + 1]
                                  : int64_t{1};
  };
  int64_t expanded = 0;
  for (size_t next = 0, i = 0; i < static_cast<size_t>(n_tasks); ++i) {
    const std::vector<Link>& after = plan.tasks[i].after;
    for (size_t k = 0; k < after.size(); ++k, ++next) {
      const int p = next < link_task.size() ? link_task[next] : -1;
      if (p < 0) continue;
      expanded += leaf_count(p) * leaf_count(static_cast<int>(i));
      if (expanded > kMaxExpandedLinks)
        return Error{after[k].loc,
                     TrN("the links expand to more than {0} link between tasks",
                         "the links expand to more than {0} links between tasks", kMaxExpandedLinks,
                         kMaxExpandedLinks),
                     Tr("a link between groups links each task of one to each task of the other "
                        "(here {0} x {1}); link a milestone that closes the group instead",
                        leaf_count(p), leaf_count(static_cast<int>(i)))};
    }
  }
  std::vector<int64_t>().swap(leaves_before);  // counted: freed before the edges
  EdgeList edges;
  std::vector<EdgeProps> props;
  edges.reserve(link_task.size());
  props.reserve(link_task.size());
  size_t next_link = 0;
  for (int i = 0; i < n_tasks; ++i) {
    const std::vector<Link>& after = plan.tasks[i].after;
    for (size_t k = 0; k < after.size(); ++k) {
      const int p = next_link < link_task.size() ? link_task[next_link] : -1;
      ++next_link;
      if (p < 0) continue;  // unknown task: the validator reports it
      EdgeProps ep{after[k].type, after[k].lag, i, static_cast<int32_t>(k)};
      leaves(p, [&](int from) {
        leaves(i, [&](int to) {
          edges.emplace_back(static_cast<uint32_t>(from), static_cast<uint32_t>(to));
          props.push_back(ep);
        });
      });
    }
  }
  net.graph = CsrGraph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                       props.begin(), net.size());
  EdgeList().swap(edges);  // the graph holds them now: freed before the next arrays
  std::vector<EdgeProps>().swap(props);
  net.link_code.resize(boost::num_edges(net.graph));
  for (auto e : boost::make_iterator_range(boost::edges(net.graph))) {
    const EdgeProps& l = net.graph[e];
    // The reader bounds lags by kMaxLag; clamped here too, so that a plan
    // built in code cannot overflow the code.
    const int32_t lag = std::clamp<int32_t>(l.lag, INT32_MIN / 4, INT32_MAX / 4);
    net.link_code[e.idx] = lag * 4 + static_cast<int32_t>(l.type);
  }
  net.topo = TopoOrder(net.graph, net.size());
  if (net.topo.size() != net.size())
    return CycleError(plan, net, FindCycle(net.graph, net.size(), net.topo));
  return net;
}

}  // namespace rollout
