#include "engine/genetic_search.h"

#include <algorithm>
#include <climits>
#include <memory>
#include <queue>
#include <random>
#include <utility>

#include <boost/container_hash/hash.hpp>

#include "engine/justification.h"
#include "engine/serial_sgs.h"

namespace rollout {

std::vector<int> ListFromPriorities(const LevelProblem& problem,
                                    const std::vector<double>& priority) {
  const int n = problem.n;
  // Fast path: when the nodes sorted by (priority, index) already form a
  // topological order, the ready-list pass below would give exactly that
  // order (the smallest remaining node is always ready).
  std::vector<std::pair<double, int>> keyed(n);
  for (int v = 0; v < n; ++v) keyed[v] = {priority[v], v};
  std::sort(keyed.begin(), keyed.end());
  std::vector<int> sorted(n);
  for (int i = 0; i < n; ++i) sorted[i] = keyed[i].second;
  std::vector<int> at(n);
  for (int i = 0; i < n; ++i) at[sorted[i]] = i;
  bool topological = true;
  for (int v = 0; v < n && topological; ++v)
    for (const LevelArc& a : problem.preds[v])
      if (at[a.node] > at[v]) topological = false;
  if (topological) return sorted;
  std::vector<int> missing(n);
  for (int v = 0; v < n; ++v) missing[v] = static_cast<int>(problem.preds[v].size());
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> ready;
  for (int v = 0; v < n; ++v)
    if (missing[v] == 0) ready.push({priority[v], v});
  std::vector<int> list;
  list.reserve(n);
  while (!ready.empty()) {
    const int v = ready.top().second;
    ready.pop();
    list.push_back(v);
    for (const LevelArc& a : problem.succs[v])
      if (--missing[a.node] == 0) ready.push({priority[a.node], a.node});
  }
  return list;
}

LevelProblem WithPeopleFixed(const LevelProblem& problem,
                             const std::vector<std::vector<int>>& people) {
  LevelProblem p = problem;
  p.fixed = people;
  for (auto& needs : p.needs) needs.clear();
  p.pool = false;
  return p;
}

int ShiftLeft(const LevelProblem& fixed_people, const std::vector<double>& first_order,
              int rounds, std::vector<int>* es) {
  const int n = fixed_people.n;
  SerialSgs sgs(fixed_people);
  int makespan = sgs.Run(ListFromPriorities(fixed_people, first_order), es);
  if (sgs.failed()) return -1;
  std::vector<double> prio(n);
  std::vector<int> next;
  for (int round = 1; round < rounds; ++round) {
    for (int v = 0; v < n; ++v) prio[v] = (*es)[v] + static_cast<double>(v) / (n + 1);
    const int span = sgs.Run(ListFromPriorities(fixed_people, prio), &next);
    if (sgs.failed() || next == *es) break;
    es->swap(next);
    makespan = span;
  }
  return makespan;
}

std::vector<int> PeakCrossover(const LevelProblem& problem, const std::vector<int>& mother_list,
                               const std::vector<int>& mother_es,
                               const std::vector<int>& father_list, int window) {
  const int n = problem.n;
  int span = 1;
  for (int v = 0; v < n; ++v) span = std::max(span, mother_es[v] + problem.duration[v]);
  window = std::clamp(window, 1, span);
  // The share of each role's people (and of all people, for fixed ones) a
  // task keeps busy, summed per day of the mother's schedule.
  std::vector<double> load(span + 1, 0.0);
  for (int v = 0; v < n; ++v) {
    const int d = problem.duration[v];
    if (d <= 0) continue;
    double w = 0;
    for (const LevelNeed& nd : problem.needs[v])
      w += static_cast<double>(nd.count) /
           static_cast<double>(std::max<size_t>(1, problem.role_people[nd.role].size()));
    if (problem.people > 0) w += static_cast<double>(problem.fixed[v].size()) / problem.people;
    const int a = std::clamp(mother_es[v], 0, span);
    const int b = std::clamp(mother_es[v] + d, 0, span);
    load[a] += w;
    load[b] -= w;
  }
  for (int t = 1; t <= span; ++t) load[t] += load[t - 1];
  // The busiest window (the first of equals).
  double sum = 0, most = -1;
  int t1 = 0;
  for (int t = 0; t < span; ++t) {
    sum += load[t];
    if (t >= window) sum -= load[t - window];
    if (t + 1 >= window && sum > most + 1e-9) {
      most = sum;
      t1 = t + 1 - window;
    }
  }
  const int t2 = t1 + window;
  std::vector<uint8_t> part(n);  // 0 starts before the window, 1 in it, 2 after
  for (int v = 0; v < n; ++v) part[v] = mother_es[v] < t1 ? 0 : mother_es[v] < t2 ? 1 : 2;
  std::vector<int> child;
  child.reserve(n);
  for (int v : father_list)
    if (part[v] == 0) child.push_back(v);
  for (int v : mother_list)
    if (part[v] == 1) child.push_back(v);
  for (int v : father_list)
    if (part[v] == 2) child.push_back(v);
  // With only finish-to-start links and positive durations the three parts
  // follow each other; other links can let a successor start first: the
  // nearest topological order then (the same list when it already is one).
  std::vector<double> at(n);
  for (int i = 0; i < n; ++i) at[child[i]] = i;
  return ListFromPriorities(problem, at);
}

namespace {

// The parameters below were chosen on PSPLIB j30/j60 subsets at the default
// effort (docs/performance.md, issue #19).
constexpr int kPopulation = 40;
constexpr double kMutation = 0.02;  // adjacent swap, per position
constexpr int kFbiRounds = 1;       // double justifications per child
// Generations without a better best after which the population restarts:
// the best stays, half of the rest are the best with kShifts random
// activity moves, the other half new LFT-with-noise lists.
constexpr int kStall = 10;
constexpr int kShifts = 16;
constexpr double kPeakShare = 0.5;         // pairs crossed by PeakCrossover, the rest two-point
constexpr int kPeakMin = 8, kPeakMax = 3;  // window: span / 8 .. span / 3 days

// Explicit arithmetic on the engine's output so that a seed gives the same
// numbers with any standard library.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  int Below(int n) { return static_cast<int>(engine_() % static_cast<uint64_t>(n)); }

