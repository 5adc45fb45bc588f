#include "engine/critical_path.h"

#include <algorithm>

namespace rollout {
namespace {

struct Passes {
  std::vector<int> es, ef, ls, lf, free_float;
  int finish = 0;
};

// Forward pass: every node's es is final when it is reached in topological
// order; it then pushes its lower bounds to its successors.
void Forward(const Network& net, const CpmInput& in, Passes* p) {
  const CsrGraph& g = net.graph;
  const size_t n = net.size();
  std::vector<int> bound(in.min_es);  // es lower bound so far
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
      const EdgeProps& l = g[e];
      int b = 0;
      switch (l.type) {
        case LinkType::kFS: b = ef + l.lag; break;
        case LinkType::kSS: b = es + l.lag; break;
        case LinkType::kFF: b = ef + l.lag - in.duration[s]; break;
        case LinkType::kSF: b = es + l.lag - in.duration[s]; break;
      }
      bound[s] = std::max(bound[s], b);
    }
  }
  p->finish = finish;
}

// Backward pass: successors are final before their predecessors, so each
// node pulls its upper bound and its free float from its out-edges.
void Backward(const Network& net, const CpmInput& in, Passes* p) {
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
      const EdgeProps& l = g[e];
      switch (l.type) {
        case LinkType::kFS:
          lf = std::min(lf, p->ls[s] - l.lag);
          ff = std::min(ff, p->es[s] - l.lag - p->ef[v]);
          break;
        case LinkType::kSS:
          lf = std::min(lf, p->ls[s] - l.lag + dur);
          ff = std::min(ff, p->es[s] - l.lag - p->es[v]);
          break;
        case LinkType::kFF:
          lf = std::min(lf, p->lf[s] - l.lag);
          ff = std::min(ff, p->ef[s] - l.lag - p->ef[v]);
          break;
        case LinkType::kSF:
          lf = std::min(lf, p->lf[s] - l.lag + dur);
          ff = std::min(ff, p->ef[s] - l.lag - p->es[v]);
          break;
      }
    }
    p->lf[v] = lf;
    p->ls[v] = lf - dur;
    p->free_float[v] = ff == INT_MAX ? p->ls[v] - p->es[v] : ff;
  }
}

// A group spans its leaves: min es, max ef, min ls, max lf, min total float.
void SummariseGroups(const Plan& plan, Schedule* s) {
  const int n = static_cast<int>(plan.tasks.size());
  std::vector<bool> seen(n, false);
  for (int i = n - 1; i >= 0; --i) {
    const int parent = plan.tasks[i].parent;
    if (parent < 0) continue;
    const TaskTimes& c = s->tasks[i];
    TaskTimes& g = s->tasks[parent];
    if (!seen[parent]) {
      g = c;
      g.free_float = 0;
      g.critical = false;
      seen[parent] = true;
      continue;
    }
    g.es = std::min(g.es, c.es);
    g.ef = std::max(g.ef, c.ef);
    g.ls = std::min(g.ls, c.ls);
    g.lf = std::max(g.lf, c.lf);
    g.total_float = std::min(g.total_float, c.total_float);
  }
  for (int i = 0; i < n; ++i)
    if (plan.tasks[i].is_group) s->tasks[i].critical = s->tasks[i].total_float <= 0;
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

Schedule ComputeCriticalPath(const Plan& plan, const Network& net, const CpmInput& input) {
  Passes p;
  Forward(net, input, &p);
  Backward(net, input, &p);
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
  SummariseGroups(plan, &s);
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
