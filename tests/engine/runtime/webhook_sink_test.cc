// The webhook sink against a real HTTP receiver on 127.0.0.1 that keeps the
// raw bytes: task ids are free text, and none of it may reach a header.
#include "engine/runtime/webhook_sink.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>

#include "storage/records.h"
#include "tests/testing/raw_http_receiver.h"

namespace rollout {
namespace {

using testing::RawHttpReceiver;
using testing::RawRequest;

StoredAlert MakeAlert(int64_t id, std::string kind, std::string task, std::string about) {
  StoredAlert a;
  a.id = id;
  a.plan_version = 1;
  a.kind = std::move(kind);
  a.task = std::move(task);
  a.about = std::move(about);
  a.recipients = {"ann", "boss"};
  a.created_at = "2027-01-14T09:00:00+00:00";
  a.message = "task " + a.task + " is due";
  return a;
}

// Task ids that broke the header before: an injected header, a smuggled
// second request, a bare LF that ends the header block early, NUL, a long id.
std::vector<StoredAlert> HostileAlerts() {
  return {
      MakeAlert(1, "overdue", "crlf\r\nX-Injected: yes", "2027-01-12"),
      MakeAlert(2, "overdue",
                "a\r\n\r\nPOST /smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
                "2027-01-12"),
      MakeAlert(3, "due_soon", "lf\nX-Injected: yes\n\n", "2027-01-12"),
      MakeAlert(4, "deadline_risk", std::string("nul\0X-Injected: yes", 19), "2027-01-15"),
      MakeAlert(5, "gate_ready", "g ä/ü:\t\"x\"", "2027-01-13"),
      MakeAlert(6, "overdue", std::string(5000, 'x') + "\r\n", "2027-01-12"),
      MakeAlert(7, "slip", "", "2027-01-19"),
  };
}

bool HeaderSafe(const std::string& key) {
  return std::regex_match(key, std::regex("^[A-Za-z0-9-]+$"));
}

TEST(IdempotencyKeyTest, HoldsOnlyLettersDigitsAndDashesWhateverTheTaskId) {
  for (const StoredAlert& a : HostileAlerts()) {
    const std::string key = IdempotencyKey(a);
    EXPECT_TRUE(HeaderSafe(key)) << key;
    EXPECT_LE(key.size(), 100u) << key;
    EXPECT_EQ(key.rfind("rollout-" + std::to_string(a.id) + "-", 0), 0u) << key;
  }
}

// The format is a contract with receivers (and across upgrades): pinned.
// The digest is sha256("rollout-alert-v1;8:due_soon1:a10:2027-01-12")[:16].
TEST(IdempotencyKeyTest, IsTheDocumentedFormat) {
  EXPECT_EQ(IdempotencyKey(MakeAlert(42, "due_soon", "a", "2027-01-12")),
            "rollout-42-due-soon-d37c6c90b4b767717fb1f177f0a8ddaa");
}

TEST(IdempotencyKeyTest, DependsOnlyOnTheStoredIdentityAndDiffersBetweenAlerts) {
  StoredAlert a = MakeAlert(9, "overdue", "a-b", "2027-01-12");
  const std::string key = IdempotencyKey(a);
  StoredAlert same = a;  // what a retry or a restarted engine reads back
  same.recipients = {"someone else"};
  same.message = "another text";
  same.acked = true;
  EXPECT_EQ(IdempotencyKey(same), key);

  std::set<std::string> keys{key};
  auto differs = [&](StoredAlert b) { EXPECT_TRUE(keys.insert(IdempotencyKey(b)).second); };
  differs(MakeAlert(10, "overdue", "a-b", "2027-01-12"));
  differs(MakeAlert(9, "due_soon", "a-b", "2027-01-12"));
  differs(MakeAlert(9, "overdue", "a-c", "2027-01-12"));
  differs(MakeAlert(9, "overdue", "a-b", "2027-01-13"));
  differs(MakeAlert(9, "overdue", "a", "b-2027-01-12"));  // field boundaries count
  differs(MakeAlert(9, "overdue", "", "2027-01-12"));
  differs(MakeAlert(9, "overdue", "project", "2027-01-12"));
  // The same distinct task ids that only differ in characters a naive
  // sanitiser would map to the same output.
  differs(MakeAlert(9, "overdue", "a\r\nb", "2027-01-12"));
  differs(MakeAlert(9, "overdue", "a\n\rb", "2027-01-12"));
}

class WebhookSinkTest : public ::testing::Test {
 protected:
  // Delivers |d| and runs the loop until |done| is called (bounded).
  std::optional<std::string> Deliver(WebhookSink& sink, const AlertDelivery& d) {
    std::optional<std::string> result;
    sink.Deliver(d, [&](const std::string& error) { result = error; });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!result && std::chrono::steady_clock::now() < deadline) {
      io_.restart();
      io_.run_for(std::chrono::milliseconds(5));
    }
    return result;
  }
  // Waits (bounded) until the receiver has closed |n| connections.
  void WaitForConnections(const RawHttpReceiver& r, int n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (r.connections() < n && std::chrono::steady_clock::now() < deadline)
      io_.run_for(std::chrono::milliseconds(5));
  }
  WebhookSink Sink(const RawHttpReceiver& r) {
    return WebhookSink(io_, ParseHttpUrl(r.url()).value(), std::chrono::seconds(5));
  }

