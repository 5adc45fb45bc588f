// Levelling (plan-format.md §5) on random and hand-made plans. Every plan is
// written as YAML and read by the real reader; the checker below works from
// the generator's own model, with its own calendar arithmetic, and shares no
// code with the scheduler: links, not_before, one task per person per day,
// no work on a day off, k distinct people of each needed role, fixed people.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/genetic_search.h"
#include "engine/justification.h"
#include "engine/leveller.h"
#include "engine/network.h"
#include "engine/serial_sgs.h"
#include "engine/work_calendar.h"
#include "workflows/plan_reader.h"
#include "workflows/psplib_reader.h"

namespace rollout {
namespace {

const char* const kType[] = {"FS", "SS", "FF", "SF"};

struct GenLink {
  int pred = 0;
  int type = 0;  // index into kType
  int lag = 0;
};

struct GenTask {
  int dur = 0;
  std::vector<GenLink> after;
  std::map<std::string, int> needs;
  std::vector<std::string> assignee;
  int not_before = -1;  // working-day index, or -1
  int deadline = -1;    // working-day index, or -1
};

struct GenPerson {
  std::string id;
  std::vector<std::string> roles;
  std::vector<std::pair<int, int>> off;  // working-day index ranges, inclusive
};

// Mon-fri from Monday 2027-01-04, no holidays: the checker's own calendar.
struct Model {
  std::vector<std::string> roles;
  std::vector<GenPerson> people;
  std::vector<GenTask> tasks;

  static Date Day0() {
    Date d = 0;
    ParseDate("2027-01-04", &d);
    return d;
  }
  static Date DateOfIndex(int k) { return Day0() + k / 5 * 7 + k % 5; }
  static std::string Text(int k) { return FormatDate(DateOfIndex(k)); }

