// Alerts by e-mail, with the real binary against a real SMTP server on
// 127.0.0.1 that the test starts (tests/testing/smtp_receiver.h): each
// alert mailed once to each recipient with an `email:`, retried while the
// server refuses or is down, never again once accepted; the plan keys
// `email` and `lang` refused when they could inject a header.
#include <gtest/gtest.h>

#include "tests/testing/test_db.h"
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>

#include "tests/testing/child_process.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/loopback.h"
#include "tests/testing/smtp_receiver.h"
#include "po/messages.h"
#include "tools/cli/alert_text.h"

namespace rollout::testing {
namespace {

using std::chrono::milliseconds;

// kEnginePlan with addresses for boss and ann (not bob).
const char* const kMailPlan = R"(plan: eng
start: 2027-01-11
timezone: UTC
roles: {lead: {name: Lead}, manager: {name: Manager}}
people:
  - {id: boss, email: boss@example.com, lang: en, roles: [lead]}
  - {id: ann, name: "Анна", email: ann@example.ru, lang: ru, roles: [manager]}
  - {id: bob, roles: [manager]}
metrics: {kpi: {name: "Проверено"}}
tasks:
  - {id: a, name: "Аудит", duration: 2, assignee: ann}
  - {id: g, after: [a], gate: {approve: [boss], metrics: [{metric: kpi, min: 5}]}}
  - {id: b, duration: 3, after: [g], needs: {manager: 1}, deadline: 2027-01-15}
)";

// At Thu 2027-01-14 12:00 four alerts are due: overdue a (ann, boss),
// due_soon b (ann, bob), slip (boss), deadline_risk b (ann, bob, boss):
// six messages to people with an address.
constexpr const char* kNow = "2027-01-14T12:00";
constexpr size_t kMessages = 6;

const std::map<std::string, std::string> kAddress{{"ann", "ann@example.ru"},
                                                  {"boss", "boss@example.com"}};

std::vector<std::string> MailFlags(const std::string& url) {
  return {"--smtp", url, "--mail-from", "rollout@example.com"};
}

std::multiset<std::string> MessageIds(const std::vector<SmtpMessage>& messages) {
  std::multiset<std::string> ids;
  for (const SmtpMessage& m : messages) ids.insert(m.Header("Message-ID"));
  return ids;
}

// The text of alert |id| as a Russian reader reads it.
std::string RussianText(const EngineFixture& f, int64_t id) {
  std::unique_ptr<Store> store = f.OpenStore();
  std::optional<StoredAlert> alert;
  EXPECT_TRUE(store->Read([&](StoreTx& tx) { alert = tx.FindAlert(id, ""); }).ok());
  if (!alert) return "";
  LangScope ru(Lang::kRu);
  return AlertText(*alert);
}

// Every (alert, recipient with an address) was accepted exactly once, with
// the right envelope, headers and text.
void ExpectEachAlertMailedOnce(const EngineFixture& f, const std::vector<SmtpMessage>& accepted) {
  const nlohmann::json alerts = f.Alerts();
  ASSERT_EQ(alerts.size(), 4u) << alerts.dump(1);
  size_t expected = 0;
  for (const auto& a : alerts) {
    for (const auto& r : a["recipients"]) {
      auto address = kAddress.find(r.get<std::string>());
      if (address == kAddress.end()) continue;
      ++expected;
      int found = 0;
      for (const SmtpMessage& m : accepted) {
        if (m.Header("X-Rollout-Alert") != std::to_string(a["id"].get<int>()) ||
            m.rcpt_to != std::vector<std::string>{address->second})
          continue;
        ++found;
        EXPECT_EQ(m.mail_from, "rollout@example.com");
        EXPECT_EQ(m.Header("From"), "rollout <rollout@example.com>");
        EXPECT_EQ(DecodeHeader(m.Header("To")),
                  (address->first == "ann" ? "Анна <" : "<") + address->second + ">");
        // Each in the recipient's language: ann has `lang: ru` (docs/server.md "Languages").
        const std::string text =
            address->first == "ann" ? RussianText(f, a["id"].get<int64_t>()) : a["message"].get<std::string>();
        EXPECT_EQ(DecodeHeader(m.Header("Subject")), "[rollout eng] " + text);
        const std::string body = m.Body();
        EXPECT_EQ(body.rfind(text + "\r\n\r\n{", 0), 0u) << body;
        const nlohmann::json j = nlohmann::json::parse(body.substr(body.find('{')));
        EXPECT_EQ(j["id"], a["id"]);
        EXPECT_EQ(j["kind"], a["kind"]);
        EXPECT_EQ(j["recipients"], a["recipients"]);
      }
      EXPECT_EQ(found, 1) << a.dump() << " to " << address->second;
    }
  }
  EXPECT_EQ(expected, kMessages);
  EXPECT_EQ(accepted.size(), kMessages);
  const std::multiset<std::string> ids = MessageIds(accepted);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), kMessages);
}

