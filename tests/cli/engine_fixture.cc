#include "tests/cli/engine_fixture.h"

#include <gtest/gtest.h>

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

EngineFixture::EngineFixture(const std::string& plan) : db_(dir_.path() + "/rollout.db") {
  RunResult r = As("boss", "2027-01-10T12:00", {"load", dir_.Write("plan.yaml", plan)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
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
