// Property tests of the critical path method (plan-format.md §2-4) on random
// plans: ~200 random DAGs with every link type, negative lags, nested groups,
// gates, milestones, not_before, and deadlines in a third of them. Each plan
// is written as YAML and read through the real reader; the checker below
// works from the generator's own description of the plan and its own
// calendar arithmetic, and shares no code with the scheduler.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/critical_chains.h"
#include "engine/critical_path.h"
#include "engine/network.h"
#include "engine/work_calendar.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

// ---------------------------------------------------------------------------
// The generator's model of a plan.

enum Kind { kFS, kSS, kFF, kSF };
const char* const kKindName[] = {"FS", "SS", "FF", "SF"};

struct GenLink {
  int pred = 0;  // item index
  Kind kind = kFS;
  int lag = 0;
};

// A leaf task or a group; a group covers the contiguous leaves [lo, hi].
struct Item {
  std::string id;
  bool group = false;
  int depth = 0;
  int lo = 0, hi = 0;
  int dur = 0;
  bool gate = false;
  std::vector<GenLink> after;
  int not_before = -1;  // days after plan start, or -1
  int deadline = -1;    // days after plan start, or -1
};

struct GenPlan {
  Date start = 0;
  bool workdays[7] = {true, true, true, true, true, false, false};
  std::set<Date> holidays, working;
  std::vector<Item> items;  // plan order
  std::vector<int> leaf_item;  // leaf number -> item
  bool has_deadlines = false;
};

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  GenPlan Make() {
    GenPlan p;
    ParseDate("2027-01-04", &p.start);
    p.start += Uniform(0, 13);
    if (Chance(0.3)) p.workdays[5] = true;
    for (int k = Uniform(0, 4); k > 0; --k) p.holidays.insert(p.start + Uniform(0, 120));
    for (int k = Uniform(0, 2); k > 0; --k) p.working.insert(p.start + Uniform(0, 120));
    p.has_deadlines = Chance(0.33);
    const int leaves = Uniform(5, 60);
    while (static_cast<int>(p.leaf_item.size()) < leaves) AddItem(&p, 0, leaves);
    for (size_t i = 0; i < p.items.size(); ++i) AddLinks(&p, static_cast<int>(i));
    return p;
  }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  void AddItem(GenPlan* p, int depth, int leaves) {
    const int index = static_cast<int>(p->items.size());
    p->items.emplace_back();
    Item it;
    it.depth = depth;
    it.lo = static_cast<int>(p->leaf_item.size());
    if (depth < 2 && Chance(0.15) && it.lo + 2 <= leaves) {
      it.group = true;
      it.id = "g" + std::to_string(index);
      p->items[index] = it;
      const int children = Uniform(1, 5);
      for (int c = 0; c < children && static_cast<int>(p->leaf_item.size()) < leaves; ++c)
        AddItem(p, depth + 1, leaves);
      p->items[index].hi = static_cast<int>(p->leaf_item.size()) - 1;
      return;
    }
    it.id = "t" + std::to_string(index);
    it.hi = it.lo;
    it.gate = Chance(0.06);
    it.dur = it.gate ? 0 : Chance(0.08) ? 0 : Uniform(1, 12);
    if (Chance(0.15)) it.not_before = Uniform(0, 40);
    if (p->has_deadlines && Chance(0.2)) it.deadline = Uniform(3, 90);
    p->leaf_item.push_back(index);
    p->items[index] = it;
  }

  // Links only from items whose leaves all come before this item's leaves.
  void AddLinks(GenPlan* p, int i) {
    Item& it = p->items[i];
    std::vector<int> candidates;
    for (size_t j = 0; j < p->items.size(); ++j)
      if (p->items[j].hi < it.lo) candidates.push_back(static_cast<int>(j));
    if (candidates.empty()) return;
    const int count = Chance(0.2) ? 0 : Uniform(1, 3);
    for (int k = 0; k < count; ++k) {
      GenLink l;
      l.pred = candidates[Uniform(0, static_cast<int>(candidates.size()) - 1)];
      const int r = Uniform(0, 9);
      l.kind = r < 5 ? kFS : r < 7 ? kSS : r < 9 ? kFF : kSF;
      if (p->items[l.pred].group && (l.kind == kSS || l.kind == kSF)) l.kind = kFS;
      l.lag = Chance(0.6) ? 0 : Uniform(-3, 4);
      it.after.push_back(l);
    }
  }

  std::mt19937 rng_;
};