  boost::asio::io_context io_;
};

TEST_F(WebhookSinkTest, HostileTaskIdsArriveAsExactlyOneRequestEachWithTheFullBody) {
  RawHttpReceiver receiver(/*fail_first=*/1);
  WebhookSink sink = Sink(receiver);
  const std::vector<StoredAlert> alerts = HostileAlerts();
  int connections = 0;
  std::vector<std::string> sent_keys;
  for (const StoredAlert& a : alerts) {
    // As the engine does: the delivery is rebuilt from the stored alert on
    // every attempt, and the first attempt of all is answered 503.
    for (int attempt = 0; attempt < 2; ++attempt) {
      AlertDelivery d{a, AlertJson(a), IdempotencyKey(a), "webhook"};
      std::optional<std::string> error = Deliver(sink, d);
      ASSERT_TRUE(error.has_value()) << "no answer for alert " << a.id;
      WaitForConnections(receiver, ++connections);
      sent_keys.push_back(d.idempotency_key);
      if (error->empty()) break;
      EXPECT_EQ(*error, "HTTP 503");
    }
  }
  const std::vector<RawRequest> requests = receiver.requests();
  ASSERT_EQ(requests.size(), alerts.size() + 1) << "a request was split or smuggled";
  ASSERT_EQ(sent_keys.size(), requests.size());
  const std::set<std::string> expected_headers{"content-length", "content-type", "host",
                                               "idempotency-key", "user-agent"};
  for (size_t i = 0; i < requests.size(); ++i) {
    const RawRequest& r = requests[i];
    const StoredAlert& a = alerts[i == 0 ? 0 : i - 1];  // request 0 and 1: alert 1 and its retry
    EXPECT_EQ(r.request_line, "POST /hook HTTP/1.1");
    std::set<std::string> names;
    for (const auto& [name, value] : r.headers) {
      std::string lower;
      for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_TRUE(names.insert(lower).second) << "header twice: " << name;
    }
    EXPECT_EQ(names, expected_headers) << "request " << i;
    EXPECT_EQ(r.Header("Idempotency-Key"), sent_keys[i]);
    EXPECT_TRUE(HeaderSafe(r.Header("Idempotency-Key"))) << r.Header("Idempotency-Key");
    EXPECT_EQ(r.body, AlertJson(a)) << "request " << i;
    const nlohmann::json body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["id"], a.id);
  }
  EXPECT_EQ(requests[0].status, 503);
  EXPECT_EQ(requests[1].status, 200);
  EXPECT_EQ(requests[0].Header("Idempotency-Key"), requests[1].Header("Idempotency-Key"))
      << "a retry changed the key";
  std::set<std::string> distinct;
  for (size_t i = 1; i < requests.size(); ++i) distinct.insert(requests[i].Header("Idempotency-Key"));
  EXPECT_EQ(distinct.size(), alerts.size());
}

TEST_F(WebhookSinkTest, RefusesAHeaderValueWithCrLfOrNulAndSendsNothing) {
  RawHttpReceiver receiver(/*fail_first=*/0);
  WebhookSink sink = Sink(receiver);
  const StoredAlert a = MakeAlert(1, "overdue", "a", "2027-01-12");
  for (const std::string& bad : {std::string("k\r\nX-Injected: yes"), std::string("k\nx"),
                                std::string("k\rx"), std::string("k\0x", 3)}) {
    AlertDelivery d{a, AlertJson(a), bad, "webhook"};
    std::optional<std::string> error = Deliver(sink, d);
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->find("Idempotency-Key"), std::string::npos) << *error;
  }
  // A good delivery after them: the only connection the receiver ever sees.
  AlertDelivery good{a, AlertJson(a), IdempotencyKey(a), "webhook"};
  EXPECT_EQ(Deliver(sink, good), std::optional<std::string>(""));
  WaitForConnections(receiver, 1);
  EXPECT_EQ(receiver.connections(), 1);
  ASSERT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(receiver.requests()[0].Header("Idempotency-Key"), IdempotencyKey(a));
}

TEST(ParseHttpUrlTest, RefusesControlCharactersAndSpaces) {
  EXPECT_TRUE(ParseHttpUrl("http://127.0.0.1:8080/alerts").ok());
  EXPECT_FALSE(ParseHttpUrl("http://127.0.0.1:8080/a\r\nX-Injected: yes").ok());
  EXPECT_FALSE(ParseHttpUrl("http://127.0.0.1:8080/a b").ok());
  EXPECT_FALSE(ParseHttpUrl(std::string("http://127.0.0.1/a\0b", 20)).ok());
  EXPECT_FALSE(ParseHttpUrl("http://host\n:80/a").ok());
}

}  // namespace
}  // namespace rollout
