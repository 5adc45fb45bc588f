#include "engine/risk.h"

#include <algorithm>
#include <atomic>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <cmath>
#include <thread>

#include "engine/genetic_search.h"
#include "engine/serial_sgs.h"

namespace rollout {
namespace {

// SplitMix64 (Steele, Lea, Flood 2014): a well-mixed 64-bit seed for block
// |block|'s generator from the run's seed, so that neighbouring blocks (and
// neighbouring seeds) get unrelated streams.
uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

using Engine = boost::random::mt19937_64;

// The distribution of one drawn node and its rounding to working days.
class Draw {
 public:
  Draw(int node, const RiskNode& n, RiskDistribution dist)
      : node_(node),
        lo_(n.estimate.min),
        hi_(n.estimate.max),
        floor_(n.floor),
        pert_(dist == RiskDistribution::kPert) {
    if (lo_ == hi_) return;
    const double a = lo_, m = n.estimate.likely, b = hi_;
    triangular_ = boost::random::triangle_distribution<double>(a, m, b);
    // PERT: Beta(alpha, beta) on [a, b] with mean (a + 4m + b) / 6.
    alpha_ = boost::random::gamma_distribution<double>(1 + 4 * (m - a) / (b - a), 1.0);
    beta_ = boost::random::gamma_distribution<double>(1 + 4 * (b - m) / (b - a), 1.0);
  }

  int node() const { return node_; }
  int upper() const { return std::max(hi_, floor_); }

  void Reset() {
    triangular_.reset();
    alpha_.reset();
    beta_.reset();
  }

  // A real duration in [lo, hi], rounded up to whole days, at least floor.
  int operator()(Engine& gen) {
    if (lo_ == hi_) return std::max(lo_, floor_);
    double x = 0;
    if (pert_) {
      const double g1 = alpha_(gen);
      const double g2 = beta_(gen);
      x = lo_ + (hi_ - lo_) * (g1 / (g1 + g2));
    } else {
      x = triangular_(gen);
    }
    const int d = std::clamp(static_cast<int>(std::ceil(x)), lo_, hi_);
    return std::max(d, floor_);
  }

 private:
  int node_, lo_, hi_, floor_;
  bool pert_;
  boost::random::triangle_distribution<double> triangular_;
  boost::random::gamma_distribution<double> alpha_, beta_;
};

// What one worker sums over its iterations; integers, so that the totals
// do not depend on which worker ran which block.
struct Tally {
  explicit Tally(size_t n) : critical(n, 0), kept(n, 0), sum_d(n, 0), sum_d2(n, 0), sum_df(n, 0) {}
  std::vector<int64_t> critical, kept, sum_d, sum_d2, sum_df;
};

struct Shared {
  Shared(const Network& n, const RiskInput& in, const RiskOptions& o)
      : net(n), input(in), options(o) {}
  const Network& net;
  const RiskInput& input;
  const RiskOptions& options;
  int blocks = 0;
  std::atomic<int> next_block{0};
  std::vector<int> finish;  // per iteration; each written by one worker
};

// One worker: its own inputs, passes and (levelled) problem; takes blocks
// until none is left.
class Worker {
 public:
  Worker(Shared* shared, Tally* tally) : s_(*shared), tally_(*tally), in_(s_.input.base) {
    const auto& nodes = s_.input.nodes;
    for (size_t v = 0; v < nodes.size(); ++v)
      if (nodes[v].drawn)
        draws_.emplace_back(static_cast<int>(v), nodes[v], s_.options.distribution);
  }

  void Run() {
    const RiskLevelling* lev = s_.input.levelling ? &*s_.input.levelling : nullptr;
    if (lev != nullptr) {
      // The scheme bounds its search by the durations it is built with: the
      // longest each node can draw bounds every iteration's.
      problem_ = lev->problem;
      for (const Draw& d : draws_) problem_.duration[d.node()] = d.upper();
      sgs_.emplace(problem_);
    }
    for (int b = s_.next_block++; b < s_.blocks; b = s_.next_block++) RunBlock(b, lev);
  }

 private:
  void RunBlock(int block, const RiskLevelling* lev) {
    Engine gen(SplitMix(s_.options.seed ^ SplitMix(static_cast<uint64_t>(block))));
    for (Draw& d : draws_) d.Reset();
    const int first = block * kRiskBlock;
    const int last = std::min(s_.options.iterations, first + kRiskBlock);
    for (int i = first; i < last; ++i) {
      for (Draw& d : draws_) in_.duration[d.node()] = d(gen);
      if (lev != nullptr) Level(*lev);
      RunPasses(s_.net, in_, &passes_);
      s_.finish[i] = passes_.finish;
      Count();
    }
  }

  // The levelled schedule of this iteration's durations: es fixed for the passes.
  void Level(const RiskLevelling& lev) {
    problem_.duration = in_.duration;
    sgs_->Run(lev.list, &es_);
    in_.fixed_es = es_;
  }

  void Count() {
    const int64_t f = passes_.finish;
    const size_t n = passes_.es.size();
    for (size_t v = 0; v < n; ++v) {
      if (passes_.ls[v] - passes_.es[v] <= 0) ++tally_.critical[v];
      if (passes_.ef[v] <= in_.max_lf[v]) ++tally_.kept[v];
    }
    for (const Draw& d : draws_) {
      const int64_t x = in_.duration[d.node()];
      tally_.sum_d[d.node()] += x;
      tally_.sum_d2[d.node()] += x * x;
      tally_.sum_df[d.node()] += x * f;
    }
  }