std::string DurationText(int dur, int variant) {
  if (dur > 0 && dur % 5 == 0 && variant % 3 == 0) return "\"" + std::to_string(dur / 5) + "w\"";
  if (variant % 3 == 1) return "\"" + std::to_string(dur) + "d\"";
  return std::to_string(dur);
}

std::string ToYaml(const GenPlan& p) {
  static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::string y = "plan: prop\nstart: " + FormatDate(p.start) + "\nroles:\n  lead: {name: L}\n";
  y += "people:\n  - {id: boss, roles: [lead]}\ncalendar:\n  workdays: [";
  for (int d = 0, n = 0; d < 7; ++d)
    if (p.workdays[d]) y += std::string(n++ > 0 ? ", " : "") + kDays[d];
  y += "]\n  holidays: [";
  for (Date d : p.holidays) y += FormatDate(d) + (d == *p.holidays.rbegin() ? "" : ", ");
  y += "]\n  working: [";
  for (Date d : p.working) y += FormatDate(d) + (d == *p.working.rbegin() ? "" : ", ");
  y += "]\ntasks:\n";
  for (size_t i = 0; i < p.items.size(); ++i) {
    const Item& it = p.items[i];
    const std::string pad(2 + 4 * it.depth, ' ');
    y += pad + "- id: " + it.id + "\n";
    if (!it.group) {
      if (it.gate) y += pad + "  gate: true\n";
      else y += pad + "  duration: " + DurationText(it.dur, static_cast<int>(i)) + "\n";
    }
    if (it.not_before >= 0) y += pad + "  not_before: " + FormatDate(p.start + it.not_before) + "\n";
    if (it.deadline >= 0) y += pad + "  deadline: " + FormatDate(p.start + it.deadline) + "\n";
    if (!it.after.empty()) {
      y += pad + "  after:\n";
      for (const GenLink& l : it.after) {
        const std::string& pred = p.items[l.pred].id;
        if (l.kind == kFS && l.lag == 0 && i % 2 == 0)
          y += pad + "    - " + pred + "\n";
        else
          y += pad + "    - {task: " + pred + ", type: " + kKindName[l.kind] +
               ", lag: " + std::to_string(l.lag) + "}\n";
      }
    }
    if (it.group) y += pad + "  tasks:\n";
  }
  return y;
}

// ---------------------------------------------------------------------------
// The independent checker.

struct Times {
  int es, ef, ls, lf, tf, ff;
  bool critical;
};

struct LeafLink {
  int p, s;  // leaf numbers
  Kind kind;
  int lag;
};

class Checker {
 public:
  Checker(const GenPlan& g, std::vector<Times> leaf, std::vector<Times> item, int finish)
      : g_(g), leaf_(std::move(leaf)), item_(std::move(item)), finish_(finish) {
    day0_ = g.start;
    while (!Working(day0_)) ++day0_;
    Expand();
  }

  const std::vector<LeafLink>& links() const { return links_; }

  void CheckAll() {
    CheckForward();
    CheckBackward();
    CheckFloats();
    CheckGroups();
    if (!g_.has_deadlines) CheckCriticalChain();
  }

  bool Tight(const LeafLink& l) const {
    const Times& p = leaf_[l.p];
    const Times& s = leaf_[l.s];
    switch (l.kind) {
      case kFS: return s.es == p.ef + l.lag;
      case kSS: return s.es == p.es + l.lag;
      case kFF: return s.ef == p.ef + l.lag;
      case kSF: return s.ef == p.es + l.lag;
    }
    return false;
  }

  // es of a leaf with no binding link: max(0, off_start(not_before)).
  int Base(int leaf) const {
    const Item& it = g_.items[g_.leaf_item[leaf]];
    return it.not_before < 0 ? 0 : std::max(0, OffStart(g_.start + it.not_before));
  }

  int finish() const { return finish_; }
  const Times& leaf(int k) const { return leaf_[k]; }

 private:
  bool Working(Date d) const {
    if (g_.working.count(d) > 0) return true;
    return g_.workdays[Weekday(d)] && g_.holidays.count(d) == 0;
  }
  int OffStart(Date d) const {
    int n = 0;
    for (Date x = day0_; x < d; ++x) n += Working(x) ? 1 : 0;
    return n;
  }
  int OffEnd(Date d) const { return OffStart(d + 1); }
  int Dur(int leaf) const { return g_.items[g_.leaf_item[leaf]].dur; }