class EmailDb : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(EmailDb, EachAlertIsMailedOnceToEachRecipientWithAnAddress) {
  EngineFixture f(GetParam(), kMailPlan);
  SmtpReceiver smtp;
  RunResult r = f.Once(kNow, MailFlags(smtp.url()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectEachAlertMailedOnce(f, smtp.accepted());
  // Subjects that name the Cyrillic task are RFC 2047 encoded words; the
  // others plain ASCII.
  int encoded = 0;
  for (const SmtpMessage& m : smtp.accepted()) {
    const std::string raw = m.Header("Subject");
    const bool ascii =
        std::all_of(raw.begin(), raw.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
    EXPECT_TRUE(ascii) << raw;
    if (DecodeHeader(raw) != raw) {
      EXPECT_EQ(raw.rfind("=?UTF-8?B?", 0), 0u) << raw;
      ++encoded;
    }
  }
  EXPECT_GT(encoded, 0);
  // bob has no address: said once, although two alerts are for him.
  size_t said = 0;
  for (size_t at = r.out.find("no e-mail to bob"); at != std::string::npos;
       at = r.out.find("no e-mail to bob", at + 1))
    ++said;
  EXPECT_EQ(said, 1u) << r.out;
  // A restarted engine sends nothing again.
  RunResult again = f.Once(kNow, MailFlags(smtp.url()));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  RunResult later = f.Once("2027-01-14T17:00", MailFlags(smtp.url()));
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(smtp.messages().size(), kMessages);
}

TEST_P(EmailDb, RefusedMessagesAreRetriedAndDeliveredOnceUnderTheSameMessageId) {
  EngineFixture f(GetParam(), kMailPlan);
  SmtpReceiver smtp(/*fail_first=*/2, /*fail_code=*/451);
  RunResult first = f.Once(kNow, MailFlags(smtp.url()));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(smtp.messages().size(), kMessages);
  EXPECT_EQ(smtp.accepted().size(), kMessages - 2);
  EXPECT_NE(first.out.find("(reply 451)"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("2 deliveries failed"), std::string::npos) << first.out;
  // The next run retries only the two refused ones.
  RunResult second = f.Once(kNow, MailFlags(smtp.url()));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const std::vector<SmtpMessage> all = smtp.messages();
  ASSERT_EQ(all.size(), kMessages + 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(all[i].reply, 451);
    EXPECT_EQ(all[kMessages + i].reply, 250);
    EXPECT_EQ(all[kMessages + i].Header("Message-ID"), all[i].Header("Message-ID"));
    EXPECT_EQ(all[kMessages + i].data, all[i].data);  // byte for byte the same message
  }
  ExpectEachAlertMailedOnce(f, smtp.accepted());
  ASSERT_EQ(f.Once(kNow, MailFlags(smtp.url())).exit_code, 0);
  EXPECT_EQ(smtp.messages().size(), kMessages + 2);
  std::unique_ptr<Store> store = f.OpenStore();
  std::vector<OutboxItem> pending;
  ASSERT_TRUE(store->Read([&](StoreTx& tx) { pending = tx.PendingDeliveries({"email"}); }).ok());
  EXPECT_TRUE(pending.empty());
}

TEST_P(EmailDb, AServerThatIsDownGetsEverythingOnceItIsBack) {
  EngineFixture f(GetParam(), kMailPlan);
  int port = 0;
  close(ListenOnLoopback(&port));  // a port nobody listens on now
  const std::string url = "smtp://127.0.0.1:" + std::to_string(port);
  RunResult down = f.Once(kNow, MailFlags(url));
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_NE(down.out.find("6 deliveries failed"), std::string::npos) << down.out;
  std::unique_ptr<Store> store = f.OpenStore();
  std::vector<OutboxItem> pending;
  ASSERT_TRUE(store->Read([&](StoreTx& tx) { pending = tx.PendingDeliveries({"email"}); }).ok());
  ASSERT_EQ(pending.size(), kMessages);
  for (const OutboxItem& item : pending) {
    EXPECT_TRUE(item.sink == "email:ann" || item.sink == "email:boss") << item.sink;
    EXPECT_EQ(item.attempts, 1);
  }
  SmtpReceiver smtp(0, 451, port);
  RunResult back = f.Once(kNow, MailFlags(smtp.url()));
  ASSERT_EQ(back.exit_code, 0) << back.err;
  ExpectEachAlertMailedOnce(f, smtp.accepted());
  EXPECT_EQ(smtp.messages().size(), kMessages);
}

// The running engine (not --once) retries on its back-off timer until the
// server takes the message.
TEST_P(EmailDb, TheRunningEngineRetriesWithBackOffUntilAccepted) {
  EngineFixture f(GetParam(), kMailPlan);
  SmtpReceiver smtp(/*fail_first=*/3, /*fail_code=*/421);
  const std::string config = f.Write("engine.conf", "smtp = " + smtp.url() +
                                                        "\nmail_from = rollout@example.com\n"
                                                        "retry_ms = 20\nretry_max_ms = 200\n");
  ChildProcess engine({ROLLOUT_BINARY, "--db", f.db(), "--now", kNow, "--as", "engine", "engine",
                       "--config", config},
                      f.dir(), "engine");
  ASSERT_TRUE(WaitFor([&] { return smtp.accepted().size() >= kMessages; }, milliseconds(20000)))
      << smtp.messages().size() << " messages\n"
      << engine.Out() << engine.Err();
  engine.Signal(SIGTERM);
  ASSERT_EQ(engine.Wait(milliseconds(10000)), 0) << engine.Err();
  EXPECT_EQ(smtp.messages().size(), kMessages + 3);
  EXPECT_NE(engine.Out().find("(reply 421)"), std::string::npos) << engine.Out();
  ExpectEachAlertMailedOnce(f, smtp.accepted());
}

// Killed with SIGKILL while mailing: the restarted engine sends what was
// not accepted, and nothing accepted and marked before the kill again.
TEST_P(EmailDb, SigkillWhileMailingThenRestartLosesNothing) {
  EngineFixture f(GetParam(), kMailPlan);
  SmtpReceiver smtp(/*fail_first=*/4, /*fail_code=*/451);
  const std::string config = f.Write("engine.conf", "smtp = " + smtp.url() +
                                                        "\nmail_from = rollout@example.com\n"
                                                        "retry_ms = 60000\n");
  {
    ChildProcess engine({ROLLOUT_BINARY, "--db", f.db(), "--now", kNow, "--as", "engine", "engine",
                         "--config", config},
                        f.dir(), "engine");
    // Four refused (they wait a minute), two accepted; then the kill.
    ASSERT_TRUE(WaitFor([&] { return smtp.messages().size() >= kMessages; }, milliseconds(20000)))
        << engine.Out() << engine.Err();
    ASSERT_TRUE(WaitFor(
        [&] {
          std::unique_ptr<Store> store = f.OpenStore();
          std::vector<OutboxItem> pending;
          return store &&
                 store->Read([&](StoreTx& tx) { pending = tx.PendingDeliveries({"email"}); })
                     .ok() &&
                 pending.size() == kMessages - 2;
        },
        milliseconds(10000)));
    engine.Signal(SIGKILL);
    EXPECT_EQ(engine.Wait(milliseconds(10000)), 128 + SIGKILL);
  }
  RunResult restart = f.Once(kNow, MailFlags(smtp.url()));
  ASSERT_EQ(restart.exit_code, 0) << restart.err;
  EXPECT_NE(restart.out.find("undelivered alert deliveries from before"), std::string::npos)
      << restart.out;
  EXPECT_EQ(smtp.messages().size(), kMessages + 4);
  ExpectEachAlertMailedOnce(f, smtp.accepted());
}

TEST_P(EmailDb, CredentialsFromTheEnvironmentOrTheUrlAreUsedAndNeverPrinted) {
  EngineFixture f(GetParam(), kMailPlan);
  SmtpReceiver smtp;
  RunResult r = Rollout({"--db", f.db(), "--now", kNow, "--as", "engine", "engine", "--once",
                         "--smtp", smtp.url(), "--mail-from", "rollout@example.com"},
                        {"ROLLOUT_SMTP_USER=mailer", "ROLLOUT_SMTP_PASSWORD=s3cr3t-env"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(smtp.accepted().size(), kMessages);
  for (const SmtpMessage& m : smtp.accepted()) {
    EXPECT_EQ(m.user, "mailer");
    EXPECT_EQ(m.password, "s3cr3t-env");
  }
  EXPECT_EQ((r.out + r.err).find("s3cr3t"), std::string::npos);

  // Userinfo wins over the environment; a refusal is logged without it.
  EngineFixture g(GetParam(), kMailPlan);
  SmtpReceiver refusing(1, 535);
  const std::string url = "smtp://u2:p%40ss-url@127.0.0.1:" + std::to_string(refusing.port());
  RunResult u = Rollout({"--db", g.db(), "--now", kNow, "--as", "engine", "engine", "--once",
                         "--smtp", url, "--mail-from", "rollout@example.com"},
                        {"ROLLOUT_SMTP_USER=mailer", "ROLLOUT_SMTP_PASSWORD=s3cr3t-env"});
  ASSERT_EQ(u.exit_code, 0) << u.err;
  ASSERT_EQ(refusing.messages().size(), kMessages);
  EXPECT_EQ(refusing.messages()[0].user, "u2");
  EXPECT_EQ(refusing.messages()[0].password, "p@ss-url");
  EXPECT_NE(u.out.find("(reply 535)"), std::string::npos) << u.out;
  for (const char* secret : {"p%40ss", "p@ss", "s3cr3t"})
    EXPECT_EQ((u.out + u.err).find(secret), std::string::npos) << secret << "\n" << u.out;
}

TEST_P(EmailDb, BadSmtpSettingsAreRefusedWithExitCode2AndNothingSent) {
  EngineFixture f(GetParam(), kMailPlan);
  struct Case {
    std::vector<std::string> flags;
    std::string error;
  };
  const std::vector<Case> cases = {
      {{"--smtp", "http://u:hunter2@127.0.0.1:25", "--mail-from", "r@example.com"},
       "--smtp: the SMTP URL is not smtp:// or smtps://"},
      {{"--smtp", "smtp://127.0.0.1:25"}, "--smtp needs a sender"},
      {{"--mail-from", "r@example.com"}, "--mail-from needs --smtp"},
      {{"--smtp", "smtp://127.0.0.1:25", "--mail-from", "r@example.com\r\nBcc: evil@example.org"},
       "is not an e-mail address: it contains a line break"},
      {{"--smtp", "smtp://127.0.0.1:25", "--mail-from", "Rollout <r@example.com>"},
       "is not an e-mail address"},
  };
  for (const Case& c : cases) {
    RunResult r = f.Once(kNow, c.flags);
    EXPECT_EQ(r.exit_code, 2) << c.error;
    EXPECT_NE(r.err.find(c.error), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("hint: "), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("\r"), std::string::npos) << r.err;  // shown escaped
  }
  EXPECT_TRUE(f.Alerts().empty());  // refused before evaluating anything
}

// Addresses that would inject a header, name a second recipient or are not
// addresses, and a language that is not en or ru: each refused at its
// position, all in one run, and nothing loaded.
TEST(Email, PlanKeysThatCouldInjectAHeaderAreRefusedAtTheirPosition) {
  ScopedTempDir dir;
  const std::string plan = R"(plan: mail
start: 2027-01-11
roles: {lead: {name: Lead}}
people:
  - {id: boss, roles: [lead], email: "boss@example.com\r\nBcc: evil@example.org"}
  - {id: p1, email: "p1@example.com\nSubject: forged"}
  - {id: p2, email: "p2@example.com, evil@example.org"}
  - {id: p3, email: "P Three <p3@example.com>"}
  - {id: p4, email: "p4"}
  - {id: p5, email: "p5@example.com\u0000x"}
  - {id: p6, email: [a@example.com, b@example.com]}
  - {id: p7, email: ok@example.com, lang: de}
tasks:
  - {id: a, duration: 1, assignee: boss}
)";
  dir.Write("mail.yaml", plan);
  RunResult r = RolloutIn(dir.path(), {"plan", "check", "mail.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  for (const char* expected : {
           "mail.yaml:5:38: error: invalid e-mail address 'boss@example.com\\r\\nBcc: "
           "evil@example.org': it contains a line break",
           "mail.yaml:6:21: error: invalid e-mail address 'p1@example.com\\nSubject: forged': it "
           "contains a line break",
           "mail.yaml:7:21: error: invalid e-mail address 'p2@example.com, evil@example.org': it "
           "contains a list separator: give one address",
           "mail.yaml:8:21: error: invalid e-mail address 'P Three <p3@example.com>'",
           "mail.yaml:9:21: error: invalid e-mail address 'p4': it has no '@'",
           "mail.yaml:10:21: error: invalid e-mail address 'p5@example.com\\x00x': it contains a "
           "control character",
           "mail.yaml:11:21: error: expected a value for 'email', got a list",
           "mail.yaml:12:43: error: unknown language 'de'",
           "hint: give one address such as anna@example.com, on one line",
           "hint: use en or ru",
       })
    EXPECT_NE(r.err.find(expected), std::string::npos) << expected << "\n" << r.err;
  EXPECT_EQ(r.err.find("invalid e-mail address ''"), std::string::npos);  // the list: one error
  // No raw control character reaches the terminal.
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
  EXPECT_EQ(r.err.find(std::string(1, '\0')), std::string::npos);

  // load refuses the same file and writes nothing.
  RunResult load = RolloutIn(dir.path(), {"--db", "mail.db", "--as", "boss", "load", "mail.yaml"});
  EXPECT_EQ(load.exit_code, 2) << load.err;
  EXPECT_NE(load.err.find("invalid e-mail address"), std::string::npos) << load.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/mail.db"));
}

TEST_P(EmailDb, AddressesAndLanguagesAreStoredWithThePlan) {
  EngineFixture f(GetParam(), kMailPlan);
  std::unique_ptr<Store> store = f.OpenStore();
  std::vector<PlanPersonRow> people;
  ASSERT_TRUE(store->Read([&](StoreTx& tx) { people = tx.PlanPeople("eng", 1); }).ok());
  ASSERT_EQ(people.size(), 3u);
  EXPECT_EQ(people[0].email, "boss@example.com");
  EXPECT_EQ(people[0].lang, "en");
  EXPECT_EQ(people[1].email, "ann@example.ru");
  EXPECT_EQ(people[1].lang, "ru");
  EXPECT_EQ(people[2].email, "");
  EXPECT_EQ(people[2].lang, "");
}

INSTANTIATE_TEST_SUITE_P(Backends, EmailDb, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout::testing
