#include "engine/leveller.h"

#include <algorithm>
#include <climits>
#include <unordered_map>

#include "engine/genetic_search.h"
#include "po/messages.h"

namespace rollout {
namespace {

void AddLinks(const Network& net, LevelProblem* p) {
  const CsrGraph& g = net.graph;
  for (uint32_t v = 0; v < net.size(); ++v) {
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      const int s = static_cast<int>(target(e, g));
      const EdgeProps& l = g[e];
      p->succs[v].push_back({s, l.type, l.lag});
      p->preds[s].push_back({static_cast<int>(v), l.type, l.lag});
    }
  }
}

void AddPeople(const Plan& plan, const WorkCalendar& cal,
               const std::unordered_map<std::string, int>& role_index, LevelProblem* p) {
  p->people = static_cast<int>(plan.people.size());
  p->role_people.assign(role_index.size(), {});
  p->off.assign(p->people, {});
  for (int q = 0; q < p->people; ++q) {
    const Person& person = plan.people[q];
    for (const std::string& r : person.roles) {
      auto it = role_index.find(r);
      if (it != role_index.end()) p->role_people[it->second].push_back(q);
    }
    for (const DateRange& range : person.off) {
      for (Date d = std::max(range.first, cal.day0()); d <= range.last; ++d)
        if (cal.IsWorking(d)) p->off[q].push_back(cal.OffStart(d));
    }
    std::sort(p->off[q].begin(), p->off[q].end());
    p->off[q].erase(std::unique(p->off[q].begin(), p->off[q].end()), p->off[q].end());
  }
}

// Fixed people count towards the needs of roles they hold; the rest of each
// need is chosen by the search. Needs go scarcest role first.
Result<bool> AddNeeds(const Plan& plan, const Network& net,
                      const std::unordered_map<std::string, int>& role_index,
                      LevelProblem* p) {
  Errors errors;
  for (int v = 0; v < p->n; ++v) {
    const Task& t = plan.tasks[net.node_task[v]];
    std::vector<uint8_t> taken(p->people, 0);
    for (const std::string& id : t.assignee) {
      for (int q = 0; q < p->people; ++q) {
        if (plan.people[q].id == id && taken[q] == 0) {
          p->fixed[v].push_back(q);
          taken[q] = 1;
        }
      }
    }
    std::vector<uint8_t> credited(p->people, 0);
    for (const Need& need : t.needs) {
      const int r = role_index.at(need.role);
      int count = need.count;
      for (int q : p->fixed[v]) {
        if (count > 0 && credited[q] == 0 &&
            std::count(p->role_people[r].begin(), p->role_people[r].end(), q) > 0) {
          credited[q] = 1;
          --count;
        }
      }
      if (count > 0) p->needs[v].push_back({r, count});
    }
    std::stable_sort(p->needs[v].begin(), p->needs[v].end(),
                     [&](const LevelNeed& a, const LevelNeed& b) {
                       return p->role_people[a.role].size() < p->role_people[b.role].size();
                     });
    // With everybody free, can distinct people be found (greedy, as the scheme does)?
    for (const LevelNeed& nd : p->needs[v]) {
      int got = 0;
      for (int q : p->role_people[nd.role]) {
        if (got < nd.count && taken[q] == 0) {
          taken[q] = 1;
          ++got;
        }
      }
      if (got < nd.count) {
        errors.push_back({t.loc,
                          Tr("task '{0}' needs more distinct people than its roles have", t.id),
                          Tr("a person counts once per task; add people or lower the needs")});
        break;
      }
    }
  }
  if (!errors.empty()) return errors;
  return true;
}

// Moves tasks earlier into the gaps the search left, people kept, so that
// the result is a fixed point of ShiftLeft: a levelled forecast with
// nothing recorded gives the baseline back (docs/levelling.md).
void CompactLeft(const LevelProblem& p, LevelSolution* sol) {
  std::vector<double> prio(p.n);
  for (int v = 0; v < p.n; ++v) prio[v] = sol->es[v] + static_cast<double>(v) / (p.n + 1);
  std::vector<int> es;
  const int span = ShiftLeft(WithPeopleFixed(p, sol->people), prio, 32, &es);
  if (span < 0) return;
  const long late = p.Tardiness(es);
  if (late > sol->tardiness || (late == sol->tardiness && span > sol->makespan)) return;
  sol->es = std::move(es);
  sol->makespan = span;
  sol->tardiness = late;
}

}  // namespace