  void Expand() {
    for (const Item& it : g_.items)
      for (const GenLink& l : it.after) {
        const Item& p = g_.items[l.pred];
        for (int a = p.lo; a <= p.hi; ++a)
          for (int b = it.lo; b <= it.hi; ++b) links_.push_back({a, b, l.kind, l.lag});
      }
  }

  // The lower bound a link puts on the successor's es.
  int LowerBound(const LeafLink& l) const {
    const Times& p = leaf_[l.p];
    const int dur = Dur(l.s);
    switch (l.kind) {
      case kFS: return p.ef + l.lag;
      case kSS: return p.es + l.lag;
      case kFF: return p.ef + l.lag - dur;
      case kSF: return p.es + l.lag - dur;
    }
    return 0;
  }

  // The upper bound a link puts on the predecessor's lf.
  int UpperBound(const LeafLink& l) const {
    const Times& s = leaf_[l.s];
    const int dur = Dur(l.p);
    switch (l.kind) {
      case kFS: return s.ls - l.lag;
      case kSS: return s.ls - l.lag + dur;
      case kFF: return s.lf - l.lag;
      case kSF: return s.lf - l.lag + dur;
    }
    return 0;
  }

  void CheckForward() {
    int max_ef = 0;
    std::vector<int> want(leaf_.size());
    for (size_t k = 0; k < leaf_.size(); ++k) want[k] = Base(static_cast<int>(k));
    for (const LeafLink& l : links_) {
      const Times& p = leaf_[l.p];
      const Times& s = leaf_[l.s];
      switch (l.kind) {  // every link holds at es/ef
        case kFS: EXPECT_GE(s.es, p.ef + l.lag) << "FS " << l.p << "->" << l.s; break;
        case kSS: EXPECT_GE(s.es, p.es + l.lag) << "SS " << l.p << "->" << l.s; break;
        case kFF: EXPECT_GE(s.ef, p.ef + l.lag) << "FF " << l.p << "->" << l.s; break;
        case kSF: EXPECT_GE(s.ef, p.es + l.lag) << "SF " << l.p << "->" << l.s; break;
      }
      want[l.s] = std::max(want[l.s], LowerBound(l));
    }
    for (size_t k = 0; k < leaf_.size(); ++k) {
      const Times& t = leaf_[k];
      EXPECT_EQ(t.ef, t.es + Dur(static_cast<int>(k))) << "leaf " << k;
      EXPECT_GE(t.es, Base(static_cast<int>(k))) << "leaf " << k;
      EXPECT_EQ(t.es, want[k]) << "es is not the earliest for leaf " << k;
      max_ef = std::max(max_ef, t.ef);
    }
    EXPECT_EQ(finish_, max_ef);
  }

  void CheckBackward() {
    std::vector<int> want(leaf_.size(), finish_);
    for (size_t k = 0; k < leaf_.size(); ++k) {
      const Item& it = g_.items[g_.leaf_item[k]];
      if (it.deadline >= 0) want[k] = std::min(want[k], OffEnd(g_.start + it.deadline));
      EXPECT_LE(leaf_[k].lf, want[k]) << "leaf " << k;
    }
    for (const LeafLink& l : links_) {
      const Times& p = leaf_[l.p];
      const Times& s = leaf_[l.s];
      switch (l.kind) {  // every backward bound holds at ls/lf
        case kFS: EXPECT_LE(p.lf, s.ls - l.lag) << l.p << "->" << l.s; break;
        case kSS: EXPECT_LE(p.ls, s.ls - l.lag) << l.p << "->" << l.s; break;
        case kFF: EXPECT_LE(p.lf, s.lf - l.lag) << l.p << "->" << l.s; break;
        case kSF: EXPECT_LE(p.ls, s.lf - l.lag) << l.p << "->" << l.s; break;
      }
      want[l.p] = std::min(want[l.p], UpperBound(l));
    }
    for (size_t k = 0; k < leaf_.size(); ++k)
      EXPECT_EQ(leaf_[k].lf, want[k]) << "lf is not the latest for leaf " << k;
  }