  std::string Yaml() const {
    std::string y = "plan: gen\nstart: 2027-01-04\nroles:\n";
    for (const std::string& r : roles) y += "  " + r + ": {name: \"Роль " + r + "\"}\n";
    y += "people:\n";
    for (const GenPerson& p : people) {
      y += "  - id: " + p.id + "\n    roles: [";
      for (size_t i = 0; i < p.roles.size(); ++i) y += (i ? ", " : "") + p.roles[i];
      y += "]\n";
      if (!p.off.empty()) {
        y += "    off: [";
        for (size_t i = 0; i < p.off.size(); ++i)
          y += (i ? ", \"" : "\"") + Text(p.off[i].first) + ".." + Text(p.off[i].second) + "\"";
        y += "]\n";
      }
    }
    y += "tasks:\n";
    for (size_t i = 0; i < tasks.size(); ++i) {
      const GenTask& t = tasks[i];
      y += "  - id: t" + std::to_string(i) + "\n    duration: " + std::to_string(t.dur) + "\n";
      if (!t.after.empty()) {
        y += "    after:\n";
        for (const GenLink& l : t.after)
          y += "      - {task: t" + std::to_string(l.pred) + ", type: " + kType[l.type] +
               ", lag: " + std::to_string(l.lag) + "}\n";
      }
      if (!t.needs.empty()) {
        y += "    needs: {";
        bool first = true;
        for (const auto& [r, k] : t.needs) {
          y += (first ? "" : ", ") + r + ": " + std::to_string(k);
          first = false;
        }
        y += "}\n";
      }
      if (!t.assignee.empty()) {
        y += "    assignee: [";
        for (size_t k = 0; k < t.assignee.size(); ++k) y += (k ? ", " : "") + t.assignee[k];
        y += "]\n";
      }
      if (t.not_before >= 0) y += "    not_before: " + Text(t.not_before) + "\n";
      if (t.deadline >= 0) y += "    deadline: " + Text(t.deadline) + "\n";
    }
    return y;
  }
};

struct Levelled {
  std::vector<int> es;
  std::vector<std::vector<std::string>> assigned;
  std::vector<int> total_float;
  int finish = 0;
};

Levelled Level(const Model& m, int effort, uint64_t seed) {
  Result<Plan> plan = ReadPlan("gen.yaml", m.Yaml());
  EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : plan.errors()[0].message) << "\n" << m.Yaml();
  if (!plan.ok()) return {};
  Result<Network> net = BuildNetwork(plan.value(), IndexTasks(plan.value()));
  WorkCalendar cal(plan.value().calendar, plan.value().start);
  LevelOptions options;
  options.effort = effort;
  options.seed = seed;
  Result<LevelledSchedule> r = LevelPlan(plan.value(), net.value(), cal, options);
  EXPECT_TRUE(r.ok());
  if (!r.ok()) return {};
  Levelled out;
  for (const TaskTimes& t : r.value().schedule.tasks) {
    out.es.push_back(t.es);
    out.total_float.push_back(t.total_float);
  }
  out.assigned = r.value().assigned;
  out.finish = r.value().schedule.finish;
  return out;
}

// Can |slots| from |next| on be filled by distinct unused people of |a|?
bool Matches(const std::vector<std::string>& slots, size_t next, const std::vector<std::string>& a,
             const std::map<std::string, const GenPerson*>& people, std::vector<bool> used) {
  if (next == slots.size()) return true;
  for (size_t i = 0; i < a.size(); ++i) {
    if (used[i]) continue;
    const auto& roles = people.at(a[i])->roles;
    if (std::find(roles.begin(), roles.end(), slots[next]) == roles.end()) continue;
    used[i] = true;
    if (Matches(slots, next + 1, a, people, used)) return true;
    used[i] = false;
  }
  return false;
}

// The independent checker. Returns the first violation, or "".
std::string Violation(const Model& m, const Levelled& s) {
  const int n = static_cast<int>(m.tasks.size());
  if (static_cast<int>(s.es.size()) != n) return "wrong number of tasks";
  auto ef = [&](int i) { return s.es[i] + m.tasks[i].dur; };
  std::map<std::string, const GenPerson*> people;
  for (const GenPerson& p : m.people) people[p.id] = &p;
  std::map<std::string, std::set<int>> busy;  // person -> working-day indices
  for (int i = 0; i < n; ++i) {
    const GenTask& t = m.tasks[i];
    const std::string id = "t" + std::to_string(i);
    if (s.es[i] < 0) return id + " starts before day 0";
    if (t.not_before >= 0 && s.es[i] < t.not_before) return id + " starts before not_before";
    for (const GenLink& l : t.after) {
      const int p = l.pred;
      bool ok = true;
      switch (l.type) {
        case 0: ok = s.es[i] >= ef(p) + l.lag; break;
        case 1: ok = s.es[i] >= s.es[p] + l.lag; break;
        case 2: ok = ef(i) >= ef(p) + l.lag; break;
        case 3: ok = ef(i) >= s.es[p] + l.lag; break;
      }
      if (!ok) return id + " breaks its " + kType[l.type] + " link from t" + std::to_string(p);
    }
    const std::vector<std::string>& a = s.assigned[i];
    if (std::set<std::string>(a.begin(), a.end()).size() != a.size())
      return id + " has a person twice";
    for (const std::string& f : t.assignee)
      if (std::find(a.begin(), a.end(), f) == a.end()) return id + " lost its assignee " + f;
    // Each role's k people: distinct people, each filling one slot.
    std::vector<std::string> slots;
    for (const auto& [role, k] : t.needs) slots.insert(slots.end(), k, role);
    if (!Matches(slots, 0, a, people, std::vector<bool>(a.size(), false)))
      return id + " lacks people for its roles";
    for (const std::string& q : a) {
      for (int d = s.es[i]; d < ef(i); ++d) {
        if (!busy[q].insert(d).second)
          return q + " works on two tasks on " + Model::Text(d) + " (" + id + ")";
        for (const auto& [lo, hi] : people.at(q)->off)
          if (d >= lo && d <= hi) return q + " works on " + id + " on a day off";
      }
    }
  }
  int finish = 0;
  for (int i = 0; i < n; ++i) finish = std::max(finish, ef(i));
  if (finish != s.finish) return "finish is not the latest end";
  return "";
}

Model RandomModel(std::mt19937& rng) {
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Model m;
  m.roles = {"dev", "ops", "qa"};
  const int people = uni(3, 7);
  for (int q = 0; q < people; ++q) {
    GenPerson p;
    p.id = "p" + std::to_string(q);
    p.roles.push_back(m.roles[q % 3]);
    if (uni(0, 3) == 0) p.roles.push_back(m.roles[(q + 1) % 3]);
    if (uni(0, 2) == 0) {
      const int lo = uni(0, 25);
      p.off.push_back({lo, lo + uni(0, 4)});
    }
    m.people.push_back(p);
  }
  std::map<std::string, int> holders;
  for (const GenPerson& p : m.people)
    for (const std::string& r : p.roles) ++holders[r];
  const int n = uni(5, 25);
  for (int i = 0; i < n; ++i) {
    GenTask t;
    t.dur = uni(0, 6);
    const int links = i == 0 ? 0 : uni(0, 3);
    std::set<int> preds;
    for (int k = 0; k < links; ++k) preds.insert(uni(0, i - 1));
    for (int p : preds) t.after.push_back({p, uni(0, 3), uni(-3, 3)});
    const int roles = uni(0, 2);
    for (int k = 0; k < roles; ++k) {
      const std::string& r = m.roles[uni(0, 2)];
      if (holders[r] > 0 && t.needs.count(r) == 0) t.needs[r] = uni(1, std::min(2, holders[r]));
    }
    if (uni(0, 5) == 0) t.assignee.push_back(m.people[uni(0, people - 1)].id);
    if (uni(0, 6) == 0) t.not_before = uni(0, 15);
    m.tasks.push_back(t);
  }
  return m;
}

// Whether the greedy can always staff it: drop needs that multi-role people
// could make unsatisfiable together (the leveller refuses those plans).
bool Staffable(const Model& m, const GenTask& t) {
  int need = 0;
  for (const auto& [r, k] : t.needs) need += k;
  std::set<std::string> can;
  for (const GenPerson& p : m.people)
    for (const std::string& r : p.roles)
      if (t.needs.count(r) > 0) can.insert(p.id);
  return static_cast<int>(can.size()) >= need + static_cast<int>(t.assignee.size()) + 1;
}

TEST(Leveller, RandomPlansAreFeasible) {
  std::mt19937 rng(20270104);
  int levelled = 0;
  for (int round = 0; round < 200; ++round) {
    Model m = RandomModel(rng);
    for (GenTask& t : m.tasks)
      if (!t.needs.empty() && !Staffable(m, t)) t.needs.clear();
    const Levelled s = Level(m, 300, round);
    ASSERT_EQ(Violation(m, s), "") << m.Yaml();
    ++levelled;
  }
  EXPECT_EQ(levelled, 200);
}

TEST(Leveller, CheckerCatchesADoubleBooking) {
  Model m;
  m.roles = {"dev"};
  m.people = {{"ann", {"dev"}, {}}};
  m.tasks = {GenTask{3, {}, {{"dev", 1}}, {}, -1, -1}, GenTask{2, {}, {{"dev", 1}}, {}, -1, -1}};
  Levelled s = Level(m, 50, 1);
  ASSERT_EQ(Violation(m, s), "");
  EXPECT_EQ(s.finish, 5);  // one person: one task after the other
  s.es[1] = s.es[0];       // the checker must see a forced overlap
  EXPECT_NE(Violation(m, s), "");
}

TEST(Leveller, DaysOffAreRespected) {
  Model m;
  m.roles = {"dev"};
  m.people = {{"ann", {"dev"}, {{1, 2}}}};  // off on days 1..2
  m.tasks = {GenTask{3, {}, {{"dev", 1}}, {}, -1, -1}};
  const Levelled s = Level(m, 50, 1);
  EXPECT_EQ(Violation(m, s), "");
  EXPECT_EQ(s.es[0], 3);  // no 3-day gap before the leave: after it
  EXPECT_EQ(s.assigned[0], std::vector<std::string>{"ann"});
}

TEST(Leveller, FixedAssigneeIsKeptAndWaitedFor) {
  Model m;
  m.roles = {"dev"};
  m.people = {{"ann", {"dev"}, {}}, {"bob", {"dev"}, {}}};
  // t0 needs a dev; t1 is fixed to ann; t2 needs both devs.
  m.tasks = {GenTask{4, {}, {}, {"ann"}, -1, -1}, GenTask{2, {}, {}, {"ann"}, -1, -1},
             GenTask{1, {}, {{"dev", 2}}, {}, -1, -1}};
  const Levelled s = Level(m, 100, 1);
  EXPECT_EQ(Violation(m, s), "");
  EXPECT_EQ(s.assigned[0], std::vector<std::string>{"ann"});
  EXPECT_EQ(s.assigned[1], std::vector<std::string>{"ann"});
  EXPECT_EQ(s.finish, 7);  // ann works 4 + 2 + 1 days in a row
}

TEST(Leveller, SeveralRolesPerTask) {
  Model m;
  m.roles = {"dev", "ops"};
  m.people = {{"ann", {"dev"}, {}}, {"bob", {"dev", "ops"}, {}}, {"cid", {"ops"}, {}}};
  m.tasks = {GenTask{2, {}, {{"dev", 2}, {"ops", 1}}, {}, -1, -1},
             GenTask{3, {}, {{"ops", 1}}, {}, -1, -1}};
  const Levelled s = Level(m, 100, 1);
  EXPECT_EQ(Violation(m, s), "");
  EXPECT_EQ(s.assigned[0].size(), 3u);  // ann and bob as devs, cid for ops
  EXPECT_EQ(s.finish, 5);
}

TEST(Leveller, DeadlineLevellingCannotKeepShowsNegativeFloat) {
  Model m;
  m.roles = {"dev"};
  m.people = {{"ann", {"dev"}, {}}};
  // Both due by the end of day index 6 (7 working days); ann needs 10.
  m.tasks = {GenTask{5, {}, {{"dev", 1}}, {}, -1, 6}, GenTask{5, {}, {{"dev", 1}}, {}, -1, 6}};
  const Levelled s = Level(m, 100, 1);
  EXPECT_EQ(Violation(m, s), "");
  EXPECT_EQ(s.finish, 10);
  const int late = s.es[0] > s.es[1] ? 0 : 1;
  EXPECT_EQ(s.total_float[late], 7 - 10);  // lf = 7 by the deadline, ef = 10
  EXPECT_EQ(s.total_float[1 - late], 7 - 5);
}

TEST(Leveller, KeepsADeadlineWhenTheOrderAllows) {
  Model m;
  m.roles = {"dev"};
  m.people = {{"ann", {"dev"}, {}}};
  // Plan order puts the task without a deadline first; levelling swaps them.
  m.tasks = {GenTask{5, {}, {{"dev", 1}}, {}, -1, -1}, GenTask{5, {}, {{"dev", 1}}, {}, -1, 6}};
  const Levelled s = Level(m, 100, 1);
  EXPECT_EQ(Violation(m, s), "");
  EXPECT_EQ(s.es[1], 0);
  EXPECT_GE(s.total_float[1], 0);
}

TEST(Leveller, LinksAndNotBeforeHoldUnderLevelling) {
  Model m;
  m.roles = {"dev"};
  m.people = {{"ann", {"dev"}, {}}};
  GenTask a{3, {}, {{"dev", 1}}, {}, -1, -1};
  GenTask b{2, {{0, 1, -1}}, {}, {}, 4, -1};     // SS -1 after a, not before day 4
  GenTask c{2, {{1, 2, 2}}, {{"dev", 1}}, {}, -1, -1};  // FF +2 after b
  m.tasks = {a, b, c};
  const Levelled s = Level(m, 100, 1);
  EXPECT_EQ(Violation(m, s), "");
  EXPECT_EQ(s.es[1], 4);
  EXPECT_GE(s.es[2] + 2, s.es[1] + 2 + 2);
}

TEST(Leveller, SameSeedSameScheduleOtherSeedStillFeasible) {
  std::mt19937 rng(7);
  Model m = RandomModel(rng);
  for (GenTask& t : m.tasks)
    if (!t.needs.empty() && !Staffable(m, t)) t.needs.clear();
  const Levelled a = Level(m, 500, 42);
  const Levelled b = Level(m, 500, 42);
  EXPECT_EQ(a.es, b.es);
  EXPECT_EQ(a.assigned, b.assigned);
  const Levelled c = Level(m, 500, 43);
  EXPECT_EQ(Violation(m, c), "");
}

TEST(Leveller, RefusesPeopleThatCannotBeFoundTogether) {
  Result<Plan> plan = ReadPlan("x.yaml",
                               "plan: x\nstart: 2027-01-04\nroles: {a: {}, b: {}}\n"
                               "people:\n  - {id: p, roles: [a, b]}\n"
                               "tasks:\n  - {id: t, duration: 2, needs: {a: 1, b: 1}}\n");
  ASSERT_TRUE(plan.ok());
  Result<Network> net = BuildNetwork(plan.value(), IndexTasks(plan.value()));
  WorkCalendar cal(plan.value().calendar, plan.value().start);
  Result<LevelledSchedule> r = LevelPlan(plan.value(), net.value(), cal, LevelOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.errors()[0].message.find("'t'"), std::string::npos);
}

// A tiny .sm text: two jobs of 3 days each need 2 of the 3 units of R1, so
// they cannot overlap; a third needs R2 and may run beside them.
const char kTinySm[] = R"(************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  5
horizon                       :  8
RESOURCES
  - renewable                 :  2   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      3      0       8        0        3
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          3           2   3   4
   2        1          1           5
   3        1          1           5
   4        1          1           5
   5        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1  R 2
------------------------------------------------------------------------
  1      1     0       0    0
  2      1     3       2    0
  3      1     3       2    0
  4      1     2       0    1
  5      1     0       0    0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1  R 2
    3    1
************************************************************************
)";

