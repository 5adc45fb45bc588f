// One alert, two recipients, two languages (docs/server.md "Languages"): the
// e-mail sink renders the alert again for each recipient inside a
// LangScope of their plan `lang:` (ann: ru, boss: en, bob: none, so the
// engine's default), and sends it to the real SMTP receiver of the tests
// (tests/testing/smtp_receiver.h). The alerts are raised by the real
// binary (`engine --once`); the sink runs in process.
#include <gtest/gtest.h>
#include <spdlog/logger.h>

#include <boost/asio/io_context.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/runtime/email_sink.h"
#include "po/messages.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/smtp_receiver.h"
#include "tools/cli/alert_text.h"

namespace rollout::testing {
namespace {

const char* const kLangPlan = R"(plan: eng
start: 2027-01-11
timezone: UTC
roles: {lead: {name: Lead}, manager: {name: Manager}}
people:
  - {id: boss, email: boss@example.com, lang: en, roles: [lead]}
  - {id: ann, name: "Анна", email: ann@example.ru, lang: ru, roles: [manager]}
  - {id: bob, email: bob@example.com, roles: [manager]}
metrics: {kpi: {name: "Проверено"}}
tasks:
  - {id: a, name: "Аудит", duration: 2, assignee: ann}
  - {id: g, after: [a], gate: {approve: [boss], metrics: [{metric: kpi, min: 5}]}}
  - {id: b, duration: 3, after: [g], needs: {manager: 1}, deadline: 2027-01-15}
)";

// At Thu 2027-01-14 12:00 a is overdue (for ann and boss) and b at risk
// of its deadline (ann, bob, boss).
constexpr const char* kNow = "2027-01-14T12:00";

StoredAlert AlertOf(const EngineFixture& f, const std::string& kind) {
  int64_t id = 0;
  for (const auto& a : f.Alerts())
    if (a["kind"] == kind) id = a["id"].get<int64_t>();
  EXPECT_NE(id, 0) << f.Alerts().dump(1);
  std::unique_ptr<Store> store = f.OpenStore();
  std::optional<StoredAlert> alert;
  EXPECT_TRUE(store->Read([&](StoreTx& tx) { alert = tx.FindAlert(id, ""); }).ok());
  return alert.value_or(StoredAlert{});
}

// Mails |alert| to each of |people| through the sink as the engine hands
// it over: the message in the default language, the render function beside it.
std::map<std::string, SmtpMessage> MailTo(const EngineFixture& f, StoredAlert alert,
                                          const std::vector<std::string>& people) {
  SmtpReceiver smtp;
  std::unique_ptr<Store> store = f.OpenStore();
  boost::asio::io_context io;
  EmailOptions options;
  Result<SmtpServer> server = ParseSmtpUrl(smtp.url());
  EXPECT_TRUE(server.ok());
  options.server = server.value();
  options.from = "rollout@example.com";
  EmailSink sink(io, store.get(), std::make_shared<spdlog::logger>("test"), false, options);
  alert.message = AlertText(alert);
  for (const std::string& person : people) {
    AlertDelivery d{alert, AlertJson(alert), IdempotencyKey(alert), "email:" + person, AlertText};
    std::string error = "not called";
    sink.Deliver(d, [&](const std::string& e) { error = e; });
    io.restart();
    io.run();
    EXPECT_EQ(error, "") << person;
  }
  std::map<std::string, SmtpMessage> out;
  for (const SmtpMessage& m : smtp.accepted())
    for (const std::string& person : people)
      if (m.rcpt_to.size() == 1 && m.rcpt_to[0].rfind(person + "@", 0) == 0) out[person] = m;
  EXPECT_EQ(out.size(), people.size());
  return out;
}

class EmailLang : public ::testing::TestWithParam<Backend> {};

TEST_P(EmailLang, EachRecipientReadsTheAlertInTheirLanguage) {
  EngineFixture f(GetParam(), kLangPlan);
  ASSERT_EQ(f.Once(kNow).exit_code, 0);
  const StoredAlert overdue = AlertOf(f, "overdue");
  std::map<std::string, SmtpMessage> mail = MailTo(f, overdue, {"ann", "boss"});
  const std::string ru =
      "«a» (Аудит) просрочена: окончание по базовому плану 12.01.2027 прошло, а задача не выполнена";
  const std::string en = "'a' (Аудит) is overdue: its baseline finish 2027-01-12 has passed and it is not done";
  EXPECT_EQ(DecodeHeader(mail["ann"].Header("Subject")), "[rollout eng] " + ru);
  EXPECT_EQ(DecodeHeader(mail["boss"].Header("Subject")), "[rollout eng] " + en);
  const std::string ann = mail["ann"].Body(), boss = mail["boss"].Body();
  EXPECT_EQ(ann.rfind(ru + "\r\n\r\n{", 0), 0u) << ann;
  EXPECT_EQ(boss.rfind(en + "\r\n\r\n{", 0), 0u) << boss;
  // The JSON part: the same keys and data, only the human message differs.
  nlohmann::json ja = nlohmann::json::parse(ann.substr(ann.find('{')));
  nlohmann::json jb = nlohmann::json::parse(boss.substr(boss.find('{')));
  EXPECT_EQ(ja["message"], ru);
  EXPECT_EQ(jb["message"], en);
  ja.erase("message");
  jb.erase("message");
  EXPECT_EQ(ja, jb);
  EXPECT_EQ(ja["kind"], "overdue");
  EXPECT_EQ(ja["about"], "2027-01-12");  // data stays ISO
  EXPECT_EQ(mail["ann"].Header("X-Rollout-Alert"), mail["boss"].Header("X-Rollout-Alert"));
}

TEST_P(EmailLang, APersonWithoutLangGetsTheEnginesDefault) {
  EngineFixture f(GetParam(), kLangPlan);
  ASSERT_EQ(f.Once(kNow).exit_code, 0);
  const StoredAlert risk = AlertOf(f, "deadline_risk");
  {
    std::map<std::string, SmtpMessage> mail = MailTo(f, risk, {"bob"});
    EXPECT_NE(DecodeHeader(mail["bob"].Header("Subject")).find("is forecast to finish"), std::string::npos);
  }
  SetDefaultLang(Lang::kRu);  // as `rollout serve --lang ru` does
  std::map<std::string, SmtpMessage> mail = MailTo(f, risk, {"bob", "boss"});
  SetDefaultLang(Lang::kEn);
  const std::string bob = DecodeHeader(mail["bob"].Header("Subject"));
  EXPECT_NE(bob.find("по прогнозу окончание"), std::string::npos) << bob;
  EXPECT_NE(bob.find("позже крайнего срока 15.01.2027"), std::string::npos) << bob;
  // boss asked for English in the plan: English whatever the default.
  EXPECT_NE(DecodeHeader(mail["boss"].Header("Subject")).find("after its deadline 2027-01-15"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, EmailLang, AllBackends(), BackendName);

}  // namespace
}  // namespace rollout::testing