  void CheckFloats() {
    std::vector<int> ff(leaf_.size(), INT_MAX);
    for (const LeafLink& l : links_) {
      const Times& p = leaf_[l.p];
      const Times& s = leaf_[l.s];
      int f = 0;
      switch (l.kind) {
        case kFS: f = s.es - l.lag - p.ef; break;
        case kSS: f = s.es - l.lag - p.es; break;
        case kFF: f = s.ef - l.lag - p.ef; break;
        case kSF: f = s.ef - l.lag - p.es; break;
      }
      ff[l.p] = std::min(ff[l.p], f);
    }
    for (size_t k = 0; k < leaf_.size(); ++k) {
      const Times& t = leaf_[k];
      EXPECT_EQ(t.ls, t.lf - Dur(static_cast<int>(k))) << "leaf " << k;
      EXPECT_EQ(t.tf, t.ls - t.es) << "leaf " << k;
      EXPECT_EQ(t.critical, t.tf <= 0) << "leaf " << k;
      EXPECT_EQ(t.ff, ff[k] == INT_MAX ? t.tf : ff[k]) << "leaf " << k;
      if (ff[k] != INT_MAX) {
        EXPECT_GE(t.ff, 0) << "leaf " << k;  // links hold
      }
      if (!g_.has_deadlines) {
        EXPECT_GE(t.tf, 0) << "leaf " << k;
      }
    }
  }

  void CheckGroups() {
    for (size_t i = 0; i < g_.items.size(); ++i) {
      const Item& it = g_.items[i];
      if (!it.group) continue;
      Times want = leaf_[it.lo];
      for (int k = it.lo + 1; k <= it.hi; ++k) {
        want.es = std::min(want.es, leaf_[k].es);
        want.ef = std::max(want.ef, leaf_[k].ef);
        want.ls = std::min(want.ls, leaf_[k].ls);
        want.lf = std::max(want.lf, leaf_[k].lf);
        want.tf = std::min(want.tf, leaf_[k].tf);
      }
      const Times& got = item_[i];
      EXPECT_EQ(got.es, want.es) << it.id;
      EXPECT_EQ(got.ef, want.ef) << it.id;
      EXPECT_EQ(got.ls, want.ls) << it.id;
      EXPECT_EQ(got.lf, want.lf) << it.id;
      EXPECT_EQ(got.tf, want.tf) << it.id;
    }
  }

  // Without deadlines every critical leaf lies on a path of tight links
  // between critical leaves from a start (es at its own base) to the finish.
  void CheckCriticalChain() {
    const size_t n = leaf_.size();
    // Leaf numbers are a topological order: links go from lower to higher.
    std::vector<bool> to_finish(n, false), from_start(n, false);
    bool any = false;
    for (size_t k = n; k-- > 0;) to_finish[k] = leaf_[k].critical && leaf_[k].ef == finish_;
    for (size_t k = 0; k < n; ++k) from_start[k] = leaf_[k].critical && leaf_[k].es == Base(static_cast<int>(k));
    std::vector<LeafLink> sorted = links_;
    std::sort(sorted.begin(), sorted.end(), [](const LeafLink& a, const LeafLink& b) { return a.p > b.p; });
    for (const LeafLink& l : sorted)
      if (leaf_[l.p].critical && leaf_[l.s].critical && Tight(l) && to_finish[l.s]) to_finish[l.p] = true;
    std::sort(sorted.begin(), sorted.end(), [](const LeafLink& a, const LeafLink& b) { return a.s < b.s; });
    for (const LeafLink& l : sorted)
      if (leaf_[l.p].critical && leaf_[l.s].critical && Tight(l) && from_start[l.p]) from_start[l.s] = true;
    for (size_t k = 0; k < n; ++k) {
      if (!leaf_[k].critical) continue;
      any = true;
      EXPECT_TRUE(to_finish[k]) << "critical leaf " << k << " does not reach the finish";
      EXPECT_TRUE(from_start[k]) << "critical leaf " << k << " is not reached from a start";
    }
    EXPECT_TRUE(any) << "no critical task";
  }

  const GenPlan& g_;
  std::vector<Times> leaf_, item_;
  int finish_;
  Date day0_;
  std::vector<LeafLink> links_;
};

Times TimesOf(const TaskTimes& t) {
  return {t.es, t.ef, t.ls, t.lf, t.total_float, t.free_float, t.critical};
}