TEST(Leveller, ImportsATinyPsplibInstanceAndLevelsIt) {
  Result<PsplibInstance> inst = ParsePsplib(kTinySm);
  ASSERT_TRUE(inst.ok()) << inst.errors()[0].message;
  EXPECT_EQ(inst.value().jobs, 5);
  EXPECT_EQ(inst.value().mpm_time, 3);
  const std::string yaml = PsplibPlanYaml(inst.value(), PsplibPlanId("dir/tiny_1.sm"));
  EXPECT_NE(yaml.find("plan: tiny_1\n"), std::string::npos);
  EXPECT_NE(yaml.find("workdays: [mon, tue, wed, thu, fri, sat, sun]"), std::string::npos);
  EXPECT_NE(yaml.find("{id: R1-3, roles: [R1]}"), std::string::npos);
  EXPECT_NE(yaml.find("needs: {R1: 2}"), std::string::npos);
  Result<Plan> plan = ReadPlan("tiny.yaml", yaml);
  ASSERT_TRUE(plan.ok()) << plan.errors()[0].message << "\n" << yaml;
  EXPECT_EQ(plan.value().tasks[4].id, "j5");
  Result<Network> net = BuildNetwork(plan.value(), IndexTasks(plan.value()));
  WorkCalendar cal(plan.value().calendar, plan.value().start);
  Result<LevelledSchedule> r = LevelPlan(plan.value(), net.value(), cal, LevelOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().schedule.finish, 6);  // the optimum: j2 then j3
  EXPECT_EQ(r.value().unlevelled_finish, 3);
  EXPECT_EQ(r.value().assigned[1].size(), 2u);
}

