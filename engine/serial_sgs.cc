#include "engine/serial_sgs.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <numeric>

namespace rollout {

long LevelProblem::Tardiness(const std::vector<int>& es) const {
  long late = 0;
  for (int v = 0; v < n; ++v)
    if (due[v] != INT_MAX) late += std::max(0, es[v] + duration[v] - due[v]);
  return late;
}

int LevelProblem::LowerBound(int v, const std::vector<int>& es) const {
  int b = release[v];
  const int d = duration[v];
  for (const LevelArc& a : preds[v]) {
    const int pes = es[a.node];
    const int pef = pes + duration[a.node];
    switch (a.type) {
      case LinkType::kFS: b = std::max(b, pef + a.lag); break;
      case LinkType::kSS: b = std::max(b, pes + a.lag); break;
      case LinkType::kFF: b = std::max(b, pef + a.lag - d); break;
      case LinkType::kSF: b = std::max(b, pes + a.lag - d); break;
    }
  }
  return std::max(b, 0);
}

namespace {

LinkType Flip(LinkType t) {
  switch (t) {
    case LinkType::kSS: return LinkType::kFF;
    case LinkType::kFF: return LinkType::kSS;
    default: return t;
  }
}

}  // namespace

LevelProblem LevelProblem::Mirrored(int horizon) const {
  LevelProblem m = *this;
  // A deadline becomes a release in reversed time; releases are dropped.
  for (int v = 0; v < n; ++v)
    m.release[v] = due[v] == INT_MAX ? 0 : std::max(0, horizon - due[v]);
  m.due.assign(n, INT_MAX);
  for (int v = 0; v < n; ++v) {
    m.preds[v].clear();
    m.succs[v].clear();
  }
  // An arc p -> s becomes s -> p in reversed time.
  for (int v = 0; v < n; ++v) {
    for (const LevelArc& a : preds[v]) m.succs[v].push_back({a.node, Flip(a.type), a.lag});
    for (const LevelArc& a : succs[v]) m.preds[v].push_back({a.node, Flip(a.type), a.lag});
  }
  for (int v = 0; v < n && !pinned.empty(); ++v)
    if (IsPinned(v)) m.pinned[v] = horizon - pinned[v] - duration[v];
  for (auto& days : m.off) {
    std::vector<int> mirrored;
    for (int d : days)
      if (d < horizon) mirrored.push_back(horizon - 1 - d);
    std::sort(mirrored.begin(), mirrored.end());
    days = std::move(mirrored);
  }
  return m;
}

void LevelProblem::DetectPool() {
  pool = true;
  for (const auto& f : fixed)
    if (!f.empty()) pool = false;
  for (int v = 0; v < n; ++v)
    if (IsPinned(v)) pool = false;
  for (const auto& days : off)
    if (!days.empty()) pool = false;
  if (!pool) return;
  std::vector<int> needed_roles(people, 0);  // how many needed roles each person holds
  std::vector<bool> role_needed(role_people.size(), false);
  for (const auto& ns : needs)
    for (const LevelNeed& nd : ns) role_needed[nd.role] = true;
  for (size_t r = 0; r < role_people.size(); ++r) {
    if (!role_needed[r]) continue;
    for (int q : role_people[r])
      if (++needed_roles[q] > 1) pool = false;
  }
}

SerialSgs::SerialSgs(const LevelProblem& problem) : p_(problem) {
  // In 64 bits: a million tasks of long durations and lags pass INT_MAX
  // (each alone is bounded by the reader). Clamped to leave room for t + d.
  int64_t limit = 64 + int64_t{p_.n};
  for (int v = 0; v < p_.n; ++v) {
    limit += p_.duration[v];
    for (const LevelArc& a : p_.preds[v]) limit += std::abs(int64_t{a.lag});
  }
  if (p_.n > 0) limit += *std::max_element(p_.release.begin(), p_.release.end());
  for (const auto& days : p_.off)
    if (!days.empty()) limit += days.back() + 1;
  limit_ = static_cast<int>(std::min<int64_t>(limit, INT_MAX / 4));
  if (p_.pool) {
    for (const auto& people : p_.role_people) capacity_.push_back(static_cast<int>(people.size()));
    used_.resize(p_.role_people.size());
  } else {
    busy_.resize(p_.people);
    load_.assign(p_.people, 0);
    taken_.assign(p_.people, 0);
  }
}

void SerialSgs::Grow(int horizon) {
  if (horizon <= horizon_) return;
  horizon_ = std::max(horizon, horizon_ * 2);
  for (auto& u : used_) u.resize(horizon_, 0);
  for (auto& b : busy_) b.resize(horizon_, 0);
}

bool SerialSgs::PoolFits(int v, int t, int* next) const {
  const int d = p_.duration[v];
  for (const LevelNeed& nd : p_.needs[v]) {
    const std::vector<int>& u = used_[nd.role];
    const int limit = capacity_[nd.role] - nd.count;
    for (int tau = t + d - 1; tau >= t; --tau) {
      if (u[tau] > limit) {
        *next = tau + 1;
        return false;
      }
    }
  }
  return true;
}

void SerialSgs::PoolCommit(int v, int t) {
  const int d = p_.duration[v];
  for (const LevelNeed& nd : p_.needs[v]) {
    std::vector<int>& u = used_[nd.role];
    for (int tau = t; tau < t + d; ++tau) u[tau] += nd.count;
  }
}

bool SerialSgs::PersonFree(int q, int t, int d) const {
  const std::vector<uint8_t>& b = busy_[q];
  for (int tau = std::max(0, t); tau < t + d; ++tau)
    if (b[tau] != 0) return false;
  return true;
}

bool SerialSgs::PersonFits(int v, int t, std::vector<int>* chosen) {
  const int d = p_.duration[v];
  chosen->clear();
  bool ok = true;
  for (int q : p_.fixed[v]) {
    if (!PersonFree(q, t, d)) ok = false;
    taken_[q] = 1;
    chosen->push_back(q);
  }
  for (const LevelNeed& nd : p_.needs[v]) {
    if (!ok) break;
    // The k free people of the role with the least load (then the first).
    std::vector<int> free;
    for (int q : p_.role_people[nd.role])
      if (taken_[q] == 0 && PersonFree(q, t, d)) free.push_back(q);
    if (static_cast<int>(free.size()) < nd.count) {
      ok = false;
      break;
    }
    std::stable_sort(free.begin(), free.end(),
                     [&](int a, int b) { return load_[a] < load_[b]; });
    for (int i = 0; i < nd.count; ++i) {
      taken_[free[i]] = 1;
      chosen->push_back(free[i]);
    }
  }
  for (int q : *chosen) taken_[q] = 0;
  return ok;
}

void SerialSgs::PersonCommit(int v, int t, const std::vector<int>& chosen) {
  const int d = p_.duration[v];
  for (int q : chosen) {
    for (int tau = std::max(0, t); tau < t + d; ++tau) busy_[q][tau] = 1;  // pinned: t < 0
    load_[q] += d;
  }
}

int SerialSgs::Run(const std::vector<int>& list, std::vector<int>* es,
                   std::vector<std::vector<int>>* people) {
  failed_ = false;
  es->assign(p_.n, 0);
  if (people != nullptr) people->assign(p_.n, {});
  for (auto& u : used_) std::fill(u.begin(), u.end(), 0);
  for (int q = 0; q < p_.people && !p_.pool; ++q) {
    std::fill(busy_[q].begin(), busy_[q].end(), 0);
    load_[q] = 0;
  }
  int last_off = 0;
  for (const auto& days : p_.off)
    if (!days.empty()) last_off = std::max(last_off, days.back() + 1);
  Grow(std::max(64, last_off + 1));
  for (int q = 0; q < p_.people && !p_.pool; ++q)
    for (int d : p_.off[q]) busy_[q][d] = 1;

  int makespan = PlacePinned(es, people);
  std::vector<int> chosen;
  for (int v : list) {
    if (p_.IsPinned(v)) continue;
    const int d = p_.duration[v];
    int t = p_.LowerBound(v, *es);
    if (d > 0 && (!p_.needs[v].empty() || !p_.fixed[v].empty())) {
      for (;;) {
        Grow(t + d + 1);
        if (p_.pool) {
          int next = t + 1;
          if (PoolFits(v, t, &next)) break;
          t = next;
        } else {
          if (PersonFits(v, t, &chosen)) break;
          if (++t > limit_) {
            failed_ = true;
            chosen.clear();
            break;
          }
        }
      }
      if (p_.pool) {
        PoolCommit(v, t);
      } else {
        PersonCommit(v, t, chosen);
      }
    } else if (!p_.pool && (!p_.needs[v].empty() || !p_.fixed[v].empty())) {
      PersonFits(v, t, &chosen);  // a milestone: people named, no day taken
    } else {
      chosen.clear();
    }
    (*es)[v] = t;
    makespan = std::max(makespan, t + d);
    if (people != nullptr && !p_.pool) (*people)[v] = chosen;
  }
  return makespan;
}

// Pinned nodes first, at their es, with their fixed people or, when they
// have none, people of the needed roles chosen at that es (free ones first,
// then the first holders: reality may have double-booked someone).
int SerialSgs::PlacePinned(std::vector<int>* es, std::vector<std::vector<int>>* people) {
  int makespan = 0;
  std::vector<int> chosen;
  for (int v = 0; v < p_.n && !p_.pinned.empty(); ++v) {
    if (!p_.IsPinned(v)) continue;
    const int t = p_.pinned[v];
    const int d = p_.duration[v];
    (*es)[v] = t;
    makespan = std::max(makespan, t + d);
    Grow(std::max(0, t + d) + 1);
    if (!PersonFits(v, t, &chosen)) ChooseAnyway(v, &chosen);
    PersonCommit(v, t, chosen);
    if (people != nullptr) (*people)[v] = chosen;
  }
  return makespan;
}

void SerialSgs::ChooseAnyway(int v, std::vector<int>* chosen) {
  chosen->assign(p_.fixed[v].begin(), p_.fixed[v].end());
  for (int q : *chosen) taken_[q] = 1;
  for (const LevelNeed& nd : p_.needs[v]) {
    int got = 0;
    for (int q : p_.role_people[nd.role]) {
      if (got == nd.count) break;
      if (taken_[q] != 0) continue;
      taken_[q] = 1;
      chosen->push_back(q);
      ++got;
    }
  }
  for (int q : *chosen) taken_[q] = 0;
}

std::vector<std::vector<int>> AssignPool(const LevelProblem& problem, const std::vector<int>& es) {
  std::vector<std::vector<int>> out(problem.n);
  std::vector<int> order(problem.n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    if (es[a] != es[b]) return es[a] < es[b];
    return problem.duration[a] < problem.duration[b];  // milestones first
  });
  std::vector<int> free_from(problem.people, 0);
  std::vector<int> load(problem.people, 0);
  for (int v : order) {
    const int d = problem.duration[v];
    for (const LevelNeed& nd : problem.needs[v]) {
      std::vector<int> cand = problem.role_people[nd.role];
      std::stable_sort(cand.begin(), cand.end(), [&](int a, int b) {
        const bool fa = free_from[a] <= es[v], fb = free_from[b] <= es[v];
        if (fa != fb) return fa;
        if (free_from[a] != free_from[b]) return free_from[a] < free_from[b];
        return load[a] < load[b];
      });
      for (int i = 0; i < nd.count && i < static_cast<int>(cand.size()); ++i) {
        const int q = cand[i];
        out[v].push_back(q);
        if (d > 0) free_from[q] = std::max(free_from[q], es[v] + d);
        load[q] += d;
      }
    }
  }
  return out;
}

}  // namespace rollout