// The chains of engine/critical_chains against the checker's own links.
void CheckChains(const GenPlan& g, const Plan& plan, const Network& net, const Schedule& s,
                 const Checker& c) {
  const CriticalChains found = FindCriticalChains(plan, net, s, 100000);
  ASSERT_EQ(found.total, found.chains.size());
  std::map<std::string, int> leaf_of;
  for (size_t k = 0; k < g.leaf_item.size(); ++k) leaf_of[g.items[g.leaf_item[k]].id] = static_cast<int>(k);
  auto tight = [&](int a, int b) {
    for (const LeafLink& l : c.links())
      if (l.p == a && l.s == b && c.Tight(l)) return true;
    return false;
  };
  std::set<int> covered;
  for (const CriticalChain& chain : found.chains) {
    ASSERT_FALSE(chain.tasks.empty());
    std::vector<int> leaves;
    for (int t : chain.tasks) leaves.push_back(leaf_of.at(plan.tasks[t].id));
    for (int k : leaves) {
      EXPECT_TRUE(c.leaf(k).critical);
      covered.insert(k);
    }
    for (size_t i = 1; i < leaves.size(); ++i) EXPECT_TRUE(tight(leaves[i - 1], leaves[i]));
    for (const LeafLink& l : c.links()) {
      if (!c.Tight(l) || !c.leaf(l.p).critical || !c.leaf(l.s).critical) continue;
      EXPECT_NE(l.s, leaves.front()) << "a chain must start where no driving link enters";
      EXPECT_NE(l.p, leaves.back()) << "a chain must end where no driving link leaves";
    }
    EXPECT_EQ(chain.es, c.leaf(leaves.front()).es);
    EXPECT_EQ(chain.ef, c.leaf(leaves.back()).ef);
    if (!g.has_deadlines) {
      EXPECT_EQ(chain.ef, c.finish());
      EXPECT_EQ(chain.es, c.Base(leaves.front()));
    }
  }
  for (size_t k = 0; k < g.leaf_item.size(); ++k)
    EXPECT_EQ(covered.count(static_cast<int>(k)) > 0, c.leaf(static_cast<int>(k)).critical) << k;
}

void CheckCriticalPathOrder(const Plan& plan, const Schedule& s) {
  std::vector<int> want;
  for (size_t i = 0; i < plan.tasks.size(); ++i)
    if (!plan.tasks[i].is_group && s.tasks[i].critical) want.push_back(static_cast<int>(i));
  std::sort(want.begin(), want.end(), [&](int a, int b) {
    const TaskTimes& x = s.tasks[a];
    const TaskTimes& y = s.tasks[b];
    return std::tie(x.es, x.ef, plan.tasks[a].id) < std::tie(y.es, y.ef, plan.tasks[b].id);
  });
  EXPECT_EQ(s.critical_path, want);
}

TEST(CriticalPathProperty, RandomPlansSatisfyEveryConstraint) {
  int with_deadlines = 0, negative_float = 0, chains = 0;
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const GenPlan g = Generator(seed).Make();
    const std::string yaml = ToYaml(g);
    Result<Plan> r = ReadPlan("prop.yaml", yaml);
    ASSERT_TRUE(r.ok()) << r.errors()[0].message << "\n" << yaml;
    const Plan& plan = r.value();
    Result<Network> net = BuildNetwork(plan, IndexTasks(plan));
    ASSERT_TRUE(net.ok());
    WorkCalendar cal(plan.calendar, plan.start);
    const Schedule s = ComputeCriticalPath(plan, net.value(), PlanInput(plan, net.value(), cal));

    std::vector<Times> leaf, item;
    for (const Item& it : g.items) {
      const int i = plan.FindTask(it.id);
      ASSERT_GE(i, 0) << it.id;
      item.push_back(TimesOf(s.tasks[i]));
    }
    for (int k : g.leaf_item) leaf.push_back(item[k]);
    Checker c(g, leaf, item, s.finish);
    c.CheckAll();
    CheckChains(g, plan, net.value(), s, c);
    CheckCriticalPathOrder(plan, s);
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << yaml;
      return;
    }
    with_deadlines += g.has_deadlines ? 1 : 0;
    for (const Times& t : leaf) negative_float += t.tf < 0 ? 1 : 0;
    chains += static_cast<int>(FindCriticalChains(plan, net.value(), s, 1000).total);
  }
  // The generator really covers deadlines that cannot be met.
  EXPECT_GT(with_deadlines, 40);
  EXPECT_GT(negative_float, 0);
  EXPECT_GE(chains, 200);
}

}  // namespace
}  // namespace rollout
