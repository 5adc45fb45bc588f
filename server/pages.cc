// The report served live at `/` (cli.md "The report", docs/report.md
// "Served live"): the same page as `rollout export html` from the database,
// for a signed-in person. A browser signs in once with a token (POST /login
// from the sign-in form); the token then rides in a cookie that is
// HttpOnly (no script reads it), SameSite=Strict (no other site's page
// sends it) and Secure under TLS. The cookie opens these pages only: the
// API under /api/v1 takes the Authorization header alone, so a page of
// another site cannot make a browser write anything.
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include "app/inbox.h"
#include "app/project_view.h"
#include "app/report_builder.h"
#include "app/reports.h"
#include "app/session.h"
#include "app/tokens.h"
#include "formats/report/report_html.h"
#include "formats/report/server_pages.h"
#include "po/messages.h"
#include "server/api.h"
#include "server/api_call.h"

namespace rollout::server {

namespace http = boost::beast::http;

namespace {

constexpr const char* kCookie = "rollout_token";
constexpr size_t kMaxToken = 512;

// The HTTP header of every page: nothing from elsewhere, never framed,
// never cached, no referrer.
Response PageResponse(unsigned status, std::string html) {
  Response r{static_cast<http::status>(status), 11};
  r.set(http::field::content_type, "text/html; charset=utf-8");
  r.set(http::field::cache_control, "no-store");
  r.set("Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Referrer-Policy", "no-referrer");
  r.body() = std::move(html);
  return r;
}

Response Redirect(const std::string& to) {
  Response r{http::status::see_other, 11};
  r.set(http::field::location, to);
  r.set(http::field::cache_control, "no-store");
  return r;
}

// The value of |key| in an application/x-www-form-urlencoded |body|; false
// when it is missing or badly escaped.
bool FormValue(std::string_view body, std::string_view key, std::string* out) {
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view part = body.substr(start, end - start);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == key)
      return Decode(part.substr(eq + 1), true, out);
    start = end + 1;
  }
  return false;
}

// The token of the cookie header, or "".
std::string CookieToken(const Request& request) {
  for (auto it = request.find(http::field::cookie); it != request.end() && it->name() == http::field::cookie;
       ++it) {
    std::string_view v(it->value().data(), it->value().size());
    while (!v.empty()) {
      const size_t semi = v.find(';');
      std::string_view part = v.substr(0, semi);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      const size_t eq = part.find('=');
      if (eq != std::string_view::npos && part.substr(0, eq) == kCookie)
        return std::string(part.substr(eq + 1));
      if (semi == std::string_view::npos) break;
      v.remove_prefix(semi + 1);
    }
  }
  return "";
}

// A token as a cookie value may hold only what a cookie may (RFC 6265
// cookie-octet); ours are base64url, so anything else is refused.
bool CookieSafe(const std::string& token) {
  if (token.empty() || token.size() > kMaxToken) return false;
  for (unsigned char c : token)
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') return false;
  return true;
}

}  // namespace

bool Api::IsPage(const std::string& path) { return path == "/" || path == "/login" || path == "/logout"; }

