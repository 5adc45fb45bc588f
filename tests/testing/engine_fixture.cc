#include "tests/testing/engine_fixture.h"

#include <gtest/gtest.h>

#include "app/load.h"
#include "app/scheduled_plan.h"
#include "engine/runtime/tz_time_zone.h"
#include "workflows/plan_reader.h"

namespace rollout::testing {

const char* const kEnginePlan = R"(plan: eng
start: 2027-01-11
timezone: UTC
roles: {lead: {name: Lead}, manager: {name: Manager}}
people:
  - {id: boss, roles: [lead]}
  - {id: ann, name: "Анна", roles: [manager]}
  - {id: bob, roles: [manager]}
metrics: {kpi: {name: "Проверено"}}
tasks:
  - {id: a, name: "Аудит", duration: 2, assignee: ann}
  - {id: g, after: [a], gate: {approve: [boss], metrics: [{metric: kpi, min: 5}]}}
  - {id: b, duration: 3, after: [g], needs: {manager: 1}, deadline: 2027-01-15}
)";

EngineFixture::EngineFixture(Backend backend, const std::string& plan)
    : database_(backend, "rollout.db"), db_(database_.location()) {
  const std::string path = dir_.Write("plan.yaml", plan);
  Result<Plan> read = ReadPlan(path, plan);
  EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.errors()[0].message);
  if (!read.ok()) return;
  ScheduledPlan s = SchedulePlan(std::move(read.value()));
  if (s.plan.levelled) {
    EXPECT_TRUE(LevelInPlace(&s, LevelRequest{}).ok());  // as `load` does
  }
  Result<std::unique_ptr<Store>> store = rollout::OpenStore(db_, OpenMode::kCreate);
  EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.errors()[0].message);
  if (!store.ok()) return;
  const Instant at = 1799582400;  // 2027-01-10T12:00Z
  Result<LoadOutcome> loaded = LoadPlanVersion(*store.value(), s,
                                               {plan, path, false, "boss", at},
                                               FormatInstant(FixedOffsetZone(0), at));
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.errors()[0].message);
}

std::unique_ptr<Store> EngineFixture::OpenStore() const {
  Result<std::unique_ptr<Store>> store = rollout::OpenStore(db_, OpenMode::kExisting);
  EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.errors()[0].message);
  return store.ok() ? std::move(store.value()) : nullptr;
}

RunResult EngineFixture::As(const std::string& person, const std::string& now,
                            std::vector<std::string> args) const {
  args.insert(args.begin(), {"--db", db_, "--now", now, "--as", person});
  return Rollout(args);
}

RunResult EngineFixture::Once(const std::string& now, std::vector<std::string> extra) const {
  std::vector<std::string> args{"engine", "--once"};
  args.insert(args.end(), extra.begin(), extra.end());
  return As("engine", now, args);
}

nlohmann::json EngineFixture::Alerts(const std::string& person) const {
  RunResult r = As(person, "2027-03-01T12:00", {"alerts", "--all", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::array();
}

}  // namespace rollout::testing