TEST(Leveller, PsplibParserPointsAtTheBadLine) {
  std::string bad = kTinySm;
  bad.replace(bad.find("   2        1          1           5"), 36,
              "   2        1          1           1");
  Result<PsplibInstance> inst = ParsePsplib(bad);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.errors()[0].loc.line, 17);
  EXPECT_NE(inst.errors()[0].message.find("not a later job"), std::string::npos);
}

// A plan's levelling problem, built by the real reader and BuildLevelProblem.
struct Built {
  Plan plan;
  Network net;
  LevelProblem problem;
};

bool Build(const Model& m, Built* out) {
  Result<Plan> plan = ReadPlan("gen.yaml", m.Yaml());
  if (!plan.ok()) return false;
  out->plan = std::move(plan.value());
  Result<Network> net = BuildNetwork(out->plan, IndexTasks(out->plan));
  if (!net.ok()) return false;
  out->net = std::move(net.value());
  WorkCalendar cal(out->plan.calendar, out->plan.start);
  Result<LevelProblem> p = BuildLevelProblem(out->plan, out->net, cal);
  if (!p.ok()) return false;
  out->problem = std::move(p.value());
  return true;
}

// The forward schedule of |list| with its people, as the checker reads it.
Levelled Scheduled(const Built& b, const std::vector<int>& list) {
  SerialSgs sgs(b.problem);
  std::vector<int> es;
  std::vector<std::vector<int>> people;
  const int span = sgs.Run(list, &es, &people);
  if (b.problem.pool) people = AssignPool(b.problem, es);
  Levelled out;
  out.es.resize(b.plan.tasks.size());
  out.assigned.resize(b.plan.tasks.size());
  for (int v = 0; v < b.problem.n; ++v) {
    const size_t task = b.net.node_task[v];
    out.es[task] = es[v];
    for (int q : people[v]) out.assigned[task].push_back(b.plan.people[q].id);
  }
  out.finish = span;
  return out;
}

