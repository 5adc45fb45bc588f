// The levelled forecast (engine/level_forecast.h). The checker below reads
// only the returned offsets and names: it counts, per person and per
// working-day offset, the tasks that person works on, and checks links with
// its own formulas; it shares no code with the scheduler.
#include "engine/level_forecast.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine/forecast.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

struct Fixture {
  Plan plan;
  Network net;
  std::unique_ptr<WorkCalendar> cal;
  Progress progress;

  explicit Fixture(const std::string& yaml) {
    Result<Plan> r = ReadPlan("p.yaml", yaml);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.errors()[0].message);
    plan = std::move(r.value());
    net = std::move(BuildNetwork(plan, IndexTasks(plan)).value());
    cal = std::make_unique<WorkCalendar>(plan.calendar, plan.start);
  }
  static Date D(const std::string& text) {
    Date d = 0;
    EXPECT_TRUE(ParseDate(text, &d)) << text;
    return d;
  }
  int Index(const std::string& id) const { return plan.FindTask(id); }
  LevelledSchedule Level() const {
    LevelOptions o;
    o.effort = 400;
    Result<LevelledSchedule> r = LevelPlan(plan, net, *cal, o);
    EXPECT_TRUE(r.ok());
    return r.value();
  }
  static LevelledBaseline BaselineOf(const LevelledSchedule& l) {
    LevelledBaseline b;
    for (size_t i = 0; i < l.assigned.size(); ++i) {
      b.people.push_back(l.assigned[i]);
      b.es.push_back(l.schedule.tasks[i].es);
    }
    return b;
  }
  LevelledSchedule Forecast(const LevelledBaseline& b, Date today) const {
    Result<LevelledSchedule> r = LevelForecast(plan, net, *cal, progress, today, b);
    EXPECT_TRUE(r.ok());
    return r.value();
  }
  void Done(const std::string& id, Date start, Date finish) {
    TaskProgress& p = progress.tasks[id];
    p.state = TaskState::kDone;
    p.started = start;
    p.finished = finish;
  }
  void Started(const std::string& id, Date start) {
    TaskProgress& p = progress.tasks[id];
    p.state = TaskState::kStarted;
    p.started = start;
  }
  bool Recorded(int task) const { return progress.tasks.count(plan.tasks[task].id) > 0; }
};

// Per person and day: how many tasks not recorded in |f.progress| that
// person works on, plus the recorded ones (which reality may overlap).
// Returns the first double booking that involves a task not recorded.
std::string DoubleBooking(const Fixture& f, const LevelledSchedule& s) {
  std::map<std::pair<std::string, int>, std::vector<int>> day;
  for (size_t i = 0; i < f.plan.tasks.size(); ++i) {
    if (f.plan.tasks[i].is_group) continue;
    const TaskTimes& x = s.schedule.tasks[i];
    for (const std::string& who : s.assigned[i])
      for (int d = x.es; d < x.ef; ++d) day[{who, d}].push_back(static_cast<int>(i));
  }
  for (const auto& [key, tasks] : day) {
    int free_tasks = 0;
    for (int t : tasks) free_tasks += f.Recorded(t) ? 0 : 1;
    if (tasks.size() > 1 && free_tasks > 0)
      return key.first + " on day " + std::to_string(key.second) + " works on " +
             std::to_string(tasks.size()) + " tasks";
  }
  return "";
}

constexpr const char* kTeam = R"(plan: p
start: 2027-01-11
roles: {worker: {name: W}, lead: {name: L}}
people:
  - {id: boss, roles: [lead]}
  - {id: anna, roles: [worker]}
tasks:
  - {id: a, duration: 3, needs: {worker: 1}}
  - {id: b, duration: 2, after: [a], needs: {worker: 1}}
  - {id: c, duration: 4, needs: {worker: 1}}
  - {id: d, duration: 1, after: [b, c], needs: {lead: 1}}
)";

