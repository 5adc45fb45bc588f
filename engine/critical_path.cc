#include "engine/critical_path.h"

#include <algorithm>

namespace rollout {
namespace {

// Forward pass: every node's es is final when it is reached in topological
// order; it then pushes its lower bounds to its successors.
void Forward(const Network& net, const CpmInput& in, CpmPasses* p) {
  const CsrGraph& g = net.graph;
  const size_t n = net.size();
  std::vector<int>& bound = p->bound;  // es lower bound so far
  bound.assign(in.min_es.begin(), in.min_es.end());
  p->es.resize(n);
  p->ef.resize(n);
  int finish = 0;
  for (uint32_t v : net.topo) {
    const int es = in.fixed_es[v] != CpmInput::kNotFixed ? in.fixed_es[v]
                                                         : std::max(0, bound[v]);
    const int ef = es + in.duration[v];
    p->es[v] = es;
    p->ef[v] = ef;
    finish = std::max(finish, ef);
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      const uint32_t s = target(e, g);
      const int32_t code = net.link_code[e.idx];
      const int lag = Network::CodeLag(code);
      int b = 0;
      switch (Network::CodeType(code)) {
        case LinkType::kFS: b = ef + lag; break;
        case LinkType::kSS: b = es + lag; break;
        case LinkType::kFF: b = ef + lag - in.duration[s]; break;
        case LinkType::kSF: b = es + lag - in.duration[s]; break;
      }
      bound[s] = std::max(bound[s], b);
    }
  }
  p->finish = finish;
}

// Backward pass: successors are final before their predecessors, so each
// node pulls its upper bound and its free float from its out-edges.
void Backward(const Network& net, const CpmInput& in, CpmPasses* p) {
  const CsrGraph& g = net.graph;
  const size_t n = net.size();
  p->ls.resize(n);
  p->lf.resize(n);
  p->free_float.resize(n);
  for (auto it = net.topo.rbegin(); it != net.topo.rend(); ++it) {
    const uint32_t v = *it;
    const int dur = in.duration[v];
    int lf = std::min(p->finish, in.max_lf[v]);
    int ff = INT_MAX;
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      const uint32_t s = target(e, g);
      const int32_t code = net.link_code[e.idx];
      const int lag = Network::CodeLag(code);
      switch (Network::CodeType(code)) {
        case LinkType::kFS:
          lf = std::min(lf, p->ls[s] - lag);
          ff = std::min(ff, p->es[s] - lag - p->ef[v]);
          break;
        case LinkType::kSS:
          lf = std::min(lf, p->ls[s] - lag + dur);
          ff = std::min(ff, p->es[s] - lag - p->es[v]);
          break;
        case LinkType::kFF:
          lf = std::min(lf, p->lf[s] - lag);
          ff = std::min(ff, p->ef[s] - lag - p->ef[v]);
          break;
        case LinkType::kSF:
          lf = std::min(lf, p->lf[s] - lag + dur);
          ff = std::min(ff, p->ef[s] - lag - p->es[v]);
          break;
      }
    }
    p->lf[v] = lf;
    p->ls[v] = lf - dur;
    p->free_float[v] = ff == INT_MAX ? p->ls[v] - p->es[v] : ff;
  }
}

// A group spans its leaves: min es, max ef, min ls, max lf, min total float.
// Groups come before their tasks, so in reverse plan order every child
// (a leaf, or a group already summarised) is final before its group; only
// the groups' own entries of Plan::tasks are read.
void SummariseGroups(const Plan& plan, const Network& net, Schedule* s) {
  const int n = static_cast<int>(plan.tasks.size());
  for (int i = n - 1; i >= 0; --i) {
    if (net.task_node[i] >= 0) continue;  // a leaf
    const std::vector<int>& children = plan.tasks[i].children;
    TaskTimes& g = s->tasks[i];
    for (size_t k = 0; k < children.size(); ++k) {
      const TaskTimes& c = s->tasks[children[k]];
      if (k == 0) {
        g = c;
        g.free_float = 0;
        continue;
      }
      g.es = std::min(g.es, c.es);
      g.ef = std::max(g.ef, c.ef);
      g.ls = std::min(g.ls, c.ls);
      g.lf = std::max(g.lf, c.lf);
      g.total_float = std::min(g.total_float, c.total_float);
    }
    g.critical = g.total_float <= 0;
  }
}

}  // namespace

CpmInput PlanInput(const Plan& plan, const Network& net, const WorkCalendar& cal) {
  const size_t n = net.size();
  CpmInput in;
  in.duration.resize(n);
  in.min_es.assign(n, 0);
  in.max_lf.assign(n, INT_MAX);
  in.fixed_es.assign(n, CpmInput::kNotFixed);
  for (size_t v = 0; v < n; ++v) {
    const Task& t = plan.tasks[net.node_task[v]];
    in.duration[v] = t.duration;
    if (t.not_before) in.min_es[v] = cal.OffStart(*t.not_before);
    if (t.deadline) in.max_lf[v] = cal.OffEnd(*t.deadline);
  }
  return in;
}

void RunPasses(const Network& net, const CpmInput& input, CpmPasses* out) {
  Forward(net, input, out);
  Backward(net, input, out);
}

Schedule ComputeCriticalPath(const Plan& plan, const Network& net, const CpmInput& input) {
  CpmPasses p;
  RunPasses(net, input, &p);
  Schedule s;
  s.finish = p.finish;
  s.tasks.resize(plan.tasks.size());
  for (size_t v = 0; v < net.size(); ++v) {
    TaskTimes& t = s.tasks[net.node_task[v]];
    t.es = p.es[v];
    t.ef = p.ef[v];
    t.ls = p.ls[v];
    t.lf = p.lf[v];
    t.total_float = t.ls - t.es;
    t.free_float = p.free_float[v];
    t.critical = t.total_float <= 0;
    if (t.critical) s.critical_path.push_back(net.node_task[v]);
  }
  SummariseGroups(plan, net, &s);
  std::sort(s.critical_path.begin(), s.critical_path.end(), [&](int a, int b) {
    const TaskTimes& x = s.tasks[a];
    const TaskTimes& y = s.tasks[b];
    if (x.es != y.es) return x.es < y.es;
    if (x.ef != y.ef) return x.ef < y.ef;
    return plan.tasks[a].id < plan.tasks[b].id;
  });
  return s;
}

TaskDates DatesOf(const WorkCalendar& cal, int es, int ef) {
  if (ef > es) return {cal.DateOf(es), cal.DateOf(ef - 1)};
  const Date d = es > 0 ? cal.DateOf(es - 1) : cal.DateOf(0);
  return {d, d};
}

}  // namespace rollout
