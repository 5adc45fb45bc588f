// The commands that draw the database — gantt, critical, export, risk —
// through --server (tools/cli/remote_snapshot.h): the server's snapshot of
// the project, drawn by the client's own code at the server's time, is byte
// for byte what the same command prints where the database is; a snapshot
// holds one project's rows and never a token.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/cli/db_fixture.h"
#include "tests/server/server_testing.h"
#include "tests/testing/run_binary.h"

namespace rollout::testing {
namespace {

using namespace std::chrono_literals;

class RemoteViews : public ::testing::TestWithParam<Backend> {
 protected:
  DbFixture f{GetParam()};
  ScopedTempDir dir;
};

TEST_P(RemoteViews, EveryDrawingOfTheDatabaseIsTheLocalOne) {
  const std::string boss = IssueLocally(f, "boss");
  const std::string petrova = IssueLocally(f, "petrova");
  ASSERT_EQ(f.As("petrova", {"start", "a"}).exit_code, 0);
  ASSERT_EQ(f.As("boss", {"baseline"}).exit_code, 0);
  Server server(f.db(), f.now, dir.path(), {"--no-engine"});
  const auto same = [&](const std::string& who, const std::string& token,
                        const std::vector<std::string>& args) {
    std::vector<std::string> local_args = {"--db", f.db(), "--now", f.now, "--as", who};
    local_args.insert(local_args.end(), args.begin(), args.end());
    RunResult l = Rollout(local_args);
    RunResult r = Client(server.url(), token, args);
    std::string what;
    for (const std::string& a : args) what += a + " ";
    EXPECT_EQ(l.exit_code, 0) << what << l.err;
    EXPECT_EQ(r.exit_code, l.exit_code) << what << "\n" << r.err;
    EXPECT_EQ(r.out, l.out) << what;
    EXPECT_EQ(r.err, l.err) << what;
    EXPECT_FALSE(r.out.empty()) << what;
  };
  for (const auto& [who, token] : {std::pair{"boss", boss}, {"petrova", petrova}}) {
    same(who, token, {"gantt", "--width", "100"});
    same(who, token, {"critical"});
    same(who, token, {"critical", "--json"});
    same(who, token, {"risk", "--iterations", "300", "--seed", "7"});
    same(who, token, {"risk", "--iterations", "300", "--json"});
    for (const char* format : {"csv", "ics", "mspdi", "dot", "html"})
      same(who, token, {"export", format});
  }
  // Russian through the server as where the database is.
  same("boss", boss, {"--lang", "ru", "gantt", "--width", "100"});
  // No scratch copy is left behind.
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().filename().string().find("rollout-snapshot-"), std::string::npos);
  server.child().Signal(SIGTERM);
  EXPECT_EQ(server.child().Wait(10s), 0) << server.child().Err();
}

TEST_P(RemoteViews, ASnapshotHoldsOneProjectAndNoSecret) {
  const std::string boss = IssueLocally(f, "boss");
  // A second project in the same database.
  const std::string other = dir.Write("other.yaml",
                                      "plan: other\nstart: 2027-01-11\n"
                                      "roles: {lead: {name: Lead}}\n"
                                      "people:\n  - {id: boss, name: Boss, roles: [lead]}\n"
                                      "tasks:\n  - {id: x, name: Икс, duration: 2}\n");
  RunResult loaded = f.As("boss", {"--project", "other", "load", other});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  Server server(f.db(), f.now, dir.path(), {"--no-engine"});
  const std::string reply = Raw(server.port(), Request("GET", "/api/v1/snapshot?project=other", boss, ""));
  ASSERT_EQ(StatusOf(reply), 200) << reply;
  const nlohmann::json snap = nlohmann::json::parse(BodyOf(reply));
  EXPECT_EQ(snap["project"], "other");
  EXPECT_FALSE(snap["tables"].contains("tokens"));
  EXPECT_FALSE(snap["tables"].contains("outbox"));
  EXPECT_FALSE(snap["tables"].contains("engine_state"));
  for (const auto& row : snap["tables"]["plan_versions"]["rows"]) EXPECT_EQ(row[1], "other");
  const std::string body = BodyOf(reply);
  EXPECT_EQ(body.find(boss), std::string::npos);
  // Another project's tasks are not in it.
  for (const auto& row : snap["tables"]["plan_tasks"]["rows"]) EXPECT_EQ(row[1], "x");
  // Without a token: nothing.
  EXPECT_EQ(StatusOf(Raw(server.port(), Request("GET", "/api/v1/snapshot", "", ""))), 401);
  // A remote drawing of the second project names it.
  RunResult gantt = Client(server.url(), boss, {"--project", "other", "gantt", "--width", "80"});
  EXPECT_EQ(gantt.exit_code, 0) << gantt.err;
  EXPECT_NE(gantt.out.find("Икс"), std::string::npos) << gantt.out;
  server.child().Signal(SIGTERM);
  EXPECT_EQ(server.child().Wait(10s), 0) << server.child().Err();
}

INSTANTIATE_TEST_SUITE_P(Backends, RemoteViews, AllBackends(), BackendName);

}  // namespace
}  // namespace rollout::testing