void Api::HandlePage(Request& request, const std::shared_ptr<Call>& call) {
  const Instant now = options_.clock->Now();
  if (!Allow("ip " + call->exchange.peer))
    return Finish(*call, PageResponse(429, RenderSignInHtml(Tr("Too many requests; try again in a second."))));

  if (call->path == "/logout") {
    if (request.method() != http::verb::post)
      return Finish(*call, ErrorResponse(405, "method_not_allowed", Tr("use POST")));
    Response r = Redirect("/");
    r.set(http::field::set_cookie, std::string(kCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" +
                                       (options_.tls ? "; Secure" : ""));
    return Finish(*call, std::move(r));
  }

  if (call->path == "/login") {
    if (request.method() != http::verb::post)
      return Finish(*call, ErrorResponse(405, "method_not_allowed", Tr("use POST")));
    std::string token;
    if (!FormValue(request.body(), "token", &token) || !CookieSafe(token))
      return Finish(*call, PageResponse(400, RenderSignInHtml(Tr("Paste the token you were given."))));
    Result<TokenRow> row = Authenticate(*options_.store, token, now);
    if (!row.ok()) {
      const bool bad = row.code() == ErrorCode::kBadToken;
      return Finish(*call, PageResponse(bad ? 401 : 500,
                                        RenderSignInHtml(bad ? Tr("That token is unknown, revoked or expired.")
                                                             : row.errors().front().message)));
    }
    call->person = row.value().person;
    std::string cookie = std::string(kCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
    if (row.value().expires_at && *row.value().expires_at > now)
      cookie += "; Max-Age=" + std::to_string(*row.value().expires_at - now);
    if (options_.tls) cookie += "; Secure";
    Response r = Redirect("/");
    r.set(http::field::set_cookie, cookie);
    return Finish(*call, std::move(r));
  }

  // GET / : the token of the cookie (a browser) or of the header (a script).
  if (request.method() != http::verb::get)
    return Finish(*call, ErrorResponse(405, "method_not_allowed", Tr("use GET")));
  std::string secret = CookieToken(request);
  if (secret.empty()) secret = BearerToken(request);
  if (secret.empty()) return Finish(*call, PageResponse(401, RenderSignInHtml("")));
  Result<TokenRow> token = Authenticate(*options_.store, secret, now);
  if (!token.ok())
    return Finish(*call, PageResponse(401, RenderSignInHtml(token.code() == ErrorCode::kBadToken
                                                                ? Tr("Your token is no longer valid: sign in again.")
                                                                : token.errors().front().message)));
  call->token = token.value();
  call->person = token.value().person;
  if (!Allow("token " + std::to_string(call->token.id)))
    return Finish(*call, PageResponse(429, RenderSignInHtml(Tr("Too many requests; try again in a second."))));

  std::string project;
  const size_t q = call->target.find('?');
  if (q != std::string::npos && !FormValue(std::string_view(call->target).substr(q + 1), "project", &project))
    return Finish(*call, ErrorResponse(400, "bad_query", Tr("the only query of / is ?project=ID")));

  // The projects this person is a person of: several and none named, a choice.
  SessionRequest sr;
  sr.actor = call->person;
  sr.clock = now;
  Result<std::vector<ProjectLine>> lines = ProjectLines(*options_.store, sr);
  if (!lines.ok()) return Finish(*call, PageResponse(500, RenderSignInHtml(lines.errors().front().message)));
  std::vector<std::pair<std::string, std::string>> mine;
  rollout::Status st = options_.store->Read([&](StoreTx& tx) {
    for (const ProjectLine& l : lines.value())
      if (tx.FindPlanPerson(l.row.id, l.row.version, call->person)) mine.emplace_back(l.row.id, l.row.title);
  });
  if (!st.ok()) return Finish(*call, PageResponse(500, RenderSignInHtml(st.errors().front().message)));
  bool known = false;
  for (const auto& p : mine) known = known || p.first == project;
  if (project.empty() && mine.size() == 1) {
    project = mine.front().first;
    known = true;
  }
  if (!known)
    return Finish(*call, PageResponse(project.empty() ? 200 : 404,
                                      RenderProjectChoiceHtml(
                                          mine, project.empty() ? (mine.empty() ? Tr("You are a person of no project here.") : "")
                                                                : Tr("No project '{0}' of yours here.", project))));

  sr.project = project;
  Result<Session> session = OpenSession(*options_.store, sr, true);
  if (!session.ok()) return Finish(*call, PageResponse(500, RenderSignInHtml(session.errors().front().message)));
  Result<ProjectView> view = LoadProjectView(session.value());
  if (!view.ok()) return Finish(*call, PageResponse(500, RenderSignInHtml(view.errors().front().message)));
  Result<std::vector<StoredAlert>> alerts = ListInbox(session.value(), false);
  if (!alerts.ok()) return Finish(*call, PageResponse(500, RenderSignInHtml(alerts.errors().front().message)));
  for (StoredAlert& a : alerts.value()) a.message = options_.render_alert(a);
  Response r = PageResponse(200, RenderReportHtml(ReportOfView(session.value(), view.value(), alerts.value())));
  Finish(*call, std::move(r));
}

}  // namespace rollout::server