TEST(Justification, NeverWorsensAScheduleAndKeepsItFeasible) {
  std::mt19937 rng(20261201);
  int improved = 0, checked = 0;
  for (int round = 0; round < 300; ++round) {
    Model m = RandomModel(rng);
    for (GenTask& t : m.tasks)
      if (!t.needs.empty() && !Staffable(m, t)) t.needs.clear();
    Built b;
    ASSERT_TRUE(Build(m, &b)) << m.Yaml();
    const LevelProblem& p = b.problem;
    // A random activity list (random priorities, made topological).
    std::vector<double> prio(p.n);
    for (double& x : prio) x = std::uniform_real_distribution<double>(0, 1)(rng);
    std::vector<int> list = ListFromPriorities(p, prio);
    SerialSgs sgs(p);
    std::vector<int> es;
    int span = sgs.Run(list, &es);
    long late = p.Tardiness(es);
    Justifier justify(p, span);
    for (int pass = 0; pass < 4; ++pass) {
      const int span_before = span;
      const long late_before = late;
      const std::vector<int> es_before = es;
      const bool better = justify.Improve(&list, &es, &span, &late);
      if (better) {
        ++improved;
        ASSERT_TRUE(late < late_before || (late == late_before && span < span_before));
      } else {
        ASSERT_EQ(es, es_before);
        ASSERT_EQ(span, span_before);
        ASSERT_EQ(late, late_before);
      }
      // What it hands back is the forward schedule of the list it hands back.
      const Levelled s = Scheduled(b, list);
      std::vector<int> by_node(p.n);
      for (int v = 0; v < p.n; ++v) by_node[v] = s.es[b.net.node_task[v]];
      ASSERT_EQ(by_node, es);
      ASSERT_EQ(s.finish, span);
      ASSERT_EQ(Violation(m, s), "") << m.Yaml();
      ++checked;
    }
  }
  EXPECT_EQ(checked, 1200);
  EXPECT_GT(improved, 30);  // it does improve random orders, often
}

