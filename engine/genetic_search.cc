#include "engine/genetic_search.h"

#include <algorithm>
#include <climits>
#include <memory>
#include <queue>
#include <random>
#include <utility>

#include <boost/container_hash/hash.hpp>

#include "engine/serial_sgs.h"

namespace rollout {

std::vector<int> ListFromPriorities(const LevelProblem& problem,
                                    const std::vector<double>& priority) {
  const int n = problem.n;
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

namespace {

constexpr int kPopulation = 40;
constexpr double kMutation = 0.05;

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
  bool Budget() const { return schedules_ < std::max(1, o_.effort); }
  std::vector<int> Crossover(const std::vector<int>& mother, const std::vector<int>& father,
                             int q1, int q2);
  void Mutate(std::vector<int>* list);
  void Consider(const Individual& ind);
  std::vector<Individual> InitialPopulation();

  const LevelProblem& p_;
  const SearchOptions& o_;
  Random rng_;
  SerialSgs forward_;
  std::unique_ptr<LevelProblem> mirror_;
  std::unique_ptr<SerialSgs> backward_;
  std::vector<double> latest_finish_;
  std::vector<double> latest_start_;
  int schedules_ = 0;
  Individual best_;
  std::vector<int> es_, es2_, esb_;
};

void GeneticSearch::Consider(const Individual& ind) {
  if (best_.list.empty() || best_.Better(ind.tardiness, ind.makespan)) best_ = ind;
}

// One forward schedule, then forward-backward improvement while it helps;
// the individual keeps the activity order of its best schedule.
Individual GeneticSearch::Evaluate(std::vector<int> list) {
  const int n = p_.n;
  Individual ind;
  ind.makespan = forward_.Run(list, &es_);
  ind.tardiness = p_.Tardiness(es_);
  ++schedules_;
  std::vector<double> prio(n);
  while (backward_ && schedules_ + 2 <= o_.effort) {
    std::vector<int> pos(n);
    for (int i = 0; i < n; ++i) pos[list[i]] = i;
    for (int v = 0; v < n; ++v)
      prio[v] = -(es_[v] + p_.duration[v] + static_cast<double>(pos[v]) / (n + 1));
    const int back = backward_->Run(ListFromPriorities(*mirror_, prio), &esb_);
    for (int v = 0; v < n; ++v) prio[v] = back - esb_[v] - p_.duration[v];
    std::vector<int> again = ListFromPriorities(p_, prio);
    const int makespan = forward_.Run(again, &es2_);
    const long tardiness = p_.Tardiness(es2_);
    schedules_ += 2;
    if (!ind.Better(tardiness, makespan)) break;
    ind.makespan = makespan;
    ind.tardiness = tardiness;
    std::swap(es_, es2_);
    list = std::move(again);
  }
  std::vector<int> pos(n);
  for (int i = 0; i < n; ++i) pos[list[i]] = i;
  for (int v = 0; v < n; ++v) prio[v] = es_[v] + static_cast<double>(pos[v]) / (n + 1);
  ind.list = ListFromPriorities(p_, prio);
  ind.schedule_key = boost::hash_range(es_.begin(), es_.end());
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

std::vector<Individual> GeneticSearch::InitialPopulation() {
  std::vector<Individual> pop;
  pop.push_back(Evaluate(ListFromPriorities(p_, latest_finish_)));
  if (Budget()) pop.push_back(Evaluate(ListFromPriorities(p_, latest_start_)));
  double spread = 1;
  for (double lf : latest_finish_) spread = std::max(spread, lf / 4);
  std::vector<double> prio(p_.n);
  while (static_cast<int>(pop.size()) < kPopulation && Budget()) {
    for (int v = 0; v < p_.n; ++v) prio[v] = latest_finish_[v] + rng_.Uniform() * spread;
    pop.push_back(Evaluate(ListFromPriorities(p_, prio)));
  }
  return pop;
}

LevelSolution GeneticSearch::Run(SearchStats* stats) {
  const int n = p_.n;
  // Latest finish and latest start from the precedence network in reverse.
  int length = 0;
  std::vector<int> order = ListFromPriorities(p_, std::vector<double>(n, 0.0));
  forward_.Run(order, &es_);  // a first resource-feasible horizon for days off
  ++schedules_;
  int horizon = 0;
  for (int v = 0; v < n; ++v) horizon = std::max(horizon, es_[v] + p_.duration[v]);
  mirror_ = std::make_unique<LevelProblem>(p_.Mirrored(horizon));
  backward_ = std::make_unique<SerialSgs>(*mirror_);
  const std::vector<int> back = PrecedenceStarts(*mirror_, &length);
  latest_finish_.resize(n);
  latest_start_.resize(n);
  for (int v = 0; v < n; ++v) {
    latest_finish_[v] = length - back[v];
    latest_start_[v] = latest_finish_[v] - p_.duration[v];
  }

  std::vector<Individual> pop = InitialPopulation();
  if (stats != nullptr) stats->first_makespan = pop.front().makespan;
  while (Budget() && n > 1) {
    if (o_.progress) o_.progress(schedules_, o_.effort);
    std::vector<int> perm(pop.size());
    for (size_t i = 0; i < perm.size(); ++i) perm[i] = static_cast<int>(i);
    for (size_t i = perm.size(); i > 1; --i) std::swap(perm[i - 1], perm[rng_.Below(static_cast<int>(i))]);
    const size_t parents = pop.size();
    for (size_t i = 0; i + 1 < parents && Budget(); i += 2) {
      const std::vector<int>& m = pop[perm[i]].list;
      const std::vector<int>& f = pop[perm[i + 1]].list;
      int q1 = rng_.Below(n + 1), q2 = rng_.Below(n + 1);
      if (q1 > q2) std::swap(q1, q2);
      std::vector<int> daughter = Crossover(m, f, q1, q2);
      std::vector<int> son = Crossover(f, m, q1, q2);
      Mutate(&daughter);
      Mutate(&son);
      pop.push_back(Evaluate(std::move(daughter)));
      if (Budget()) pop.push_back(Evaluate(std::move(son)));
    }
    std::stable_sort(pop.begin(), pop.end());
    DropTwins(&pop);
    if (pop.size() > static_cast<size_t>(kPopulation)) pop.resize(kPopulation);
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

LevelSolution SearchSchedule(const LevelProblem& problem, const SearchOptions& options,
                             SearchStats* stats) {
  if (problem.n == 0) return {};
  GeneticSearch search(problem, options);
  return search.Run(stats);
}

}  // namespace rollout
