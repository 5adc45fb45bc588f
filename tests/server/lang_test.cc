// The server in the client's language (docs/server.md "Languages"): a real
// `rollout serve` on 127.0.0.1 asked over raw HTTP with and without
// `Accept-Language: ru`: the human "message" of an error follows the
// header, also for a write the group commit's writer thread refuses; the
// codes and the JSON data never change; the CLI client asks in its own
// language. Accept-Language itself is parsed in process.
#include <signal.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/accept_language.h"
#include "tests/server/server_testing.h"

namespace rollout::testing {
namespace {

using namespace std::chrono_literals;
using server::LangOfAcceptLanguage;

TEST(AcceptLanguage, RussianRangesWinByTheirQValue) {
  EXPECT_EQ(LangOfAcceptLanguage("ru", Lang::kEn), Lang::kRu);
  EXPECT_EQ(LangOfAcceptLanguage("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", Lang::kEn), Lang::kRu);
  EXPECT_EQ(LangOfAcceptLanguage("RU-ru", Lang::kEn), Lang::kRu);
  EXPECT_EQ(LangOfAcceptLanguage("en-US,en;q=0.9,ru;q=0.8", Lang::kRu), Lang::kEn);
  EXPECT_EQ(LangOfAcceptLanguage("de, ru;q=0.5", Lang::kEn), Lang::kRu);
  EXPECT_EQ(LangOfAcceptLanguage("ru;q=0.5 , en;q=0.6", Lang::kRu), Lang::kEn);
  EXPECT_EQ(LangOfAcceptLanguage("ru ; Q=1.000", Lang::kEn), Lang::kRu);
}

TEST(AcceptLanguage, ElseTheServersLanguage) {
  for (Lang fallback : {Lang::kEn, Lang::kRu}) {
    EXPECT_EQ(LangOfAcceptLanguage("", fallback), fallback);
    EXPECT_EQ(LangOfAcceptLanguage("de-DE, fr;q=0.8", fallback), fallback);
    EXPECT_EQ(LangOfAcceptLanguage("*", fallback), fallback);
    EXPECT_EQ(LangOfAcceptLanguage(" , ;;, ", fallback), fallback);
  }
  EXPECT_EQ(LangOfAcceptLanguage("ru;q=0", Lang::kEn), Lang::kEn);      // "not acceptable"
  EXPECT_EQ(LangOfAcceptLanguage("ru;q=2", Lang::kEn), Lang::kEn);      // not a q-value
  EXPECT_EQ(LangOfAcceptLanguage("ru;q=0.0001", Lang::kEn), Lang::kEn);  // four decimals
  EXPECT_EQ(LangOfAcceptLanguage("russian", Lang::kEn), Lang::kEn);
  EXPECT_EQ(LangOfAcceptLanguage(std::string(2000, ' ') + "ru", Lang::kEn), Lang::kEn);  // over the limit
}

// |method target| with |token| and |body|, and an Accept-Language when |lang| is given.
std::string Ask(int port, const std::string& method, const std::string& target, const std::string& token,
                const std::string& body, const std::string& lang) {
  std::string request = Request(method, target, token, body);
  if (!lang.empty()) request.insert(request.find("\r\n") + 2, "Accept-Language: " + lang + "\r\n");
  return Raw(port, request);
}

nlohmann::json ErrorOf(const std::string& response) {
  const nlohmann::json j = nlohmann::json::parse(BodyOf(response), nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"] : nlohmann::json();
}

std::string HeaderOf(const std::string& response, const std::string& name) {
  const size_t at = response.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  const size_t from = at + 4 + name.size();
  return response.substr(from, response.find("\r\n", from) - from);
}

class ServerLang : public ::testing::TestWithParam<Backend> {
 protected:
  DbFixture f{GetParam()};
  ScopedTempDir dir;
};

TEST_P(ServerLang, AnErrorMessageFollowsAcceptLanguageAndItsCodeDoesNot) {
  const std::string boss = IssueLocally(f, "boss");
  Server server(f.db(), f.now, dir.path(), {"--no-engine"});
  // A read (answered on the io_context) and a write (the writer thread's
  // batch): the unknown task in both languages.
  struct Case {
    std::string method, target, en, ru;
  } cases[] = {
      {"GET", "/api/v1/tasks/nope", "unknown task 'nope'", "неизвестная задача «nope»"},
      {"POST", "/api/v1/tasks/nope/start", "unknown task 'nope'", "неизвестная задача «nope»"},
      {"GET", "/api/v1/tasks?colour=red", "unknown query parameter 'colour'",
       "неизвестный параметр запроса «colour»"},
      {"POST", "/api/v1/tasks/a/progress", "unknown field 'percentage'", "неизвестное поле «percentage»"},
  };
  for (const Case& c : cases) {
    const std::string body = c.target.find("progress") != std::string::npos ? R"({"percentage": 5})" : "";
    const std::string en = Ask(server.port(), c.method, c.target, boss, body, "");
    const std::string ru = Ask(server.port(), c.method, c.target, boss, body, "ru-RU,ru;q=0.9,en;q=0.5");
    const std::string en2 = Ask(server.port(), c.method, c.target, boss, body, "en-GB, ru;q=0.1");
    SCOPED_TRACE(c.method + " " + c.target);
    EXPECT_EQ(StatusOf(ru), StatusOf(en)) << ru;
    EXPECT_GE(StatusOf(en), 400) << en;
    EXPECT_EQ(ErrorOf(en)["message"], c.en) << en;
    EXPECT_EQ(ErrorOf(en2)["message"], c.en) << en2;
    EXPECT_EQ(ErrorOf(ru)["message"], c.ru) << ru;
    EXPECT_EQ(ErrorOf(ru)["code"], ErrorOf(en)["code"]);
    EXPECT_FALSE(ErrorOf(en)["code"].get<std::string>().empty());
    EXPECT_EQ(HeaderOf(ru, "Vary"), "Accept-Language") << ru;
  }
  // Nothing was written by the refused start.
  EXPECT_EQ(f.Tasks()["a"]["state"], "planned");
  server.child().Signal(SIGTERM);
  EXPECT_EQ(server.child().Wait(10s), 0) << server.child().Err();
}

TEST_P(ServerLang, JsonDataIsTheSameInEitherLanguage) {
  const std::string boss = IssueLocally(f, "boss");
  Server server(f.db(), f.now, dir.path(), {"--no-engine"});
  for (const char* target : {"/api/v1/tasks", "/api/v1/status", "/api/v1/schedule", "/api/v1/projects",
                             "/api/v1/tasks/a", "/api/v1/log"}) {
    const std::string en = Ask(server.port(), "GET", target, boss, "", "en");
    const std::string ru = Ask(server.port(), "GET", target, boss, "", "ru");
    EXPECT_EQ(StatusOf(en), 200) << target << "\n" << en;
    EXPECT_EQ(StatusOf(ru), 200) << target << "\n" << ru;
    EXPECT_EQ(BodyOf(ru), BodyOf(en)) << target;
    EXPECT_EQ(HeaderOf(ru, "Vary"), "Accept-Language");
  }
  // A write's answer too: start a in Russian, reopen it, start it in English.
  const std::string petrova = IssueLocally(f, "petrova");
  const std::string ru = Ask(server.port(), "POST", "/api/v1/tasks/a/start", petrova, "", "ru");
  ASSERT_EQ(StatusOf(ru), 200) << ru;
  ASSERT_EQ(StatusOf(Ask(server.port(), "POST", "/api/v1/tasks/a/reopen", boss, "", "")), 200);
  const std::string en = Ask(server.port(), "POST", "/api/v1/tasks/a/start", petrova, "", "en");
  ASSERT_EQ(StatusOf(en), 200) << en;
  EXPECT_EQ(BodyOf(ru), BodyOf(en));
  server.child().Signal(SIGTERM);
  EXPECT_EQ(server.child().Wait(10s), 0) << server.child().Err();
}

TEST_P(ServerLang, WithoutAcceptLanguageTheServersOwnLanguage) {
  const std::string boss = IssueLocally(f, "boss");
  Server server(f.db(), f.now, dir.path(), {"--no-engine", "--lang", "ru"});
  const std::string plain = Ask(server.port(), "POST", "/api/v1/tasks/nope/done", boss, "", "");
  EXPECT_EQ(ErrorOf(plain)["message"], "неизвестная задача «nope»") << plain;
  const std::string en = Ask(server.port(), "POST", "/api/v1/tasks/nope/done", boss, "", "en");
  EXPECT_EQ(ErrorOf(en)["message"], "unknown task 'nope'") << en;
  // The HTTP layer's own refusal (the body over 1 MiB) reads the header too.
  const std::string big = Raw(server.port(),
                              "POST /api/v1/tasks/a/start HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: en\r\n"
                              "Content-Length: 2000000\r\n\r\n");
  EXPECT_EQ(StatusOf(big), 413) << big;
  EXPECT_EQ(ErrorOf(big)["message"], "the request body is over 1 MiB") << big;
  const std::string big_ru = Raw(server.port(),
                                 "POST /api/v1/tasks/a/start HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 "Content-Length: 2000000\r\n\r\n");
  EXPECT_EQ(ErrorOf(big_ru)["message"], "тело запроса больше 1 МиБ") << big_ru;
  server.child().Signal(SIGTERM);
  EXPECT_EQ(server.child().Wait(10s), 0) << server.child().Err();
}

TEST_P(ServerLang, TheSignInPageSpeaksTheBrowsersLanguage) {
  Server server(f.db(), f.now, dir.path(), {"--no-engine"});
  const std::string stale = "rollout_token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  const auto page = [&](const std::string& lang) {
    return Raw(server.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: " + stale +
                                  "\r\n" + (lang.empty() ? "" : "Accept-Language: " + lang + "\r\n") + "\r\n");
  };
  const std::string en = page("");
  const std::string ru = page("ru");
  EXPECT_EQ(StatusOf(en), 401) << en;
  EXPECT_EQ(StatusOf(ru), 401) << ru;
  EXPECT_NE(BodyOf(en).find("Your token is no longer valid: sign in again."), std::string::npos) << en;
  EXPECT_NE(BodyOf(ru).find("Ваш токен больше не действует: войдите снова."), std::string::npos) << ru;
  EXPECT_EQ(HeaderOf(ru, "Vary"), "Accept-Language");
  server.child().Signal(SIGTERM);
  EXPECT_EQ(server.child().Wait(10s), 0) << server.child().Err();
}

TEST_P(ServerLang, TheClientAsksInItsOwnLanguage) {
  const std::string petrova = IssueLocally(f, "petrova");
  Server server(f.db(), f.now, dir.path(), {"--no-engine"});
  RunResult ru = Client(server.url(), petrova, {"--lang", "ru", "start", "nope"});
  EXPECT_NE(ru.exit_code, 0);
  EXPECT_NE(ru.err.find("неизвестная задача «nope»"), std::string::npos) << ru.err;
  RunResult env = Client(server.url(), petrova, {"start", "nope"}, {"ROLLOUT_LANG=ru"});
  EXPECT_NE(env.err.find("неизвестная задача «nope»"), std::string::npos) << env.err;
  RunResult en = Client(server.url(), petrova, {"start", "nope"});
  EXPECT_EQ(en.exit_code, ru.exit_code);
  EXPECT_NE(en.err.find("unknown task 'nope'"), std::string::npos) << en.err;
  // --json output of a read is the same in both.
  RunResult json_en = Client(server.url(), petrova, {"tasks", "--json"});
  RunResult json_ru = Client(server.url(), petrova, {"--lang", "ru", "tasks", "--json"});
  EXPECT_EQ(json_en.exit_code, 0) << json_en.err;
  EXPECT_EQ(json_ru.out, json_en.out);
  server.child().Signal(SIGTERM);
  EXPECT_EQ(server.child().Wait(10s), 0) << server.child().Err();
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerLang, AllBackends(), BackendName);

}  // namespace
}  // namespace rollout::testing
