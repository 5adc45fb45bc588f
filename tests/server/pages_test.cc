// The report served live at `/` (docs/report.md "Served live"): a real
// `rollout serve`, raw HTTP as a browser sends it. Without a token the
// sign-in form; POST /login sets a private cookie; with it the same page
// `rollout export html` writes from the same database; the cookie opens no
// API route; a revoked token signs the browser out; names are escaped.
#include <gtest/gtest.h>

#include <string>

#include "tests/server/server_testing.h"
#include "tests/testing/test_db.h"

namespace rollout::testing {
namespace {

std::string Get(const std::string& target, const std::string& cookie) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
         (cookie.empty() ? "" : "Cookie: theme=dark; rollout_token=" + cookie + "\r\n") + "\r\n";
}

std::string PostForm(const std::string& target, const std::string& form) {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
         "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
         std::to_string(form.size()) + "\r\n\r\n" + form;
}

// The value of header |name| (case as the server writes it), or "".
std::string HeaderOf(const std::string& response, const std::string& name) {
  const size_t end = response.find("\r\n\r\n");
  const size_t at = response.find("\r\n" + name + ": ");
  if (at == std::string::npos || at > end) return "";
  const size_t from = at + name.size() + 4;
  return response.substr(from, response.find("\r\n", from) - from);
}

class PagesTest : public ::testing::TestWithParam<Backend> {
 protected:
  DbFixture f{GetParam()};
  ScopedTempDir dir;
};

TEST_P(PagesTest, WithoutATokenTheRootIsTheSignInForm) {
  Server server(f.db(), f.now, dir.path(), {"--no-engine"});
  const std::string r = Raw(server.port(), Get("/", ""));
  EXPECT_EQ(StatusOf(r), 401) << r;
  EXPECT_EQ(HeaderOf(r, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(HeaderOf(r, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-store");
  EXPECT_NE(BodyOf(r).find("<form method=\"post\" action=\"/login\""), std::string::npos);
  EXPECT_EQ(BodyOf(r).find("data-task="), std::string::npos);  // no report
}

TEST_P(PagesTest, SignInSetsAPrivateCookieAndServesTheReportOfExportHtml) {
  const std::string petrova = IssueLocally(f, "petrova");
  Server server(f.db(), f.now, dir.path(), {"--no-engine"});

  const std::string bad = Raw(server.port(), PostForm("/login", "token=rlt_" + std::string(64, 'x')));
  EXPECT_EQ(StatusOf(bad), 401) << bad;
  EXPECT_EQ(HeaderOf(bad, "Set-Cookie"), "");

  const std::string login = Raw(server.port(), PostForm("/login", "token=" + petrova));
  ASSERT_EQ(StatusOf(login), 303) << login;
  EXPECT_EQ(HeaderOf(login, "Location"), "/");
  const std::string cookie = HeaderOf(login, "Set-Cookie");
  EXPECT_EQ(cookie.rfind("rollout_token=" + petrova + ";", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP: " << cookie;

  const std::string page = Raw(server.port(), Get("/", petrova));
  ASSERT_EQ(StatusOf(page), 200) << page.substr(0, 2000);
  RunResult exported = f.As("petrova", {"export", "html"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(BodyOf(page), exported.out);
  for (const char* id : {"\"a\"", "\"b\"", "\"g\"", "\"c\"", "\"d\"", "\"e\""})
    EXPECT_NE(BodyOf(page).find(std::string("data-task=") + id), std::string::npos) << id;

  // The cookie is for the pages: the API takes the Authorization header only.
  const std::string api = Raw(server.port(), Get("/api/v1/tasks", petrova));
  EXPECT_EQ(StatusOf(api), 401) << api;

  const std::string out = Raw(server.port(), PostForm("/logout", ""));
  EXPECT_EQ(StatusOf(out), 303);
  EXPECT_NE(HeaderOf(out, "Set-Cookie").find("Max-Age=0"), std::string::npos) << out;
}

TEST_P(PagesTest, ARevokedTokenSignsTheBrowserOut) {
  const std::string petrova = IssueLocally(f, "petrova");
  Server server(f.db(), f.now, dir.path(), {"--no-engine"});
  ASSERT_EQ(StatusOf(Raw(server.port(), Get("/", petrova))), 200);
  RunResult list = f.As("boss", {"token", "list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto tokens = nlohmann::json::parse(list.out);
  ASSERT_EQ(tokens.size(), 1u);
  ASSERT_EQ(f.As("boss", {"token", "revoke", std::to_string(tokens[0]["id"].get<int>())}).exit_code, 0);
  const std::string again = Raw(server.port(), Get("/", petrova));
  EXPECT_EQ(StatusOf(again), 401);
  EXPECT_NE(BodyOf(again).find("action=\"/login\""), std::string::npos);
  EXPECT_EQ(BodyOf(again).find("data-task="), std::string::npos);
}

TEST_P(PagesTest, APersonOfSeveralProjectsChoosesOneAndNamesAreEscaped) {
  const std::string boss = IssueLocally(f, "boss");
  const std::string other = f.WritePlan("q.yaml",
                                        "plan: q\ntitle: \"<script>alert(1)</script> & Co\"\n"
                                        "start: 2027-01-11\nroles: {lead: {name: Lead}}\n"
                                        "people:\n  - {id: boss, roles: [lead]}\n"
                                        "tasks:\n  - {id: x, duration: 2}\n");
  ASSERT_EQ(f.As("boss", {"load", other}).exit_code, 0);
  Server server(f.db(), f.now, dir.path(), {"--no-engine"});
  const std::string choice = Raw(server.port(), Get("/", boss));
  ASSERT_EQ(StatusOf(choice), 200) << choice;
  const std::string body = BodyOf(choice);
  EXPECT_NE(body.find("href=\"/?project=p\""), std::string::npos) << body;
  EXPECT_NE(body.find("href=\"/?project=q\""), std::string::npos) << body;
  EXPECT_EQ(body.find("<script>"), std::string::npos) << body;
  EXPECT_NE(body.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"), std::string::npos) << body;

  const std::string q = Raw(server.port(), Get("/?project=q", boss));
  ASSERT_EQ(StatusOf(q), 200);
  EXPECT_NE(BodyOf(q).find("data-task=\"x\""), std::string::npos);
  EXPECT_EQ(BodyOf(q).find("data-task=\"a\""), std::string::npos);
  EXPECT_EQ(StatusOf(Raw(server.port(), Get("/?project=zzz", boss))), 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, PagesTest, AllBackends(), BackendName);

}  // namespace
}  // namespace rollout::testing