 private:
  std::mt19937_64 engine_;
};

// Fitness: days past deadlines first, then the project length.
struct Individual {
  std::vector<int> list;
  int makespan = 0;
  long tardiness = 0;
  size_t schedule_key = 0;  // a hash of the schedule's starts
  std::vector<int> es;      // the schedule (list is its start order)
  bool Better(long tard, int span) const {
    return tard != tardiness ? tard < tardiness : span < makespan;
  }
  bool operator<(const Individual& o) const { return o.Better(tardiness, makespan); }
};

// Earliest starts without resources, in a topological order.
std::vector<int> PrecedenceStarts(const LevelProblem& p, int* length) {
  const std::vector<int> order = ListFromPriorities(p, std::vector<double>(p.n, 0.0));
  std::vector<int> es(p.n, 0);
  *length = 0;
  for (int v : order) {
    es[v] = p.LowerBound(v, es);
    *length = std::max(*length, es[v] + p.duration[v]);
  }
  return es;
}

// A makespan no schedule can beat: the critical path (links and releases);
// each role's work over the people holding it (at most that many of them
// work on its slots on a day); each fixed person's work. 0 when some node
// is pinned (pinned nodes ignore their links).
int LowerBoundOf(const LevelProblem& p) {
  for (int v = 0; v < p.n; ++v)
    if (p.IsPinned(v)) return 0;
  int bound = 0;
  PrecedenceStarts(p, &bound);
  std::vector<int64_t> work(p.role_people.size(), 0);
  std::vector<int64_t> own(p.people, 0);
  for (int v = 0; v < p.n; ++v) {
    for (const LevelNeed& nd : p.needs[v]) work[nd.role] += int64_t{p.duration[v]} * nd.count;
    for (int q : p.fixed[v]) own[q] += p.duration[v];
  }
  int64_t most = bound;
  for (size_t r = 0; r < work.size(); ++r) {
    const int64_t holders = static_cast<int64_t>(p.role_people[r].size());
    if (holders > 0) most = std::max(most, (work[r] + holders - 1) / holders);
  }
  for (int64_t w : own) most = std::max(most, w);
  return static_cast<int>(std::min<int64_t>(most, INT_MAX));
}

// Moves individuals whose schedule equals a better-ranked one's (same
// fitness, same starts) behind all the others, so that the population keeps
// its diversity but never shrinks. |pop| is sorted.
void DropTwins(std::vector<Individual>* pop) {
  std::vector<Individual> kept, twins;
  kept.reserve(pop->size());
  for (Individual& ind : *pop) {
    bool twin = false;
    for (auto it = kept.rbegin(); it != kept.rend() && !twin; ++it) {
      if (it->makespan != ind.makespan || it->tardiness != ind.tardiness) break;
      twin = it->schedule_key == ind.schedule_key;
    }
    (twin ? twins : kept).push_back(std::move(ind));
  }
  for (Individual& ind : twins) kept.push_back(std::move(ind));
  pop->swap(kept);
}

class GeneticSearch {
 public:
  GeneticSearch(const LevelProblem& problem, const SearchOptions& options)
      : p_(problem), o_(options), rng_(options.seed), forward_(problem) {}