  Shared& s_;
  Tally& tally_;
  CpmInput in_;
  CpmPasses passes_;
  std::vector<Draw> draws_;
  LevelProblem problem_;
  std::optional<SerialSgs> sgs_;
  std::vector<int> es_;
};

// Pearson correlation of a node's durations (sums |sd|, |sd2|, |sdf|) with
// the project lengths (sums |sf|, |sf2|) over |n| iterations.
double Pearson(long double n, long double sd, long double sd2, long double sdf, long double sf,
               long double sf2) {
  const long double cov = n * sdf - sd * sf;
  const long double var_d = n * sd2 - sd * sd;
  const long double var_f = n * sf2 - sf * sf;
  if (var_d <= 0 || var_f <= 0) return 0;
  return static_cast<double>(cov / std::sqrt(var_d * var_f));
}

int ThreadsFor(int requested, int blocks) {
  int t = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(t, 1, std::max(1, std::min(blocks, 256)));
}

}  // namespace

int RiskResult::Percentile(int percent) const {
  if (finish.empty()) return 0;
  const int64_t n = static_cast<int64_t>(finish.size());
  const int64_t k = std::max<int64_t>(1, (percent * n + 99) / 100);
  return finish[static_cast<size_t>(std::min(k, n) - 1)];
}

double RiskResult::ShareFinishedBy(int offset) const {
  if (finish.empty()) return 0;
  const auto by = std::upper_bound(finish.begin(), finish.end(), offset) - finish.begin();
  return static_cast<double>(by) / static_cast<double>(finish.size());
}

std::vector<RiskNode> PlanRiskNodes(const Plan& plan, const Network& net) {
  std::vector<RiskNode> nodes(net.size());
  for (size_t v = 0; v < net.size(); ++v) {
    const Task& t = plan.tasks[net.node_task[v]];
    if (t.estimate) nodes[v] = {true, *t.estimate, 0};
  }
  return nodes;
}

std::vector<RiskNode> ForecastRiskNodes(const Plan& plan, const Network& net,
                                        const CpmInput& forecast, const std::vector<bool>& done,
                                        int t) {
  std::vector<RiskNode> nodes = PlanRiskNodes(plan, net);
  for (size_t v = 0; v < net.size(); ++v) {
    if (!nodes[v].drawn || forecast.fixed_es[v] == CpmInput::kNotFixed) continue;
    if (done[v]) {
      nodes[v].drawn = false;  // at its actuals
    } else {
      nodes[v].floor = std::max(0, t + 1 - forecast.fixed_es[v]);
    }
  }
  return nodes;
}

RiskLevelling MakeRiskLevelling(LevelProblem problem, const CpmInput& base,
                                const std::vector<std::vector<int>>& people,
                                const std::vector<int>& es) {
  LevelProblem& p = problem;
  p.pinned.assign(p.n, LevelProblem::kFree);
  for (int v = 0; v < p.n; ++v) {
    p.duration[v] = base.duration[v];
    if (base.fixed_es[v] != CpmInput::kNotFixed) {
      p.pinned[v] = base.fixed_es[v];
    } else {
      p.release[v] = std::max(p.release[v], base.min_es[v]);
    }
  }
  RiskLevelling out{WithPeopleFixed(p, people), {}};
  std::vector<double> prio(p.n);
  for (int v = 0; v < p.n; ++v) prio[v] = es[v] + static_cast<double>(v) / (p.n + 1);
  out.list = ListFromPriorities(out.problem, prio);
  return out;
}

RiskResult RunRisk(const Network& net, const RiskInput& input, const RiskOptions& options) {
  const size_t n = net.size();
  Shared shared(net, input, options);
  shared.blocks = (options.iterations + kRiskBlock - 1) / kRiskBlock;
  shared.finish.assign(options.iterations, 0);
  const int threads = ThreadsFor(options.threads, shared.blocks);
  std::vector<Tally> tallies(threads, Tally(n));
  std::vector<std::thread> pool;
  for (int w = 1; w < threads; ++w)
    pool.emplace_back([&shared, &tallies, w] { Worker(&shared, &tallies[w]).Run(); });
  Worker(&shared, &tallies[0]).Run();
  for (std::thread& t : pool) t.join();

  RiskResult r;
  r.iterations = options.iterations;
  r.critical.assign(n, 0);
  r.deadline_kept.assign(n, 0);
  r.cruciality.assign(n, 0);
  Tally total(n);
  for (const Tally& t : tallies) {
    for (size_t v = 0; v < n; ++v) {
      total.critical[v] += t.critical[v];
      total.kept[v] += t.kept[v];
      total.sum_d[v] += t.sum_d[v];
      total.sum_d2[v] += t.sum_d2[v];
      total.sum_df[v] += t.sum_df[v];
    }
  }
  uint64_t sf = 0, sf2 = 0;
  for (int f : shared.finish) {
    sf += static_cast<uint64_t>(f);
    sf2 += static_cast<uint64_t>(f) * static_cast<uint64_t>(f);
  }
  r.mean_finish = static_cast<double>(static_cast<long double>(sf) / options.iterations);
  for (size_t v = 0; v < n; ++v) {
    r.critical[v] = total.critical[v];
    r.deadline_kept[v] = total.kept[v];
    if (input.nodes[v].drawn)
      r.cruciality[v] =
          Pearson(options.iterations, total.sum_d[v], total.sum_d2[v], total.sum_df[v], sf, sf2);
  }
  r.finish = std::move(shared.finish);
  std::sort(r.finish.begin(), r.finish.end());
  return r;
}

}  // namespace rollout
