// Several `rollout engine` processes on one database (issue #14,
// docs/database.md "Several processes"), on both backends: each alert is
// stored once and delivered once while they all run, an engine leaves the
// deliveries another one holds alone, and when the holder is killed with
// SIGKILL another engine delivers them, with the same Idempotency-Key,
// within 30 s.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <set>

#include "tests/testing/child_process.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/http_receiver.h"
#include "tests/testing/test_db.h"

namespace rollout::testing {
namespace {

using std::chrono::milliseconds;

std::vector<std::string> EngineArgs(const EngineFixture& f, const std::string& now,
                                    std::vector<std::string> extra) {
  std::vector<std::string> argv{ROLLOUT_BINARY, "--db", f.db(), "--now", now, "engine"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

// A listener on 127.0.0.1 that never accepts: a webhook request to it
// connects (the kernel's backlog) and then waits for an answer that never
// comes, so its delivery stays in flight.
class BlackHole {
 public:
  BlackHole() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(listen(fd_, 16), 0);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~BlackHole() { close(fd_); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// Idempotency-Key -> how many 200 answers it got.
std::map<std::string, int> Delivered(const HttpReceiver& r) {
  std::map<std::string, int> out;
  for (const ReceivedRequest& q : r.requests())
    if (q.status == 200) ++out[q.idempotency_key];
  return out;
}

class MultiEngine : public ::testing::TestWithParam<Backend> {};

// At Fri 19:00 four alerts are due (engine_test.cc WebhookRetries...).
TEST_P(MultiEngine, ThreeEnginesStoreAndDeliverEachAlertOnce) {
  EngineFixture f(GetParam());
  HttpReceiver receiver(/*fail_first=*/0);
  std::vector<std::unique_ptr<ChildProcess>> engines;
  for (int i = 0; i < 3; ++i)
    engines.push_back(std::make_unique<ChildProcess>(
        EngineArgs(f, "2027-01-15T19:00", {"--webhook", receiver.url()}), f.dir(),
        "engine" + std::to_string(i)));
  ASSERT_TRUE(WaitFor([&] { return Delivered(receiver).size() >= 4; }, milliseconds(20000)));
  // Every engine has evaluated (and found the alerts stored) before we look.
  for (auto& e : engines)
    ASSERT_TRUE(WaitFor([&] { return e->Err().find("evaluating") != std::string::npos ||
                                     e->Out().find("evaluating") != std::string::npos; },
                        milliseconds(10000)));
  std::this_thread::sleep_for(milliseconds(1000));  // a double delivery would show by now
  for (auto& e : engines) e->Signal(SIGTERM);
  for (auto& e : engines) EXPECT_EQ(e->Wait(milliseconds(5000)), 0) << e->Err();
  const nlohmann::json alerts = f.Alerts();
  EXPECT_EQ(alerts.size(), 4u);
  const std::map<std::string, int> delivered = Delivered(receiver);
  EXPECT_EQ(delivered.size(), 4u);
  for (const auto& [key, times] : delivered) EXPECT_EQ(times, 1) << key;
  EXPECT_EQ(receiver.requests().size(), 4u);
}

TEST_P(MultiEngine, AKilledEnginesDeliveriesAreTakenOverWithinThirtySeconds) {
  EngineFixture f(GetParam());
  BlackHole hole;
  HttpReceiver receiver(/*fail_first=*/0);
  ChildProcess first(EngineArgs(f, "2027-01-15T19:00", {"--webhook", hole.url()}), f.dir(),
                     "first");
  // The alerts and their outbox rows are stored, and claimed by the first
  // engine, in one transaction.
  ASSERT_TRUE(WaitFor([&] { return f.Alerts().size() == 4; }, milliseconds(10000))) << first.Err();
  ChildProcess second(EngineArgs(f, "2027-01-15T19:00", {"--webhook", receiver.url()}), f.dir(),
                      "second");
  ASSERT_TRUE(WaitFor([&] { return second.Out().find("evaluating") != std::string::npos ||
                                   second.Err().find("evaluating") != std::string::npos; },
                      milliseconds(10000)));
  std::this_thread::sleep_for(milliseconds(1500));
  EXPECT_TRUE(receiver.requests().empty()) << "the second engine took rows the first one holds";

  first.Signal(SIGKILL);
  EXPECT_EQ(first.Wait(milliseconds(5000)), 128 + SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  ASSERT_TRUE(WaitFor([&] { return Delivered(receiver).size() >= 4; }, milliseconds(30000)))
      << second.Err();
  std::printf("takeover after SIGKILL: %lld ms\n",
              static_cast<long long>(std::chrono::duration_cast<milliseconds>(
                                         std::chrono::steady_clock::now() - killed)
                                         .count()));
  second.Signal(SIGTERM);
  EXPECT_EQ(second.Wait(milliseconds(5000)), 0) << second.Err();
  // Each alert once, under the key every attempt of it carries.
  const nlohmann::json alerts = f.Alerts();
  ASSERT_EQ(alerts.size(), 4u);
  std::set<int> ids;
  for (const ReceivedRequest& r : receiver.requests())
    ids.insert(nlohmann::json::parse(r.body)["id"].get<int>());
  for (const auto& a : alerts) EXPECT_EQ(ids.count(a["id"].get<int>()), 1u);
  EXPECT_EQ(Delivered(receiver).size(), 4u);
}

INSTANTIATE_TEST_SUITE_P(Backends, MultiEngine, AllBackends(), BackendName);

}  // namespace
}  // namespace rollout::testing