  LevelSolution Run(SearchStats* stats);

 private:
  Individual Evaluate(std::vector<int> list);
  bool Budget() const { return !optimal_ && schedules_ < std::max(1, o_.effort); }
  std::vector<int> Crossover(const std::vector<int>& mother, const std::vector<int>& father,
                             int q1, int q2);
  void Mutate(std::vector<int>* list);
  std::vector<int> PeakCrossover(const Individual& mother, const Individual& father);
  void Consider(const Individual& ind);
  std::vector<Individual> InitialPopulation();
  std::vector<int> RandomLftList();
  void Shift(std::vector<int>* list);
  void ShiftAt(std::vector<int>* list, int i);
  void Restart(std::vector<Individual>* pop);

  const LevelProblem& p_;
  const SearchOptions& o_;
  Random rng_;
  SerialSgs forward_;
  std::unique_ptr<Justifier> justify_;
  std::vector<double> latest_finish_;
  std::vector<double> latest_start_;
  int schedules_ = 0;
  int first_makespan_ = 0;
  int bound_ = 0;         // no schedule is shorter (see LowerBoundOf)
  bool optimal_ = false;  // the best reached |bound_| without tardiness: stop
  Individual best_;
  std::vector<int> es_, pos_;
};

void GeneticSearch::Consider(const Individual& ind) {
  if (best_.list.empty() || best_.Better(ind.tardiness, ind.makespan)) best_ = ind;
  optimal_ = best_.tardiness == 0 && best_.makespan <= bound_;
}

// One forward schedule, then forward-backward improvement while it helps;
// the individual keeps the activity order of its best schedule.
Individual GeneticSearch::Evaluate(std::vector<int> list) {
  const int n = p_.n;
  Individual ind;
  ind.makespan = forward_.Run(list, &es_);
  ind.tardiness = p_.Tardiness(es_);
  ++schedules_;
  for (int round = 0; round < kFbiRounds && justify_ && !optimal_ &&
                      (ind.tardiness > 0 || ind.makespan > bound_) && schedules_ + 2 <= o_.effort;
       ++round) {
    schedules_ += 2;
    if (!justify_->Improve(&list, &es_, &ind.makespan, &ind.tardiness)) break;
  }
  std::vector<double> prio(n);
  std::vector<int> pos(n);
  for (int i = 0; i < n; ++i) pos[list[i]] = i;
  for (int v = 0; v < n; ++v) prio[v] = es_[v] + static_cast<double>(pos[v]) / (n + 1);
  ind.list = ListFromPriorities(p_, prio);
  ind.schedule_key = boost::hash_range(es_.begin(), es_.end());
  ind.es = es_;
  Consider(ind);
  return ind;
}

std::vector<int> GeneticSearch::Crossover(const std::vector<int>& mother,
                                          const std::vector<int>& father, int q1, int q2) {
  const int n = p_.n;
  std::vector<uint8_t> taken(n, 0);
  std::vector<int> child;
  child.reserve(n);
  auto take_from = [&](const std::vector<int>& parent, int limit) {
    for (int v : parent) {
      if (static_cast<int>(child.size()) >= limit) break;
      if (taken[v] == 0) {
        taken[v] = 1;
        child.push_back(v);
      }
    }
  };
  take_from(mother, q1);
  take_from(father, q2);
  take_from(mother, n);
  return child;
}

std::vector<int> GeneticSearch::PeakCrossover(const Individual& mother, const Individual& father) {
  const int span = std::max(1, mother.makespan);
  const int lo = std::max(1, span / kPeakMin), hi = std::max(lo, span / kPeakMax);
  const int window = lo + rng_.Below(hi - lo + 1);
  return rollout::PeakCrossover(p_, mother.list, mother.es, father.list, window);
}

void GeneticSearch::Mutate(std::vector<int>* list) {
  std::vector<int>& l = *list;
  for (size_t i = 0; i + 1 < l.size(); ++i) {
    if (rng_.Uniform() >= kMutation) continue;
    bool linked = false;
    for (const LevelArc& a : p_.succs[l[i]])
      if (a.node == l[i + 1]) linked = true;
    if (!linked) std::swap(l[i], l[i + 1]);
  }
}

std::vector<int> GeneticSearch::RandomLftList() {
  double spread = 1;
  for (double lf : latest_finish_) spread = std::max(spread, lf / 4);
  std::vector<double> prio(p_.n);
  for (int v = 0; v < p_.n; ++v) prio[v] = latest_finish_[v] + rng_.Uniform() * spread;
  return ListFromPriorities(p_, prio);
}

// Moves the activity at |i| to a random place between its last predecessor
// and its first successor in |list| (the list stays a topological order).
void GeneticSearch::ShiftAt(std::vector<int>* list, int i) {
  std::vector<int>& l = *list;
  const int n = static_cast<int>(l.size());
  pos_.resize(n);
  for (int k = 0; k < n; ++k) pos_[l[k]] = k;
  const int v = l[i];
  int lo = 0, hi = n - 1;
  for (const LevelArc& a : p_.preds[v]) lo = std::max(lo, pos_[a.node] + 1);
  for (const LevelArc& a : p_.succs[v]) hi = std::min(hi, pos_[a.node] - 1);
  if (hi <= lo) return;
  const int j = lo + rng_.Below(hi - lo + 1);
  if (j < i) std::rotate(l.begin() + j, l.begin() + i, l.begin() + i + 1);
  if (j > i) std::rotate(l.begin() + i, l.begin() + i + 1, l.begin() + j + 1);
}

void GeneticSearch::Shift(std::vector<int>* list) {
  if (list->size() >= 2) ShiftAt(list, rng_.Below(static_cast<int>(list->size())));
}

// The population stopped improving (kStall): keep the best, refill with
// perturbed copies of the best and fresh random lists. |pop| is sorted.
void GeneticSearch::Restart(std::vector<Individual>* pop) {
  pop->resize(std::min<size_t>(pop->size(), 1));
  int k = 0;
  while (static_cast<int>(pop->size()) < kPopulation && Budget()) {
    std::vector<int> list;
    if (k++ % 2 == 0) {
      list = best_.list;
      for (int s = 0; s < kShifts; ++s) Shift(&list);
    } else {
      list = RandomLftList();
    }
    pop->push_back(Evaluate(std::move(list)));
  }
  std::stable_sort(pop->begin(), pop->end());
}

std::vector<Individual> GeneticSearch::InitialPopulation() {
  std::vector<Individual> pop;
  pop.push_back(Evaluate(ListFromPriorities(p_, latest_finish_)));
  first_makespan_ = pop.front().makespan;
  if (Budget()) pop.push_back(Evaluate(ListFromPriorities(p_, latest_start_)));
  while (static_cast<int>(pop.size()) < kPopulation && Budget())
    pop.push_back(Evaluate(RandomLftList()));
  std::stable_sort(pop.begin(), pop.end());
  return pop;
}

LevelSolution GeneticSearch::Run(SearchStats* stats) {
  const int n = p_.n;
  // Latest finish and latest start from the precedence network in reverse.
  int length = 0;
  bound_ = LowerBoundOf(p_);
  std::vector<int> order = ListFromPriorities(p_, std::vector<double>(n, 0.0));
  forward_.Run(order, &es_);  // a first resource-feasible horizon for days off
  ++schedules_;
  int horizon = 0;
  for (int v = 0; v < n; ++v) horizon = std::max(horizon, es_[v] + p_.duration[v]);
  justify_ = std::make_unique<Justifier>(p_, horizon);
  const std::vector<int> back = PrecedenceStarts(p_.Mirrored(horizon), &length);
  latest_finish_.resize(n);
  latest_start_.resize(n);
  for (int v = 0; v < n; ++v) {
    latest_finish_[v] = length - back[v];
    latest_start_[v] = latest_finish_[v] - p_.duration[v];
  }

  std::vector<Individual> pop = InitialPopulation();
  if (stats != nullptr) stats->first_makespan = first_makespan_;
  int stall = 0;
  while (Budget() && n > 1) {
    if (o_.progress) o_.progress(schedules_, o_.effort);
    const long best_tardiness = best_.tardiness;
    const int best_makespan = best_.makespan;
    std::vector<int> perm(pop.size());
    for (size_t i = 0; i < perm.size(); ++i) perm[i] = static_cast<int>(i);
    for (size_t i = perm.size(); i > 1; --i) std::swap(perm[i - 1], perm[rng_.Below(static_cast<int>(i))]);
    const size_t parents = pop.size();
    for (size_t i = 0; i + 1 < parents && Budget(); i += 2) {
      const std::vector<int>& m = pop[perm[i]].list;
      const std::vector<int>& f = pop[perm[i + 1]].list;
      std::vector<int> daughter, son;
      if (rng_.Uniform() < kPeakShare) {
        daughter = PeakCrossover(pop[perm[i]], pop[perm[i + 1]]);
        son = PeakCrossover(pop[perm[i + 1]], pop[perm[i]]);
      } else {
        int q1 = rng_.Below(n + 1), q2 = rng_.Below(n + 1);
        if (q1 > q2) std::swap(q1, q2);
        daughter = Crossover(m, f, q1, q2);
        son = Crossover(f, m, q1, q2);
      }
      Mutate(&daughter);
      Mutate(&son);
      pop.push_back(Evaluate(std::move(daughter)));
      if (Budget()) pop.push_back(Evaluate(std::move(son)));
    }
    std::stable_sort(pop.begin(), pop.end());
    DropTwins(&pop);
    if (pop.size() > static_cast<size_t>(kPopulation)) pop.resize(kPopulation);
    const bool improved = best_tardiness != best_.tardiness || best_makespan != best_.makespan;
    stall = improved ? 0 : stall + 1;
    if (stall >= kStall) {
      Restart(&pop);
      stall = 0;
    }
  }
  if (o_.progress) o_.progress(schedules_, o_.effort);
  if (stats != nullptr) stats->schedules = schedules_;

  LevelSolution out;
  out.makespan = forward_.Run(best_.list, &out.es, &out.people);
  out.tardiness = p_.Tardiness(out.es);
  out.feasible = !forward_.failed();
  if (p_.pool) out.people = AssignPool(p_, out.es);
  return out;
}

}  // namespace