Result<LevelProblem> BuildLevelProblem(const Plan& plan, const Network& net,
                                       const WorkCalendar& cal) {
  LevelProblem p;
  p.n = static_cast<int>(net.size());
  p.duration.resize(p.n);
  p.release.assign(p.n, 0);
  p.due.assign(p.n, INT_MAX);
  p.preds.resize(p.n);
  p.succs.resize(p.n);
  p.needs.resize(p.n);
  p.fixed.resize(p.n);
  std::unordered_map<std::string, int> role_index;
  for (const Role& r : plan.roles) role_index.emplace(r.id, static_cast<int>(role_index.size()));
  for (const Person& person : plan.people)
    for (const std::string& r : person.roles)
      role_index.emplace(r, static_cast<int>(role_index.size()));
  for (int v = 0; v < p.n; ++v) {
    const Task& t = plan.tasks[net.node_task[v]];
    p.duration[v] = t.duration;
    if (t.not_before) p.release[v] = cal.OffStart(*t.not_before);
    if (t.deadline) p.due[v] = cal.OffEnd(*t.deadline);
    for (const Need& need : t.needs)
      role_index.emplace(need.role, static_cast<int>(role_index.size()));
  }
  AddLinks(net, &p);
  AddPeople(plan, cal, role_index, &p);
  Result<bool> needs = AddNeeds(plan, net, role_index, &p);
  if (!needs.ok()) return needs.errors();
  p.DetectPool();
  return p;
}

int EffectiveEffort(int requested, int tasks, bool pool) {
  if (requested > 0) return requested;
  if (tasks > 200) return std::max(100, 1000000 / tasks);
  if (!pool) return 5000;
  return std::clamp(2250000 / std::max(1, tasks), 5000, 50000);
}

int RunLength(int tasks, bool pool) {
  if (!pool || tasks > 200) return 0;
  return kRunLengthPerTask * std::max(1, tasks);
}

Result<LevelledSchedule> LevelPlan(const Plan& plan, const Network& net, const WorkCalendar& cal,
                                   const LevelOptions& options) {
  Result<LevelProblem> problem = BuildLevelProblem(plan, net, cal);
  if (!problem.ok()) return problem.errors();
  const LevelProblem& p = problem.value();
  SearchOptions search;
  search.effort = EffectiveEffort(options.effort, p.n, p.pool);
  search.seed = options.seed;
  search.run_length = RunLength(p.n, p.pool);
  search.progress = options.progress;
  SearchStats stats;
  LevelSolution sol = SearchSchedule(p, search, &stats);
  if (!sol.feasible)
    return Error{{},
                 Tr("levelling failed: some task's people can never work on it together"),
                 Tr("a person counts once per task; check people who hold several roles")};

  CompactLeft(p, &sol);

  CpmInput input = PlanInput(plan, net, cal);
  LevelledSchedule out;
  out.unlevelled_finish = ComputeCriticalPath(plan, net, input).finish;
  for (int v = 0; v < p.n; ++v) input.fixed_es[v] = sol.es[v];
  out.schedule = ComputeCriticalPath(plan, net, input);
  out.schedules = stats.schedules;
  out.assigned.resize(plan.tasks.size());
  for (int v = 0; v < p.n; ++v) {
    auto& names = out.assigned[net.node_task[v]];
    for (int q : sol.people[v]) names.push_back(plan.people[q].id);
  }
  return out;
}

}  // namespace rollout