TEST(LevelForecast, NothingRecordedGivesTheLevelledBaselineBack) {
  Fixture f(kTeam);
  const LevelledSchedule base = f.Level();
  const LevelledSchedule fc = f.Forecast(Fixture::BaselineOf(base), Fixture::D("2027-01-08"));
  for (size_t i = 0; i < f.plan.tasks.size(); ++i) {
    EXPECT_EQ(fc.schedule.tasks[i].es, base.schedule.tasks[i].es) << f.plan.tasks[i].id;
    EXPECT_EQ(fc.schedule.tasks[i].ef, base.schedule.tasks[i].ef) << f.plan.tasks[i].id;
    EXPECT_EQ(fc.assigned[i], base.assigned[i]) << f.plan.tasks[i].id;
  }
  EXPECT_EQ(fc.schedule.finish, 10);  // anna works 3 + 2 + 4 days, then d
}

TEST(LevelForecast, LateStartPushesSuccessorsAndThePersonsLaterWork) {
  Fixture f(kTeam);
  const LevelledSchedule base = f.Level();
  // anna starts a on Wednesday (offset 2) instead of Monday; today is Friday.
  f.Started("a", Fixture::D("2027-01-13"));
  const LevelledSchedule fc = f.Forecast(Fixture::BaselineOf(base), Fixture::D("2027-01-15"));
  const TaskTimes& a = fc.schedule.tasks[f.Index("a")];
  EXPECT_EQ(a.es, 2);
  EXPECT_EQ(a.ef, 5);
  const TaskTimes& b = fc.schedule.tasks[f.Index("b")];
  const TaskTimes& c = fc.schedule.tasks[f.Index("c")];
  EXPECT_GE(b.es, 5);  // after a
  EXPECT_GE(c.es, 5);  // anna is busy with a until then, though c has no link to a
  EXPECT_TRUE(b.ef <= c.es || c.ef <= b.es) << "b and c overlap for anna";
  EXPECT_EQ(fc.schedule.finish, 5 + 2 + 4 + 1);
  EXPECT_EQ(DoubleBooking(f, fc), "");
  // The plain forecast puts c on today (offset 4), on top of anna's a.
  const Schedule plain =
      ComputeForecast(f.plan, f.net, *f.cal, f.progress, Fixture::D("2027-01-15"));
  EXPECT_EQ(plain.tasks[f.Index("c")].es, 4);
  EXPECT_LT(plain.finish, fc.schedule.finish);
}

TEST(LevelForecast, OverlappingActualsAreTakenAsGiven) {
  Fixture f(kTeam);
  const LevelledSchedule base = f.Level();
  // anna did a and c at the same time (reality wins), and started b.
  f.Done("a", Fixture::D("2027-01-11"), Fixture::D("2027-01-13"));
  f.Done("c", Fixture::D("2027-01-11"), Fixture::D("2027-01-14"));
  f.Started("b", Fixture::D("2027-01-12"));
  const LevelledSchedule fc = f.Forecast(Fixture::BaselineOf(base), Fixture::D("2027-01-18"));
  EXPECT_EQ(fc.schedule.tasks[f.Index("a")].es, 0);
  EXPECT_EQ(fc.schedule.tasks[f.Index("a")].ef, 3);
  EXPECT_EQ(fc.schedule.tasks[f.Index("c")].ef, 4);
  EXPECT_EQ(fc.schedule.tasks[f.Index("b")].es, 1);
  EXPECT_EQ(fc.schedule.tasks[f.Index("b")].ef, 6);  // runs until tomorrow (t = 5)
  EXPECT_EQ(fc.assigned[f.Index("c")], std::vector<std::string>{"anna"});
  EXPECT_GE(fc.schedule.tasks[f.Index("d")].es, 6);
}