TEST(Justification, ClosesTheGapAnUnluckyOrderLeaves) {
  // ann does x and y; z follows y and needs bob. In the order x, y, z the
  // forward scheme runs x, y, z one after the other (6 days); justified, y
  // goes first and x runs beside z (4 days).
  Model m;
  m.roles = {"dev", "ops"};
  m.people = {{"ann", {"dev"}, {}}, {"bob", {"ops"}, {}}};
  m.tasks = {GenTask{2, {}, {{"dev", 1}}, {}, -1, -1}, GenTask{2, {}, {{"dev", 1}}, {}, -1, -1},
             GenTask{2, {{1, 0, 0}}, {{"ops", 1}}, {}, -1, -1}};
  Built b;
  ASSERT_TRUE(Build(m, &b));
  const LevelProblem& p = b.problem;
  std::vector<int> node_of(p.n);
  for (int v = 0; v < p.n; ++v) node_of[b.net.node_task[v]] = v;
  std::vector<int> list = {node_of[0], node_of[1], node_of[2]};
  SerialSgs sgs(p);
  std::vector<int> es;
  int span = sgs.Run(list, &es);
  long late = p.Tardiness(es);
  ASSERT_EQ(span, 6);
  Justifier justify(p, span);
  ASSERT_TRUE(justify.Improve(&list, &es, &span, &late));
  EXPECT_EQ(span, 4);
  EXPECT_EQ(es[node_of[1]], 0);
  EXPECT_EQ(es[node_of[0]], 2);
  EXPECT_EQ(es[node_of[2]], 2);
  EXPECT_EQ(Violation(m, Scheduled(b, list)), "");
  // A schedule that is already tight stays as it is.
  EXPECT_FALSE(justify.Improve(&list, &es, &span, &late));
  EXPECT_EQ(span, 4);
}

TEST(Justification, KeepsADeadlineOverAShorterProject) {
  // ann: t0 (1 day) and t1 (3 days, due by the end of day index 2). In the
  // order t0, t1 the deadline is missed by a day; justified, t1 goes first
  // (the deadline is a release in reversed time) and is on time, although
  // the project is no shorter.
  Model m;
  m.roles = {"dev"};
  m.people = {{"ann", {"dev"}, {}}};
  m.tasks = {GenTask{1, {}, {{"dev", 1}}, {}, -1, -1}, GenTask{3, {}, {{"dev", 1}}, {}, -1, 2}};
  Built b;
  ASSERT_TRUE(Build(m, &b));
  const LevelProblem& p = b.problem;
  std::vector<int> node_of(p.n);
  for (int v = 0; v < p.n; ++v) node_of[b.net.node_task[v]] = v;
  std::vector<int> list = {node_of[0], node_of[1]};  // the deadline missed by one day
  SerialSgs sgs(p);
  std::vector<int> es;
  int span = sgs.Run(list, &es);
  long late = p.Tardiness(es);
  ASSERT_EQ(late, 1);
  Justifier justify(p, span);
  ASSERT_TRUE(justify.Improve(&list, &es, &span, &late));
  EXPECT_EQ(late, 0);
  EXPECT_EQ(span, 4);
  EXPECT_EQ(es[node_of[1]], 0);
  EXPECT_EQ(Violation(m, Scheduled(b, list)), "");
}

