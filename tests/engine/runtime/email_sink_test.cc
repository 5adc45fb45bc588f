// The e-mail sink's message and URL, in process: what goes on the wire is
// checked by parsing it back as the test SMTP receiver does
// (tests/testing/smtp_receiver.h). Delivery itself: tests/cli/email_test.cc.
#include "engine/runtime/email_sink.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "tests/testing/smtp_receiver.h"

namespace rollout {
namespace {

using testing::DecodeHeader;
using testing::SmtpMessage;

AlertDelivery MakeDelivery(std::string message) {
  AlertDelivery d;
  d.alert.id = 42;
  d.alert.project = "eng";
  d.alert.plan_version = 1;
  d.alert.kind = "overdue";
  d.alert.task = "a";
  d.alert.about = "2027-01-12";
  d.alert.recipients = {"ann", "boss"};
  d.alert.created_at = "2027-01-14T12:00:00+03:00";
  d.alert.message = std::move(message);
  d.json = AlertJson(d.alert);
  d.idempotency_key = IdempotencyKey(d.alert);
  d.row = "email:ann";
  return d;
}

SmtpMessage Parsed(const std::string& data) {
  SmtpMessage m;
  m.data = data;
  return m;
}

TEST(EmailMessage, HasTheHeadersOfRfc5322AndAUtf8Body) {
  const AlertDelivery d = MakeDelivery("Задача «Аудит» просрочена");
  const SmtpMessage m = Parsed(
      BuildEmailMessage(d, {"rollout@example.com", "ann@example.ru", "Анна Петрова", "ann"}));
  EXPECT_EQ(m.Header("From"), "rollout <rollout@example.com>");
  EXPECT_EQ(DecodeHeader(m.Header("To")), "Анна Петрова <ann@example.ru>");
  EXPECT_EQ(DecodeHeader(m.Header("Subject")), "[rollout eng] Задача «Аудит» просрочена");
  EXPECT_EQ(m.Header("Subject").rfind("=?UTF-8?B?", 0), 0u) << m.Header("Subject");
  EXPECT_EQ(m.Header("Date"), "Thu, 14 Jan 2027 12:00:00 +0300");
  EXPECT_EQ(m.Header("Message-ID"), MessageIdOf(d, "ann", "rollout@example.com"));
  EXPECT_EQ(m.Header("MIME-Version"), "1.0");
  EXPECT_EQ(m.Header("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(m.Header("Auto-Submitted"), "auto-generated");
  EXPECT_EQ(m.Header("X-Rollout-Alert"), "42");
  const std::string body = m.Body();
  EXPECT_EQ(body.rfind("Задача «Аудит» просрочена\r\n\r\n{", 0), 0u) << body;
  const std::string json = body.substr(body.find('{'));
  const nlohmann::json j = nlohmann::json::parse(json);
  EXPECT_EQ(j["id"], 42);
  EXPECT_EQ(j["kind"], "overdue");
  EXPECT_EQ(j["message"], "Задача «Аудит» просрочена");
  // Every line of the message is CRLF-terminated; folded and body lines
  // stay within 78 characters (a Message-ID cannot be folded: under 998).
  std::istringstream lines(m.data);
  for (std::string line; std::getline(lines, line);) {
    ASSERT_FALSE(line.empty() || line.back() != '\r') << "bare LF in: " << line;
    line.pop_back();
    EXPECT_LE(line.size(), line.rfind("Message-ID:", 0) == 0 ? 998u : 78u) << line;
  }
}

TEST(EmailMessage, AsciiSubjectStaysReadable) {
  const SmtpMessage m = Parsed(BuildEmailMessage(
      MakeDelivery("task a is overdue"), {"r@example.com", "boss@example.com", "", "boss"}));
  EXPECT_EQ(m.Header("Subject"), "[rollout eng] task a is overdue");
  EXPECT_EQ(m.Header("To"), "<boss@example.com>");
}

// Names and messages are free text: a line break in either must not start
// a header of its own (Bcc would mail a third party).
TEST(EmailMessage, LineBreaksInNamesAndMessagesNeverMakeAHeader) {
  for (const std::string& evil :
       {std::string("x\r\nBcc: evil@example.org"), std::string("x\nBcc: evil@example.org"),
        std::string("x\rBcc: evil@example.org"), std::string("x\r\n\r\nforged body"),
        std::string("=?UTF-8?B?QmNjOiBldmls?=\r\nBcc: evil@example.org"),
        std::string("\"quoted\" \\ name\r\nBcc: evil@example.org")}) {
    const SmtpMessage m = Parsed(
        BuildEmailMessage(MakeDelivery(evil), {"r@example.com", "ann@example.ru", evil, "ann"}));
    EXPECT_EQ(m.Count("Bcc"), 0) << m.data;
    EXPECT_EQ(m.Count("To"), 1);
    EXPECT_EQ(m.Count("Subject"), 1);
    // The header block ends where the MIME headers say, not earlier.
    const std::string head = m.data.substr(0, m.data.find("\r\n\r\n"));
    EXPECT_NE(head.find("Content-Transfer-Encoding: base64"), std::string::npos) << head;
  }
}

TEST(EmailMessage, LongCyrillicSubjectIsFoldedAtCharacterBoundaries) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Перенос ";
  const SmtpMessage m =
      Parsed(BuildEmailMessage(MakeDelivery(text), {"r@example.com", "ann@example.ru", "", "ann"}));
  const std::string subject = DecodeHeader(m.Header("Subject"));
  EXPECT_EQ(subject.rfind("[rollout eng] Перенос Перенос", 0), 0u) << subject;
  EXPECT_LE(subject.size(), 200u);
  // Truncated on a character boundary: valid UTF-8 to the end.
  EXPECT_EQ(subject.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_NE((static_cast<unsigned char>(subject.back()) & 0xC0), 0xC0);
}

TEST(EmailMessage, MessageIdIsStablePerAlertAndRecipient) {
  const AlertDelivery d = MakeDelivery("x");
  const std::string id = MessageIdOf(d, "ann", "rollout@example.com");
  EXPECT_TRUE(std::regex_match(id, std::regex("^<rollout-42-overdue-[0-9a-f]{32}\\.[0-9a-f]{16}"
                                              "@example\\.com>$")))
      << id;
  AlertDelivery retry = MakeDelivery("another text");  // read back after a restart
  retry.alert.recipients = {"someone"};
  EXPECT_EQ(MessageIdOf(retry, "ann", "rollout@example.com"), id);
  std::set<std::string> ids{id, MessageIdOf(d, "boss", "rollout@example.com")};
  AlertDelivery other = MakeDelivery("x");
  other.alert.id = 43;
  other.idempotency_key = IdempotencyKey(other.alert);
  ids.insert(MessageIdOf(other, "ann", "rollout@example.com"));
  EXPECT_EQ(ids.size(), 3u);
}

TEST(EmailMessage, DateOfTheAlertsCreationInRfc5322) {
  EXPECT_EQ(Rfc5322Date("2027-01-11T09:00:00+00:00"), "Mon, 11 Jan 2027 09:00:00 +0000");
  EXPECT_EQ(Rfc5322Date("2027-03-01T00:05:09-05:30"), "Mon, 01 Mar 2027 00:05:09 -0530");
  EXPECT_EQ(Rfc5322Date("2028-02-29T23:59:59Z"), "Tue, 29 Feb 2028 23:59:59 +0000");
  EXPECT_EQ(Rfc5322Date("2027-02-30T09:00:00+00:00"), "");
  EXPECT_EQ(Rfc5322Date("2027-01-11 09:00"), "");
  EXPECT_EQ(Rfc5322Date("2027-01-11T09:00:00+0300"), "");
}

TEST(SmtpUrl, CredentialsComeOutOfTheUrlAndOutOfWhatIsShown) {
  Result<SmtpServer> s = ParseSmtpUrl("smtps://mailer:p%40ss%3Aw0rd@mail.example.com:2465");
  ASSERT_TRUE(s.ok()) << s.errors()[0].message;
  EXPECT_EQ(s.value().user, "mailer");
  EXPECT_EQ(s.value().password, "p@ss:w0rd");
  EXPECT_EQ(s.value().shown, "smtps://mail.example.com:2465");
  EXPECT_EQ(s.value().url, "smtps://mail.example.com:2465");
  EXPECT_EQ(ParseSmtpUrl("smtp://127.0.0.1").value().url, "smtp://127.0.0.1:25");
  EXPECT_EQ(ParseSmtpUrl("smtps://127.0.0.1").value().url, "smtps://127.0.0.1:465");
  EXPECT_EQ(ParseSmtpUrl("smtp://127.0.0.1:2525/rollout.example.com").value().url,
            "smtp://127.0.0.1:2525/rollout.example.com");
}

TEST(SmtpUrl, RefusesOtherSchemesAndOddCharactersWithoutEchoingThePassword) {
  for (const char* bad : {"http://127.0.0.1:25", "127.0.0.1:25", "smtp://",
                          "smtp://u:hunter2@host:25 x", "smtp://u:hunter2@host:25\r\n",
                          "smtp://host:25?x=1", "smtp://host:99999", "ftp://u:hunter2@h"}) {
    Result<SmtpServer> s = ParseSmtpUrl(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.errors()[0].message.find("hunter2"), std::string::npos) << s.errors()[0].message;
  }
}

}  // namespace
}  // namespace rollout
