// The team server as its users meet it: a real `rollout serve` process on
// 127.0.0.1 (port 0; it prints the bound address), real CLI processes as
// its clients, compared with the local commands on a copy of the same
// database; raw HTTP for the limits; the database file and the access log
// searched for the token.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "server/api.h"
#include "tests/server/server_testing.h"
#include "tests/cli/db_fixture.h"
#include "tests/testing/child_process.h"
#include "tests/testing/http_receiver.h"
#include "tests/testing/run_binary.h"
#include "tests/testing/smtp_receiver.h"

namespace rollout::testing {
namespace {

using namespace std::chrono_literals;

// A copy of |db| (checkpointed by a read through the CLI first) in the
// SQLite file |to|; of a PostgreSQL database through `rollout db copy`.
std::string CopyDb(const DbFixture& f, const std::string& to) {
  EXPECT_EQ(f.As("boss", {"tasks"}).exit_code, 0);
  if (f.backend() == testing::Backend::kPostgres) {
    RunResult copied = Rollout({"db", "copy", f.db(), to});
    EXPECT_EQ(copied.exit_code, 0) << copied.err;
    return to;
  }
  std::filesystem::copy_file(f.db(), to);
  if (std::filesystem::exists(f.db() + "-wal")) std::filesystem::copy_file(f.db() + "-wal", to + "-wal");
  return to;
}

class ServerTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  DbFixture f{GetParam()};
  ScopedTempDir dir;
};

TEST_P(ServerTest, ClientPrintsWhatTheLocalCommandPrints) {
  const std::string boss = IssueLocally(f, "boss");
  const std::string petrova = IssueLocally(f, "petrova");
  const std::string copy = CopyDb(f, dir.path() + "/copy.db");
  Server server(f.db(), f.now, dir.path(), {"--no-engine"});  // no alerts on one side only
  const auto local = [&](const std::string& who, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", copy, "--now", f.now, "--as", who});
    return Rollout(args);
  };
  const auto same = [&](const std::string& who, const std::string& token,
                        const std::vector<std::string>& args) {
    RunResult l = local(who, args);
    RunResult r = Client(server.url(), token, args);
    std::string what;
    for (const std::string& a : args) what += a + " ";
    EXPECT_EQ(r.exit_code, l.exit_code) << what << "\n" << r.err << "\n" << l.err;
    EXPECT_EQ(r.out, l.out) << what;
    EXPECT_EQ(r.err, l.err) << what;
  };
  // Acts first (each on both databases), then every view of their result.
  same("petrova", petrova, {"start", "a"});
  same("petrova", petrova, {"done", "a", "--note", "отчёт сдан"});
  same("petrova", petrova, {"done", "a"});                 // a no-op
  same("petrova", petrova, {"done", "b"});                 // refused: not hers (exit 3)
  same("petrova", petrova, {"start", "audit.nope"});       // unknown task, did-you-mean
  same("boss", boss, {"metric", "set", "checked", "5"});
  same("petrova", petrova, {"metric", "set", "checked", "7"});  // not a lead
  same("boss", boss, {"gate", "approve", "g"});             // not ready: b is not done
  same("boss", boss, {"reopen", "a"});
  same("petrova", petrova, {"progress", "a", "--remaining", "2", "--note", "почти"});
  same("petrova", petrova, {"progress", "a", "--percent", "50"});
  same("petrova", petrova, {"progress", "b", "--remaining", "1"});  // not hers: exit 3
  same("boss", boss, {"progress", "b", "--remaining", "1"});        // not started: exit 2
  for (const char* json : {"", "--json"}) {
    std::vector<std::string> show{"show", "a"};
    if (*json) show.push_back(json);
    same("boss", boss, show);
  }
  same("boss", boss, {"show", "g"});
  same("boss", boss, {"show", "nope"});
  same("boss", boss, {"done", "a"});
  same("petrova", petrova, {"baseline"});  // not a lead: exit 3
  same("boss", boss, {"baseline"});
  for (const char* json : {"", "--json"}) {
    std::vector<std::string> extra;
    if (*json) extra.push_back(json);
    for (std::vector<std::string> cmd :
         {std::vector<std::string>{"tasks"}, {"tasks", "--ready"}, {"status"}, {"schedule"},
          {"log"}, {"projects"}, {"alerts", "--all"}}) {
      cmd.insert(cmd.end(), extra.begin(), extra.end());
      same("boss", boss, cmd);
    }
  }
  same("petrova", petrova, {"tasks", "--mine"});
  same("petrova", petrova, {"alerts"});
  same("boss", boss, {"ack", "999"});
  server.child().Signal(SIGTERM);
  EXPECT_EQ(server.child().Wait(10s), 0) << server.child().Err();
}

TEST_P(ServerTest, LoadThroughTheServerAndItsErrors) {
  const std::string boss = IssueLocally(f, "boss");
  const std::string petrova = IssueLocally(f, "petrova");
  const std::string copy = CopyDb(f, dir.path() + "/copy.db");
  Server server(f.db(), f.now, dir.path());
  std::string plan = kDbTestPlan;
  plan.replace(plan.find("duration: 2}"), 12, "duration: 5}");  // e lasts 5 days now
  const std::string path = dir.Write("v2.yaml", plan);
  RunResult r = Client(server.url(), boss, {"load", path});
  RunResult l = Rollout({"--db", copy, "--now", f.now, "--as", "boss", "load", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(l.exit_code, 0);
  EXPECT_EQ(r.out.substr(0, r.out.find(" into ")), l.out.substr(0, l.out.find(" into ")));
  EXPECT_NE(r.out.find(" into " + server.url() + ":"), std::string::npos) << r.out;
  // Staff may not load; a broken plan: the same FILE:LINE:COL errors as locally.
  RunResult refused = Client(server.url(), petrova, {"load", path});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  const std::string bad = dir.Write("bad.yaml", ReadFile(DataPath("bad_unknown_task.yaml")));
  RunResult rb = Client(server.url(), boss, {"load", bad});
  RunResult lb = Rollout({"--db", copy, "--now", f.now, "--as", "boss", "load", bad});
  EXPECT_EQ(rb.exit_code, 2);
  EXPECT_EQ(rb.err, lb.err);
  EXPECT_EQ(Client(server.url(), boss, {"projects", "--json"}).out,
            Rollout({"--db", copy, "--now", f.now, "projects", "--json"}).out);
}

TEST_P(ServerTest, IdentityComesFromTheTokenOnly) {
  const std::string petrova = IssueLocally(f, "petrova");
  Server server(f.db(), f.now, dir.path());
  const nlohmann::json log_before = f.Log();
  // --as and a client's --now are refused before anything is sent.
  RunResult as = Client(server.url(), petrova, {"--as", "boss", "gate", "approve", "g"});
  EXPECT_EQ(as.exit_code, 2);
  EXPECT_NE(as.err.find("--as cannot be used with --server"), std::string::npos) << as.err;
  RunResult now = Client(server.url(), petrova, {"--now", "2030-01-01", "tasks"});
  EXPECT_EQ(now.exit_code, 2);
  // Every lead act by staff: exit 3 over HTTP, nothing written.
  for (std::vector<std::string> act :
       {std::vector<std::string>{"gate", "approve", "g"}, {"gate", "reject", "g", "--note", "нет"},
        {"metric", "set", "checked", "3"}, {"done", "b"}, {"start", "c"},
        {"token", "issue", "petrova"}}) {
    RunResult r = Client(server.url(), petrova, act);
    EXPECT_EQ(r.exit_code, 3) << act[0] << " " << r.err;
  }
  EXPECT_EQ(StatusOf(Raw(server.port(), Request("POST", "/api/v1/gates/g/approve", petrova, ""))), 403);
  EXPECT_EQ(f.Log(), log_before);
  // Staff see only their own tokens.
  RunResult list = Client(server.url(), petrova, {"token", "list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const auto& t : nlohmann::json::parse(list.out)) EXPECT_EQ(t["person"], "petrova");
}

TEST_P(ServerTest, MissingRevokedAndExpiredTokensAreRefused) {
  const std::string boss = IssueLocally(f, "boss");
  const std::string petrova = IssueLocally(f, "petrova", {"--name", "ноутбук"});
  // Issued two days before the server's now, valid for one day.
  RunResult old = Rollout({"--db", f.db(), "--as", "boss", "--now", "2027-01-10T09:00", "token", "issue", "sidorov",
                         "--expires", "1"});
  ASSERT_EQ(old.exit_code, 0) << old.err;
  const std::string sidorov = old.out.substr(old.out.find('\n') + 1, 68);
  Server server(f.db(), f.now, dir.path());
  const std::string signed_out = "rollout: error: not signed in to " + server.url() +
                                 ": run 'rollout login " + server.url() + "'\n";
  RunResult none = Client(server.url(), "", {"tasks"});
  EXPECT_EQ(none.exit_code, 3);
  EXPECT_EQ(none.err, signed_out);
  RunResult wrong = Client(server.url(), "rlt_" + std::string(64, '0'), {"tasks"});
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_EQ(wrong.err, signed_out);
  RunResult expired = Client(server.url(), sidorov, {"tasks"});
  EXPECT_EQ(expired.exit_code, 3) << expired.err;
  EXPECT_EQ(Client(server.url(), petrova, {"tasks"}).exit_code, 0);
  // The lead revokes petrova's token: refused on its very next request.
  RunResult list = Client(server.url(), boss, {"token", "list", "--json"});
  int64_t id = 0;
  for (const auto& t : nlohmann::json::parse(list.out))
    if (t["person"] == "petrova") id = t["id"].get<int64_t>();
  ASSERT_GT(id, 0);
  RunResult revoke = Client(server.url(), boss, {"token", "revoke", std::to_string(id)});
  EXPECT_EQ(revoke.exit_code, 0) << revoke.err;
  RunResult after = Client(server.url(), petrova, {"tasks"});
  EXPECT_EQ(after.exit_code, 3);
  EXPECT_EQ(after.err, signed_out);
  EXPECT_EQ(StatusOf(Raw(server.port(), Request("GET", "/api/v1/tasks", petrova, ""))), 401);
  // Unreachable: exit 1 naming the server.
  RunResult gone = Client("http://127.0.0.1:1", boss, {"tasks"});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_NE(gone.err.find("cannot reach the server http://127.0.0.1:1"), std::string::npos) << gone.err;
}

TEST_P(ServerTest, BadTokenRequestsWriteNothing) {
  const nlohmann::json log_before = f.Log();
  RunResult stranger = f.As("boss", {"token", "issue", "ivanov"});
  EXPECT_EQ(stranger.exit_code, 2);
  EXPECT_NE(stranger.err.find("'ivanov' is not a person of the plan 'p'"), std::string::npos)
      << stranger.err;
  RunResult control = f.As("boss", {"token", "issue", "petrova", "--name", "a\x1b[31mb"});
  EXPECT_EQ(control.exit_code, 2) << control.err;
  RunResult days = f.As("boss", {"token", "issue", "petrova", "--expires", "0"});
  EXPECT_EQ(days.exit_code, 2);
  RunResult staff = f.As("petrova", {"token", "issue", "petrova"});
  EXPECT_EQ(staff.exit_code, 3);
  RunResult unknown = f.As("boss", {"token", "revoke", "77"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(f.Log(), log_before);
  RunResult list = f.As("boss", {"token", "list"});
  EXPECT_EQ(list.out, "no tokens\n");
}

TEST_P(ServerTest, TheTokenIsNeverStoredNorLogged) {
  const std::string boss = IssueLocally(f, "boss");
  Server server(f.db(), f.now, dir.path());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Client(server.url(), boss, {"status"}).exit_code, 0);
  EXPECT_EQ(Client(server.url(), boss, {"token", "issue", "petrova"}).exit_code, 0);
  server.child().Signal(SIGTERM);
  EXPECT_EQ(server.child().Wait(10s), 0);
  const std::string log = server.child().Err();
  EXPECT_NE(log.find("GET /api/v1/status 200 boss "), std::string::npos) << log;
  EXPECT_EQ(log.find(boss), std::string::npos);
  EXPECT_EQ(log.find(boss.substr(4)), std::string::npos);
  const std::string bytes = testing::DatabaseContents(f.db());
  ASSERT_NE(bytes.find("petrova"), std::string::npos);  // the token issued to her is in it
  EXPECT_EQ(bytes.find(boss.substr(4)), std::string::npos);
  EXPECT_EQ(bytes.find(boss), std::string::npos);
}

TEST_P(ServerTest, BadRequestsGetTheirStatusAndChangeNothing) {
  const std::string boss = IssueLocally(f, "boss");
  Server server(f.db(), f.now, dir.path());
  const nlohmann::json before = f.Tasks();
  const auto status = [&](const std::string& method, const std::string& target, const std::string& body) {
    const std::string response = Raw(server.port(), Request(method, target, boss, body));
    if (StatusOf(response) >= 400) {
      nlohmann::json j = nlohmann::json::parse(BodyOf(response), nullptr, false);
      EXPECT_TRUE(j.contains("error") && j["error"].contains("code") && j["error"].contains("message"))
          << response;
    }
    return StatusOf(response);
  };
  EXPECT_EQ(status("POST", "/api/v1/tasks/a/done", "{not json"), 400);
  EXPECT_EQ(status("POST", "/api/v1/tasks/a/done", "[1]"), 400);
  EXPECT_EQ(status("POST", "/api/v1/tasks/a/done", R"({"note":"x","as":"boss"})"), 400);
  EXPECT_EQ(status("POST", "/api/v1/tasks/a/done", R"({"note":5})"), 400);
  EXPECT_EQ(status("PUT", "/api/v1/metrics/checked", R"({"value":"много"})"), 400);
  EXPECT_EQ(status("GET", "/api/v1/tasks?sort=name", ""), 400);
  EXPECT_EQ(status("GET", "/api/v1/nothing", ""), 404);
  EXPECT_EQ(status("DELETE", "/api/v1/tasks", ""), 405);
  EXPECT_EQ(status("POST", "/api/v1/tasks/..%2F..%2Fetc%2Fpasswd/done", ""), 404);
  EXPECT_EQ(status("POST", "/api/v1/tasks/a%zz/done", ""), 400);
  EXPECT_EQ(status("POST", "/api/v1/gates/g/approve", ""), 409);  // b is not done
  EXPECT_EQ(status("GET", "/api/v1/tasks?project=nope", ""), 404);
  EXPECT_EQ(status("POST", "/api/v1/tasks/grp/done", ""), 400);
  // A body announced over 1 MiB is refused before it is read.
  std::string big = Request("POST", "/api/v1/tasks/a/done", boss, "");
  big.replace(big.find("Content-Length: 0"), 17, "Content-Length: 1048577");
  EXPECT_EQ(StatusOf(Raw(server.port(), big + "{")), 413);
  // ... and one sent in chunks once it passes the limit.
  std::string chunked = "POST /api/v1/tasks/a/done HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                        boss + "\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 17; ++i) chunked += "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
  EXPECT_EQ(StatusOf(Raw(server.port(), chunked)), 413);
  EXPECT_EQ(f.Tasks(), before);
  EXPECT_EQ(status("GET", "/healthz", ""), 200);
}

TEST_P(ServerTest, ASlowClientIsCutOffAfterTheHeaderDeadline) {
  Server server(f.db(), f.now, dir.path());
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  // One byte a second: the header never completes; the server hangs up
  // (send fails) within the 10 s deadline and a margin.
  const std::string header = "GET /api/v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  bool cut = false;
  for (int i = 0; i < 25 && !cut; ++i) {
    const char c = i < static_cast<int>(header.size()) ? header[i] : 'x';
    if (send(fd, &c, 1, MSG_NOSIGNAL) != 1) cut = true;
    char buf[256];
    const ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) cut = true;
    std::this_thread::sleep_for(1s);
  }
  close(fd);
  EXPECT_TRUE(cut);
  // The server still serves others.
  EXPECT_EQ(StatusOf(Raw(server.port(), Request("GET", "/healthz", "", ""))), 200);
}

TEST_P(ServerTest, TheRateLimitAnswers429) {
  const std::string boss = IssueLocally(f, "boss");
  Server server(f.db(), f.now, dir.path(), {"--rate-limit", "0.01"});  // one, then one per 100 s
  std::set<int> seen;
  for (int i = 0; i < 6; ++i)
    seen.insert(StatusOf(Raw(server.port(), Request("GET", "/api/v1/log", boss, ""))));
  EXPECT_TRUE(seen.count(200));
  EXPECT_TRUE(seen.count(429));
  RunResult r = Client(server.url(), boss, {"log"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("answered 429"), std::string::npos) << r.err;
}

TEST_P(ServerTest, TlsWithASelfSignedCertificate) {
  const std::string boss = IssueLocally(f, "boss");
  RunResult gen = testing::Run({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                       dir.path() + "/key.pem", "-out", dir.path() + "/cert.pem", "-days", "1", "-subj",
                       "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  Server server(f.db(), f.now, dir.path(),
                {"--tls-cert", dir.path() + "/cert.pem", "--tls-key", dir.path() + "/key.pem"});
  ASSERT_EQ(server.url().rfind("https://", 0), 0u) << server.url();
  RunResult r = Client(server.url(), boss, {"tasks", "--json"}, {"ROLLOUT_CA_FILE=" + dir.path() + "/cert.pem"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, f.As("boss", {"tasks", "--json"}).out);
  // Without trusting the certificate the client refuses the server.
  RunResult untrusted = Client(server.url(), boss, {"tasks"});
  EXPECT_EQ(untrusted.exit_code, 1);
  // Plain HTTP to the TLS port gets nothing useful.
  EXPECT_NE(StatusOf(Raw(server.port(), Request("GET", "/healthz", "", ""))), 200);
}

TEST_P(ServerTest, LoginStoresTheTokenPrivately) {
  const std::string boss = IssueLocally(f, "boss");
  Server server(f.db(), f.now, dir.path());
  const std::string config = dir.path() + "/config";
  std::vector<std::string> env = {"XDG_CONFIG_HOME=" + config, "ROLLOUT_TOKEN=", "ROLLOUT_NOW="};
  RunResult login = testing::Run({ROLLOUT_BINARY, "login", server.url(), "--token-stdin"}, env, boss + "\n");
  ASSERT_EQ(login.exit_code, 0) << login.err;
  const std::string creds = config + "/rollout/credentials";
  EXPECT_EQ(std::filesystem::status(creds).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  RunResult r = testing::Run({ROLLOUT_BINARY, "--server", server.url(), "status", "--json"}, env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  RunResult bad = testing::Run({ROLLOUT_BINARY, "login", server.url(), "--token-stdin"}, env,
                      "rlt_" + std::string(64, 'a') + "\n");
  EXPECT_EQ(bad.exit_code, 3);
}

TEST_P(ServerTest, FollowPrintsAnAlertRaisedAfterADoneOverHttp) {
  const std::string boss = IssueLocally(f, "boss");
  const std::string petrova = IssueLocally(f, "petrova");
  const std::string sidorov = IssueLocally(f, "sidorov");
  Server server(f.db(), f.now, dir.path());
  ChildProcess follow({"/usr/bin/env", "ROLLOUT_TOKEN=" + boss, "ROLLOUT_NOW=", ROLLOUT_BINARY,
                       "--server", server.url(), "alerts", "--follow", "--json"},
                      dir.path(), "follow");
  // The alerts raised at start (due_soon, slip): the newest id.
  RunResult first = Client(server.url(), boss, {"alerts", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  int64_t newest = 0;
  for (const auto& a : nlohmann::json::parse(first.out)) newest = std::max(newest, a["id"].get<int64_t>());
  ASSERT_EQ(Client(server.url(), petrova, {"done", "a"}).exit_code, 0);
  ASSERT_EQ(Client(server.url(), sidorov, {"done", "b"}).exit_code, 0);
  // The gate is ready: the engine inside the server raises gate_ready for
  // its approvers; a held GET /alerts?wait= returns it.
  const std::string held = Raw(server.port(), Request("GET", "/api/v1/alerts?wait=10&after=" +
                                                               std::to_string(newest), boss, ""));
  EXPECT_EQ(StatusOf(held), 200);
  nlohmann::json alerts = nlohmann::json::parse(BodyOf(held), nullptr, false);
  ASSERT_TRUE(alerts.is_array()) << held;
  bool ready = false;
  for (const auto& a : alerts) ready = ready || (a["kind"] == "gate_ready" && a["task"] == "g");
  EXPECT_TRUE(ready) << held;
  // `alerts --follow` printed it too, one JSON object a line.
  EXPECT_TRUE(WaitFor([&] { return follow.Out().find("\"gate_ready\"") != std::string::npos; }, 10s))
      << follow.Out() << follow.Err();
  follow.Signal(SIGTERM);
}

// PostgreSQL: with a poll of ten minutes, a write of another process (the
// local CLI on the same database) wakes the engine inside the server through
// its LISTEN socket, and the alert it raises wakes a held GET /alerts?wait=
// through the server's own (its reads' connection). Without either wake-up
// the request would come back empty at its wait. SQLite polls data_version:
// no socket, not applicable.
TEST(ServerListen, AHeldAlertsRequestWakesOnAnotherProcessWriteWithATenMinutePoll) {
  DbFixture f(testing::Backend::kPostgres);
  ScopedTempDir dir;
  const std::string boss = IssueLocally(f, "boss");
  const std::string conf = dir.Write("engine.conf", "poll_ms = 600000\n");
  Server server(f.db(), f.now, dir.path(), {"--config", conf});
  RunResult first = Client(server.url(), boss, {"alerts", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  int64_t newest = 0;
  for (const auto& a : nlohmann::json::parse(first.out)) newest = std::max(newest, a["id"].get<int64_t>());
  std::string held;
  std::thread waiter([&] {
    held = Raw(server.port(),
               Request("GET", "/api/v1/alerts?wait=12&after=" + std::to_string(newest), boss, ""));
  });
  ASSERT_EQ(f.As("petrova", {"done", "a"}).exit_code, 0);
  ASSERT_EQ(f.As("sidorov", {"done", "b"}).exit_code, 0);
  waiter.join();
  EXPECT_EQ(StatusOf(held), 200) << held;
  nlohmann::json alerts = nlohmann::json::parse(BodyOf(held), nullptr, false);
  ASSERT_TRUE(alerts.is_array()) << held;
  bool ready = false;
  for (const auto& a : alerts) ready = ready || (a["kind"] == "gate_ready" && a["task"] == "g");
  EXPECT_TRUE(ready) << held << "\n" << server.child().Out();
}

// The engine inside the server delivers to the sinks of `rollout engine`:
// a webhook, a command and e-mail, each alert once.
TEST_P(ServerTest, TheEngineInsideTheServerDeliversToWebhookCommandAndEmail) {
  std::string plan = kDbTestPlan;
  const std::string boss_line = "roles: [lead]}";
  plan.replace(plan.find(boss_line), boss_line.size(), "email: boss@example.com, roles: [lead]}");
  ASSERT_EQ(f.As("boss", {"load", f.WritePlan("mail.yaml", plan)}).exit_code, 0);
  const std::string boss = IssueLocally(f, "boss");
  const std::string petrova = IssueLocally(f, "petrova");
  const std::string sidorov = IssueLocally(f, "sidorov");
  HttpReceiver hook(0);
  SmtpReceiver smtp;
  const std::string file = dir.path() + "/alerts.jsonl";
  Server server(f.db(), f.now, dir.path(),
                {"--webhook", hook.url(), "--exec", "cat >> '" + file + "'; echo >> '" + file + "'",
                 "--smtp", smtp.url(), "--mail-from", "rollout@example.com"});
  ASSERT_EQ(Client(server.url(), petrova, {"done", "a"}).exit_code, 0);
  ASSERT_EQ(Client(server.url(), sidorov, {"done", "b"}).exit_code, 0);
  const auto hooked = [&] {
    int n = 0;
    for (const ReceivedRequest& r : hook.requests()) n += r.body.find("\"gate_ready\"") != std::string::npos;
    return n;
  };
  EXPECT_TRUE(WaitFor([&] { return hooked() >= 1; }, 10s)) << server.child().Err();
  EXPECT_TRUE(WaitFor([&] { return ReadFile(file).find("\"gate_ready\"") != std::string::npos; }, 10s));
  const auto mailed = [&] {
    int n = 0;
    for (const SmtpMessage& m : smtp.accepted())
      n += m.rcpt_to == std::vector<std::string>{"boss@example.com"} &&
           m.Body().find("gate_ready") != std::string::npos;
    return n;
  };
  EXPECT_TRUE(WaitFor([&] { return mailed() >= 1; }, 10s)) << server.child().Err();
  std::this_thread::sleep_for(300ms);  // room for a wrong second delivery
  EXPECT_EQ(hooked(), 1);
  EXPECT_EQ(mailed(), 1);
}

TEST_P(ServerTest, SinkOptionsAreCheckedBeforeServing) {
  RunResult no_engine = f.Run({"serve", "--listen", "127.0.0.1:0", "--no-engine", "--webhook",
                               "http://127.0.0.1:9/hook"});
  EXPECT_EQ(no_engine.exit_code, 2) << no_engine.err;
  EXPECT_NE(no_engine.err.find("--no-engine"), std::string::npos) << no_engine.err;
  RunResult bad_smtp = f.Run({"serve", "--listen", "127.0.0.1:0", "--smtp", "ftp://x"});
  EXPECT_EQ(bad_smtp.exit_code, 2) << bad_smtp.err;
  RunResult no_from = f.Run({"serve", "--listen", "127.0.0.1:0", "--smtp", "smtp://127.0.0.1:25"});
  EXPECT_EQ(no_from.exit_code, 2) << no_from.err;
  EXPECT_NE(no_from.err.find("--mail-from"), std::string::npos) << no_from.err;
}

// 200 independent tasks of the lead, for the write tests.
std::string ManyTasksPlan() {
  std::string plan =
      "plan: many\nstart: 2027-01-11\nroles: {lead: {name: Lead}}\npeople:\n"
      "  - {id: boss, roles: [lead]}\ntasks:\n";
  for (int i = 0; i < 200; ++i) plan += "  - {id: t" + std::to_string(i) + ", duration: 1}\n";
  return plan;
}

int CountDone(const std::string& db) {
  RunResult r = Rollout({"--db", db, "--as", "boss", "--now", "2027-01-12T10:00", "tasks", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  int done = 0;
  for (const auto& t : nlohmann::json::parse(r.out)) done += t["state"] == "done";
  return done;
}

// A database of ManyTasksPlan() in |dir| with a lead's token (returned).
std::string ManyTasksDatabase(const ScopedTempDir& dir, const std::string& db) {
  const std::string plan = dir.Write("many.yaml", ManyTasksPlan());
  const std::vector<std::string> at = {"--db", db, "--as", "boss", "--now", "2027-01-12T10:00"};
  std::vector<std::string> load = at;
  load.insert(load.end(), {"load", plan});
  EXPECT_EQ(Rollout(load).exit_code, 0);
  std::vector<std::string> issue = at;
  issue.insert(issue.end(), {"token", "issue", "boss"});
  RunResult t = Rollout(issue);
  return t.out.substr(t.out.find('\n') + 1, 68);
}

// The group commit's writes on either backend: a SQLite file or a fresh
// PostgreSQL database (tests/testing/test_db.h).
class ServerWrites : public ::testing::TestWithParam<testing::Backend> {};

// The store's own consistency check (SQLite: PRAGMA integrity_check;
// PostgreSQL: the rules foreign keys cannot hold, and amcheck when
// installed), through the Store seam.
std::string IntegrityOf(const std::string& db) {
  Result<std::unique_ptr<Store>> store = OpenStore(db, OpenMode::kExisting);
  if (!store.ok()) return store.errors()[0].message;
  Status st = store.value()->CheckIntegrity();
  return st.ok() ? "ok" : st.errors()[0].message;
}

TEST_P(ServerWrites, EightClientsTimesTwentyFiveWritesAllLand) {
  ScopedTempDir dir;
  TestDatabase database(GetParam(), "many.db");
  const std::string db = database.location();
  const std::string token = ManyTasksDatabase(dir, db);
  Server server(db, "2027-01-12T10:00", dir.path(), {"--rate-limit", "0"});
  std::vector<std::thread> clients;
  std::vector<int> failures(8, 0);
  for (int c = 0; c < 8; ++c)
    clients.emplace_back([&, c] {
      for (int k = 0; k < 25; ++k)
        if (Client(server.url(), token, {"done", "t" + std::to_string(c * 25 + k)}).exit_code != 0)
          ++failures[c];
    });
  for (std::thread& th : clients) th.join();
  for (int c = 0; c < 8; ++c) EXPECT_EQ(failures[c], 0) << "client " << c;
  EXPECT_EQ(CountDone(db), 200);
}

TEST_P(ServerWrites, AKilledServerLosesNoAcknowledgedWrite) {
  ScopedTempDir dir;
  TestDatabase database(GetParam(), "many.db");
  const std::string db = database.location();
  const std::string token = ManyTasksDatabase(dir, db);
  std::set<int> acknowledged;
  {
    Server server(db, "2027-01-12T10:00", dir.path(), {"--rate-limit", "0"});
    std::thread writer([&] {
      for (int k = 0; k < 200; ++k) {
        RunResult r = Client(server.url(), token, {"done", "t" + std::to_string(k)});
        if (r.exit_code == 0) acknowledged.insert(k);
        if (r.exit_code == 1) break;  // the server is gone
      }
    });
    WaitFor([&] { return CountDone(db) >= 20; }, 30s);
    server.child().Signal(SIGKILL);
    writer.join();
  }
  ASSERT_GE(acknowledged.size(), 1u);
  EXPECT_EQ(IntegrityOf(db), "ok");
  Server again(db, "2027-01-12T10:00", dir.path(), {"--rate-limit", "0"});
  RunResult tasks = Client(again.url(), token, {"tasks", "--json"});
  ASSERT_EQ(tasks.exit_code, 0) << tasks.err;
  std::set<std::string> done;
  for (const auto& task : nlohmann::json::parse(tasks.out))
    if (task["state"] == "done") done.insert(task["id"].get<std::string>());
  for (int k : acknowledged) EXPECT_TRUE(done.count("t" + std::to_string(k))) << "lost t" << k;
}

TEST(ServerRoutes, TheOpenApiFileListsEveryRouteTheServerHas) {
  std::ifstream in(std::string(ROLLOUT_SOURCE_DIR) + "/docs/openapi.json");
  ASSERT_TRUE(in.good());
  nlohmann::json spec = nlohmann::json::parse(in);
  EXPECT_EQ(spec["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::pair<std::string, std::string>> documented, served;
  for (const auto& [path, ops] : spec["paths"].items())
    for (const auto& [method, op] : ops.items()) {
      std::string upper;
      for (char c : method) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (upper == "PARAMETERS") continue;
      documented.insert({upper, path});
    }
  for (const server::RouteInfo& r : server::RouteTable()) served.insert({r.method, r.pattern});
  EXPECT_EQ(documented, served);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerTest, testing::AllBackends(), testing::BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, ServerWrites, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout::testing