// Random plans: level, record random actuals, forecast; the checker's rules.
std::string RandomPlan(std::mt19937& rng, int n) {
  std::string y = R"(plan: r
start: 2027-01-11
roles: {x: {name: X}, y: {name: Y}, lead: {name: L}}
people:
  - {id: boss, roles: [lead]}
  - {id: p1, roles: [x]}
  - {id: p2, roles: [x]}
  - {id: p3, roles: [x, y]}
  - {id: p4, roles: [y], off: ["2027-01-20..2027-01-22"]}
tasks:
)";
  for (int i = 0; i < n; ++i) {
    y += "  - {id: t" + std::to_string(i) + ", duration: " + std::to_string(1 + rng() % 4);
    if (i > 0 && rng() % 2 == 0) {
      const char* types[] = {"FS", "SS", "FF", "SF"};
      y += ", after: [{task: t" + std::to_string(rng() % i) + ", type: " + types[rng() % 4] +
           ", lag: " + std::to_string(static_cast<int>(rng() % 3) - 1) + "}]";
    }
    const int kind = static_cast<int>(rng() % 4);
    if (kind == 0) y += ", needs: {x: 1}";
    if (kind == 1) y += ", needs: {x: 2}";
    if (kind == 2) y += ", needs: {y: 1}";
    if (kind == 3) y += ", needs: {x: 1, y: 1}";
    y += "}\n";
  }
  return y;
}

// Lower bound of |s| from the link |pred| -> |s| (plan-format.md §3).
bool LinkHolds(const TaskTimes& p, const TaskTimes& s, const Link& l) {
  switch (l.type) {
    case LinkType::kFS:
      return s.es >= p.ef + l.lag;
    case LinkType::kSS:
      return s.es >= p.es + l.lag;
    case LinkType::kFF:
      return s.ef >= p.ef + l.lag;
    case LinkType::kSF:
      return s.ef >= p.es + l.lag;
  }
  return false;
}

TEST(LevelForecast, RandomActualsStayAndNobodyIsDoubleBookedAmongTheRest) {
  std::mt19937 rng(7);
  for (int round = 0; round < 25; ++round) {
    const std::string yaml = RandomPlan(rng, 12 + round % 10);
    Fixture f(yaml);
    const LevelledSchedule base = f.Level();
    const int today_offset = 2 + static_cast<int>(rng() % 10);
    const Date today = f.cal->DateOf(today_offset);
    for (size_t i = 0; i < f.plan.tasks.size(); ++i) {
      const TaskTimes& x = base.schedule.tasks[i];
      if (x.es >= today_offset || rng() % 3 == 0) continue;
      const int slip = static_cast<int>(rng() % 3);  // started 0-2 days late
      const int start = std::min(today_offset, x.es + slip);
      const int finish = start + (x.ef - x.es) + static_cast<int>(rng() % 3) - 1;
      if (finish < today_offset && rng() % 2 == 0) {
        f.Done(f.plan.tasks[i].id, f.cal->DateOf(start), f.cal->DateOf(std::max(start, finish)));
      } else {
        f.Started(f.plan.tasks[i].id, f.cal->DateOf(start));
      }
    }
    const LevelledSchedule fc = f.Forecast(Fixture::BaselineOf(base), today);
    const CpmInput actual = ForecastInput(f.plan, f.net, *f.cal, f.progress, today);
    EXPECT_EQ(DoubleBooking(f, fc), "") << "round " << round << "\n" << yaml;
    for (size_t i = 0; i < f.plan.tasks.size(); ++i) {
      const Task& t = f.plan.tasks[i];
      const TaskTimes& x = fc.schedule.tasks[i];
      const int v = f.net.task_node[i];
      if (f.Recorded(static_cast<int>(i))) {
        EXPECT_EQ(x.es, actual.fixed_es[v]) << t.id;
        EXPECT_EQ(x.ef - x.es, actual.duration[v]) << t.id;
        EXPECT_EQ(fc.assigned[i], base.assigned[i]) << t.id << ": people of actuals stay";
        continue;
      }
      EXPECT_GE(x.es, today_offset) << t.id;
      for (const Link& l : t.after) {
        const int p = f.plan.FindTask(l.task);
        EXPECT_TRUE(LinkHolds(fc.schedule.tasks[p], x, l)) << l.task << " -> " << t.id;
      }
      // p4 is off on offsets 7..9 (20-22 January).
      for (const std::string& who : fc.assigned[i]) {
        if (who == "p4") {
          EXPECT_TRUE(x.ef <= 7 || x.es >= 10 || x.ef == x.es) << t.id;
        }
      }
    }
  }
}

}  // namespace
}  // namespace rollout