TEST(Search, StopsAtTheLowerBound) {
  // A chain: the first schedule is the critical path; and four tasks of one
  // person: 8 days of work for her, no order is shorter. None of them needs the
  // 5,000 schedules it may use.
  Model chain;
  chain.roles = {"dev"};
  chain.people = {{"ann", {"dev"}, {}}, {"bob", {"dev"}, {}}};
  for (int i = 0; i < 6; ++i) {
    GenTask t{2, {}, {{"dev", 1}}, {}, -1, -1};
    if (i > 0) t.after.push_back({i - 1, 0, 0});
    chain.tasks.push_back(t);
  }
  Model busy;
  busy.roles = {"dev"};
  busy.people = {{"ann", {"dev"}, {}}};
  for (int i = 0; i < 4; ++i) busy.tasks.push_back(GenTask{2, {}, {{"dev", 1}}, {}, -1, -1});
  // The person model: three tasks fixed to ann and one for bob, a day off
  // for bob: ann's own 6 days are the bound.
  Model own;
  own.roles = {"dev"};
  own.people = {{"ann", {"dev"}, {}}, {"bob", {"dev"}, {{0, 0}}}};
  for (int i = 0; i < 3; ++i) own.tasks.push_back(GenTask{2, {}, {}, {"ann"}, -1, -1});
  own.tasks.push_back(GenTask{2, {}, {{"dev", 1}}, {}, -1, -1});
  for (const Model* m : {&chain, &busy, &own}) {
    Built b;
    ASSERT_TRUE(Build(*m, &b));
    EXPECT_EQ(b.problem.pool, m != &own);
    SearchOptions o;
    o.effort = 5000;
    SearchStats stats;
    const LevelSolution sol = SearchSchedule(b.problem, o, &stats);
    EXPECT_EQ(sol.makespan, m == &chain ? 12 : m == &busy ? 8 : 6);
    EXPECT_LT(stats.schedules, 10);
  }
  // Two tasks of 3 days for ann, both due by the end of day index 1: a
  // deadline is missed whatever the order, so the search uses all its effort.
  Model late;
  late.roles = {"dev"};
  late.people = {{"ann", {"dev"}, {}}};
  late.tasks = {GenTask{3, {}, {{"dev", 1}}, {}, -1, 1}, GenTask{3, {}, {{"dev", 1}}, {}, -1, 1}};
  Built b;
  ASSERT_TRUE(Build(late, &b));
  SearchOptions o;
  o.effort = 300;
  SearchStats stats;
  SearchSchedule(b.problem, o, &stats);
  EXPECT_EQ(stats.schedules, 300);  // a deadline is missed whatever the order: all of the effort
}

TEST(PeakCrossover, GivesAFeasibleTopologicalPermutationOnRandomPlans) {
  std::mt19937 rng(20261202);
  int crossed = 0;
  for (int round = 0; round < 300; ++round) {
    Model m = RandomModel(rng);
    for (GenTask& t : m.tasks)
      if (!t.needs.empty() && !Staffable(m, t)) t.needs.clear();
    Built b;
    ASSERT_TRUE(Build(m, &b)) << m.Yaml();
    const LevelProblem& p = b.problem;
    auto random_list = [&] {
      std::vector<double> prio(p.n);
      for (double& x : prio) x = std::uniform_real_distribution<double>(0, 1)(rng);
      return ListFromPriorities(p, prio);
    };
    const std::vector<int> mother = random_list(), father = random_list();
    SerialSgs sgs(p);
    std::vector<int> es;
    const int span = sgs.Run(mother, &es);
    const int window = std::uniform_int_distribution<int>(1, std::max(1, span))(rng);
    const std::vector<int> child = PeakCrossover(p, mother, es, father, window);
    // A permutation of all nodes in which every link goes forward.
    std::vector<int> at(p.n, -1);
    ASSERT_EQ(static_cast<int>(child.size()), p.n);
    for (int i = 0; i < p.n; ++i) {
      ASSERT_TRUE(child[i] >= 0 && child[i] < p.n);
      ASSERT_EQ(at[child[i]], -1) << "node twice";
      at[child[i]] = i;
    }
    for (int v = 0; v < p.n; ++v)
      for (const LevelArc& a : p.preds[v]) ASSERT_LT(at[a.node], at[v]) << m.Yaml();
    // Its schedule passes the independent checker.
    ASSERT_EQ(Violation(m, Scheduled(b, child)), "") << m.Yaml();
    ++crossed;
  }
  EXPECT_EQ(crossed, 300);
}

