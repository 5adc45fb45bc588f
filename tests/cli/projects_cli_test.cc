// Many projects in one database through the real binary (cli.md "Many
// projects in one database"): load adds a project, --project and
// $ROLLOUT_PROJECT pick one, `rollout projects` lists them, and a command
// with several projects and none named exits 2 listing them. On both
// backends: many projects in one database is what PostgreSQL is for.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/testing/run_binary.h"
#include "tests/testing/test_db.h"

namespace rollout {
namespace {

using testing::Rollout;
using testing::RunResult;
using testing::AllBackends;
using testing::Backend;
using testing::BackendName;
using testing::ScopedTempDir;
using testing::TestDatabase;

std::string Plan(const std::string& id, int duration) {
  return "plan: " + id + "\ntitle: \"Проект " + id +
         "\"\nstart: 2027-01-11\ntimezone: UTC\nroles: {lead: {name: Lead}}\n"
         "people: [{id: boss, roles: [lead]}]\n"
         "tasks:\n  - {id: a, duration: " +
         std::to_string(duration) + ", assignee: boss}\n  - {id: b, duration: 1, after: [a]}\n";
}

class ProjectsCli : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_EQ(As({"load", dir_.Write("north.yaml", Plan("north", 2))}).exit_code, 0);
    ASSERT_EQ(As({"load", dir_.Write("south.yaml", Plan("south", 5))}).exit_code, 0);
  }
  RunResult As(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), {"--db", db_.location(), "--as", "boss", "--now",
                               "2027-01-11T10:00"});
    return Rollout(args, env);
  }
  ScopedTempDir dir_;
  TestDatabase db_{GetParam()};
};

TEST_P(ProjectsCli, ACommandWithoutAProjectListsThemAndWritesNothing) {
  RunResult r = As({"done", "a"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("holds 2 projects: north, south"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--project"), std::string::npos) << r.err;
  for (const char* p : {"north", "south"}) {
    RunResult tasks = As({"--project", p, "tasks", "--json"});
    ASSERT_EQ(tasks.exit_code, 0) << tasks.err;
    EXPECT_EQ(nlohmann::json::parse(tasks.out)[0]["state"], "planned") << p;
  }
}

TEST_P(ProjectsCli, ProgressLandsInTheNamedProjectOnly) {
  ASSERT_EQ(As({"--project", "north", "done", "a"}).exit_code, 0);
  RunResult south = As({"tasks", "--json"}, {"ROLLOUT_PROJECT=south"});
  ASSERT_EQ(south.exit_code, 0) << south.err;
  EXPECT_EQ(nlohmann::json::parse(south.out)[0]["state"], "planned");
  RunResult north = As({"tasks", "--json", "--project", "north"});
  ASSERT_EQ(north.exit_code, 0) << north.err;
  EXPECT_EQ(nlohmann::json::parse(north.out)[0]["state"], "done");
  RunResult log = As({"--project", "south", "log", "--json"});
  ASSERT_EQ(log.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(log.out).size(), 1u);  // its load only
}

TEST_P(ProjectsCli, ProjectsListsEachWithItsVersionAndForecast) {
  ASSERT_EQ(As({"load", dir_.Write("north2.yaml", Plan("north", 3))}).exit_code, 0);
  RunResult r = As({"projects", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["id"], "north");
  EXPECT_EQ(j[0]["title"], "Проект north");
  EXPECT_EQ(j[0]["version"], 2);
  // Version 2 keeps version 1's baseline (a Mon..Tue, b Wed: load keeps the
  // baseline of tasks that remain); its forecast is version 2's plan.
  EXPECT_EQ(j[0]["baseline_finish"], "2027-01-13");
  EXPECT_EQ(j[0]["forecast_finish"], "2027-01-14");
  EXPECT_EQ(j[1]["id"], "south");
  EXPECT_EQ(j[1]["version"], 1);
  EXPECT_EQ(j[1]["forecast_finish"], "2027-01-18");  // a Mon..Fri, b Mon 18
  RunResult text = As({"projects"});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("Проект south"), std::string::npos) << text.out;
  RunResult unknown = As({"--project", "west", "status"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no project 'west'"), std::string::npos) << unknown.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, ProjectsCli, AllBackends(), BackendName);

}  // namespace
}  // namespace rollout
