#include "tests/cli/db_fixture.h"

#include <gtest/gtest.h>

namespace rollout::testing {

const char* const kDbTestPlan = R"(plan: p
title: "Тестовый план"
start: 2027-01-11
timezone: Europe/Moscow
roles: {lead: {name: Lead}, manager: {name: Manager}}
people:
  - {id: boss, name: "Иван \"Босс\"; Иванов", roles: [lead]}
  - {id: petrova, name: "Мария Петрова", roles: [manager]}
  - {id: sidorov, name: Sidorov, roles: [manager]}
metrics: {checked: {name: "Проверено"}}
tasks:
  - {id: a, name: "Аудит; \"продаж\" 'x' -- DROP TABLE", duration: 3, assignee: petrova}
  - {id: b, duration: 2, after: [a], assignee: sidorov}
  - {id: g, after: [b], gate: {approve: [lead], metrics: [{metric: checked, min: 1}]}}
  - {id: c, duration: 4, after: [g], needs: {manager: 1}}
  - id: grp
    tasks:
      - {id: d, duration: 1, after: [a], assignee: petrova}
  - {id: e, duration: 2}
)";

DbFixture::DbFixture(Backend backend) : database_(backend), db_(database_.location()) {
  RunResult r = As("boss", {"load", WritePlan("plan.yaml", kDbTestPlan)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

RunResult DbFixture::Run(std::vector<std::string> args,
                         const std::vector<std::string>& env) const {
  args.insert(args.begin(), {"--db", db_, "--now", now});
  return Rollout(args, env);
}

RunResult DbFixture::As(const std::string& person, std::vector<std::string> args) const {
  args.insert(args.begin(), {"--as", person});
  return Run(args);
}

nlohmann::json DbFixture::Tasks() const {
  RunResult r = As("boss", {"tasks", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json byid = nlohmann::json::object();
  for (const auto& t : nlohmann::json::parse(r.out)) byid[t["id"].get<std::string>()] = t;
  return byid;
}

nlohmann::json DbFixture::Log() const {
  RunResult r = As("boss", {"log", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

std::string DbFixture::WritePlan(const std::string& name, const std::string& text) const {
  return dir_.Write(name, text);
}

void DbFixture::OkAt(const std::string& at, const std::string& person,
                     std::vector<std::string> args) {
  now = at;
  RunResult r = As(person, args);
  ASSERT_EQ(r.exit_code, 0) << args[0] << " " << (args.size() > 1 ? args[1] : "") << "\n"
                            << r.err;
}

}  // namespace rollout::testing