// The seed of run |r|: run 0 is the caller's seed; the others are spread by
// SplitMix64's finaliser so that neighbouring seeds give unrelated runs.
uint64_t RunSeed(uint64_t seed, int r) {
  if (r == 0) return seed;
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(r);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

LevelSolution SearchSchedule(const LevelProblem& problem, const SearchOptions& options,
                             SearchStats* stats) {
  if (problem.n == 0) return {};
  const int effort = std::max(1, options.effort);
  const int runs =
      options.run_length > 0 ? std::max(1, effort / std::max(1, options.run_length)) : 1;
  const int bound = LowerBoundOf(problem);
  LevelSolution best;
  bool have = false;
  int used = 0;
  SearchStats total;
  for (int r = 0; r < runs; ++r) {
    SearchOptions one = options;
    one.seed = RunSeed(options.seed, r);
    one.effort = effort / runs + (r + 1 == runs ? effort % runs : 0);
    one.run_length = 0;
    if (options.progress)
      one.progress = [&options, used, effort](int done, int) {
        options.progress(used + done, effort);
      };
    SearchStats run_stats;
    GeneticSearch search(problem, one);
    LevelSolution sol = search.Run(&run_stats);
    used += run_stats.schedules;
    if (r == 0) total.first_makespan = run_stats.first_makespan;
    ++total.runs;
    const bool better = !have || !sol.feasible < !best.feasible ||
                        (sol.feasible == best.feasible &&
                         (sol.tardiness != best.tardiness ? sol.tardiness < best.tardiness
                                                          : sol.makespan < best.makespan));
    if (better) {
      best = std::move(sol);
      have = true;
    }
    if (best.feasible && best.tardiness == 0 && best.makespan <= bound) break;
  }
  total.schedules = used;
  if (stats != nullptr) *stats = total;
  return best;
}

}  // namespace rollout