TEST(PeakCrossover, TakesTheBusiestWindowFromTheMother) {
  // Three people of one role, no links. The mother (a, b, x, c, d) runs a,
  // b and x (2 days each) side by side on days 0-1, everybody busy, then c
  // and d (1 day each) on day 2, two of three busy. The father's order is
  // d, c, x, b, a. With a 2-day window the busiest is days 0-1: the child
  // takes a, b, x in the mother's order, then c and d in the father's: d, c.
  Model m;
  m.roles = {"dev"};
  m.people = {{"ann", {"dev"}, {}}, {"bob", {"dev"}, {}}, {"eve", {"dev"}, {}}};
  for (int dur : {2, 2, 2, 1, 1}) m.tasks.push_back(GenTask{dur, {}, {{"dev", 1}}, {}, -1, -1});
  Built b;
  ASSERT_TRUE(Build(m, &b));
  const LevelProblem& p = b.problem;
  ASSERT_TRUE(p.pool);
  std::vector<int> node_of(p.n);
  for (int v = 0; v < p.n; ++v) node_of[b.net.node_task[v]] = v;
  const int a = node_of[0], bb = node_of[1], x = node_of[2], c = node_of[3], d = node_of[4];
  const std::vector<int> mother = {a, bb, x, c, d};
  const std::vector<int> father = {d, c, x, bb, a};
  SerialSgs sgs(p);
  std::vector<int> es;
  ASSERT_EQ(sgs.Run(mother, &es), 3);
  ASSERT_EQ(es[c], 2);
  EXPECT_EQ(PeakCrossover(p, mother, es, father, 2), (std::vector<int>{a, bb, x, d, c}));
  // A window over the whole schedule gives the mother back.
  EXPECT_EQ(PeakCrossover(p, mother, es, father, 3), mother);
  // Crossed the other way: the father's schedule runs d, c, x on day 0 and
  // b, a from day 1 (x still busy); days 0 and 1 are equally busy, the first
  // 1-day window wins: d, c, x in his order, then b and a in the mother's.
  std::vector<int> es_father;
  ASSERT_EQ(sgs.Run(father, &es_father), 3);
  ASSERT_EQ(es_father[bb], 1);
  EXPECT_EQ(PeakCrossover(p, father, es_father, mother, 1), (std::vector<int>{d, c, x, a, bb}));
}

TEST(Search, IndependentRunsAreNeverWorseThanTheirFirstAndDeterministic) {
  std::mt19937 rng(20261203);
  for (int round = 0; round < 40; ++round) {
    Model m = RandomModel(rng);
    for (GenTask& t : m.tasks)
      if (!t.needs.empty() && !Staffable(m, t)) t.needs.clear();
    Built b;
    ASSERT_TRUE(Build(m, &b)) << m.Yaml();
    SearchOptions one;
    one.effort = 150;
    one.seed = 7 + round;
    SearchStats one_stats;
    const LevelSolution first = SearchSchedule(b.problem, one, &one_stats);
    SearchOptions split = one;
    split.effort = 600;
    split.run_length = 150;  // four runs, the first of them the one above
    SearchStats split_stats;
    const LevelSolution best = SearchSchedule(b.problem, split, &split_stats);
    ASSERT_TRUE(best.feasible);
    EXPECT_LE(split_stats.runs, 4);
    EXPECT_LE(split_stats.schedules, 600);
    ASSERT_TRUE(best.tardiness < first.tardiness ||
                (best.tardiness == first.tardiness && best.makespan <= first.makespan))
        << m.Yaml();
    const LevelSolution again = SearchSchedule(b.problem, split, nullptr);
    EXPECT_EQ(again.es, best.es);
    EXPECT_EQ(again.people, best.people);
    // The schedule it returns is feasible by the independent checker.
    Levelled s;
    s.es.resize(b.plan.tasks.size());
    s.assigned.resize(b.plan.tasks.size());
    for (int v = 0; v < b.problem.n; ++v) {
      const size_t task = b.net.node_task[v];
      s.es[task] = best.es[v];
      for (int q : best.people[v]) s.assigned[task].push_back(b.plan.people[q].id);
    }
    s.finish = best.makespan;
    ASSERT_EQ(Violation(m, s), "") << m.Yaml();
  }
}

}  // namespace
}  // namespace rollout
