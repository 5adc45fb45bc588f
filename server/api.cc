#include "server/api.h"
#include "server/api_call.h"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>
#include <cstdlib>
#include <optional>
#include <set>

#include "app/inbox.h"
#include "app/lead_acts.h"
#include "app/load.h"
#include "app/progress_acts.h"
#include "app/project_view.h"
#include "app/reports.h"
#include "app/session.h"
#include "app/snapshot.h"
#include "app/task_report.h"
#include "app/tokens.h"
#include "app/wire.h"
#include "engine/runtime/tz_time_zone.h"
#include "po/messages.h"
#include "server/accept_language.h"
#include "workflows/plan_reader.h"
#include "workflows/text_width.h"

namespace rollout::server {

namespace http = boost::beast::http;
using Json = nlohmann::json;

namespace {

constexpr size_t kMaxQueryParams = 16;
constexpr size_t kMaxSegment = 512;

// The type a body field must have.
enum class Type { kString, kBool, kInt, kNumberOrString };

struct Field {
  const char* name;
  Type type;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool Decode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

std::string BearerToken(const Request& request) {
  const auto auth = request.find(http::field::authorization);
  if (auth == request.end()) return "";
  const std::string_view v(auth->value().data(), auth->value().size());
  return v.substr(0, 7) == "Bearer " ? std::string(v.substr(7)) : "";
}

namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t k = s.find(sep, start);
    out.push_back(s.substr(start, k == std::string_view::npos ? std::string_view::npos : k - start));
    if (k == std::string_view::npos) break;
    start = k + 1;
  }
  return out;
}

unsigned StatusOf(const Error& e) {
  if (e.code == ErrorCode::kBadToken) return 401;
  switch (ClassOf(e.code)) {
    case ErrorClass::kInvalid: return 400;
    case ErrorClass::kNotFound: return 404;
    case ErrorClass::kRefused: return 403;
    case ErrorClass::kConflict: return 409;
    case ErrorClass::kFailure: return 500;
  }
  return 500;
}

}  // namespace

// What it answers: a JSON body, or errors; |held| when it answers later.
struct Api::Answer {
  unsigned status = 200;
  std::string body;
  Errors errors;
  std::string warning;
  bool held = false;

  static Answer Ok(std::string body, unsigned status = 200) {
    Answer a;
    a.status = status;
    a.body = std::move(body);
    return a;
  }
  static Answer Fail(Errors errors) {
    Answer a;
    a.errors = std::move(errors);
    a.status = a.errors.empty() ? 500 : StatusOf(a.errors.front());
    return a;
  }
};

// A GET /alerts?wait= waiting for an alert newer than |after|.
struct Api::Held {
  std::shared_ptr<Call> call;
  int64_t after = 0;
  bool all = false;
  std::chrono::steady_clock::time_point until;
  int64_t counter = -1;  // the store's change counter before its inbox was last read
  boost::asio::steady_timer timer;  // its deadline
  bool done = false;
  explicit Held(boost::asio::io_context& io) : timer(io) {}
};

// The route functions; each one line in kRoutes.
struct Routes {
  using Fn = Api::Answer (*)(Api&, Api::Call&);
  struct Route {
    http::verb verb;
    const char* pattern;
    Fn fn;
    bool with_source;  // the session reads the plan text
    std::vector<const char*> query;  // allowed besides "project"
    std::vector<Field> body;         // allowed body fields
  };

  static const std::vector<Route>& Table();

  static bool Flag(const Api::Call& c, const char* key) {
    auto it = c.query.find(key);
    return it != c.query.end() && (it->second == "1" || it->second == "true" || it->second.empty());
  }

  static std::string Str(const Api::Call& c, const char* key) {
    return c.body.contains(key) ? c.body[key].get<std::string>() : "";
  }

  static Api::Answer Projects(Api& api, Api::Call& c) {
    SessionRequest r;
    r.actor = c.token.person;
    r.clock = api.options_.clock->Now();
    Result<std::vector<ProjectLine>> lines = ProjectLines(*c.store, r);
    if (!lines.ok()) return Api::Answer::Fail(lines.errors());
    // A person sees the projects they are a person of.
    std::vector<ProjectLine> mine;
    rollout::Status st = c.store->Read([&](StoreTx& tx) {
      for (ProjectLine& l : lines.value())
        if (tx.FindPlanPerson(l.row.id, l.row.version, c.token.person)) mine.push_back(std::move(l));
    });
    if (!st.ok()) return Api::Answer::Fail(st.errors());
    return Api::Answer::Ok(ProjectsJson(mine));
  }

  static Api::Answer View(Api::Call& c, ProjectView* view, std::string* warning) {
    Result<ProjectView> v = LoadProjectView(c.session);
    if (!v.ok()) return Api::Answer::Fail(v.errors());
    *view = std::move(v.value());
    *warning = view->warning;
    return Api::Answer::Ok("");
  }

  static Api::Answer Tasks(Api&, Api::Call& c) {
    ProjectView v;
    std::string warning;
    if (Api::Answer a = View(c, &v, &warning); !a.errors.empty()) return a;
    TaskFilter f{Flag(c, "mine"), Flag(c, "ready"), Flag(c, "late")};
    if (f.mine)
      if (auto unknown = UnknownPersonOf(v, c.session.actor)) return Api::Answer::Fail({*unknown});
    Api::Answer a = Api::Answer::Ok(TasksJson(TaskLines(v, f, c.session.actor)));
    a.warning = warning;
    return a;
  }

  static Api::Answer StatusRoute(Api&, Api::Call& c) {
    ProjectView v;
    std::string warning;
    if (Api::Answer a = View(c, &v, &warning); !a.errors.empty()) return a;
    Api::Answer a = Api::Answer::Ok(StatusJson(StatusOf(c.session, v), true));
    a.warning = warning;
    return a;
  }

  static Api::Answer Schedule(Api&, Api::Call& c) {
    ProjectView v;
    std::string warning;
    if (Api::Answer a = View(c, &v, &warning); !a.errors.empty()) return a;
    Api::Answer a = Api::Answer::Ok(
        ScheduleJson(ScheduleReportOf(v.s, c.session.Format(c.session.now)), true));
    a.warning = warning;
    return a;
  }

  // The project's rows, for the client's own drawing (app/snapshot.h).
  static Api::Answer Snapshot(Api&, Api::Call& c) {
    Result<std::string> json = ProjectSnapshotJson(
        *c.store, SnapshotHead{c.session.project(), c.session.Format(c.session.now), c.person});
    if (!json.ok()) return Api::Answer::Fail(json.errors());
    return Api::Answer::Ok(std::move(json.value()));
  }

  static Api::Answer Log(Api&, Api::Call& c) {
    Result<std::vector<LogEntry>> log = ReadAuditLog(c.session);
    if (!log.ok()) return Api::Answer::Fail(log.errors());
    return Api::Answer::Ok(LogJson(log.value()));
  }

  static bool ParseId(const std::string& text, int64_t* id) {
    if (text.empty() || text.size() > 18) return false;
    int64_t v = 0;
    for (char ch : text) {
      if (ch < '0' || ch > '9') return false;
      v = v * 10 + (ch - '0');
    }
    *id = v;
    return v > 0;
  }

  static Api::Answer Alerts(Api& api, Api::Call& c) {
    const bool all = Flag(c, "all");
    int wait = 0;
    int64_t after = 0;
    if (auto it = c.query.find("wait"); it != c.query.end()) {
      int64_t w = 0;
      if (!ParseId(it->second, &w) && it->second != "0")
        return Api::Answer::Fail({MakeError(ErrorCode::kInvalid, Tr("wait must be a number of seconds"))});
      wait = static_cast<int>(std::min<int64_t>(w, api.options_.max_wait_seconds));
    }
    if (auto it = c.query.find("after"); it != c.query.end()) {
      if (!ParseId(it->second, &after) && it->second != "0")
        return Api::Answer::Fail({MakeError(ErrorCode::kInvalid, Tr("after must be an alert id"))});
    }
    // Read before the inbox: a commit after it moves the counter again.
    const int64_t counter = wait > 0 ? api.Counter() : -1;
    Result<std::vector<StoredAlert>> alerts = ListInbox(c.session, all);
    if (!alerts.ok()) return Api::Answer::Fail(alerts.errors());
    std::vector<StoredAlert> newer;
    for (StoredAlert& a : alerts.value())
      if (a.id > after) newer.push_back(std::move(a));
    if (newer.empty() && wait > 0) {
      Api::Answer a;
      a.held = true;
      auto held = std::make_shared<Api::Held>(api.io_);
      held->call = std::make_shared<Api::Call>(std::move(c));
      held->after = after;
      held->all = all;
      held->until = std::chrono::steady_clock::now() + std::chrono::seconds(wait);
      held->counter = counter;
      api.held_.push_back(held);
      api.PollHeld(held);
      return a;
    }
    for (StoredAlert& a : newer) a.message = api.options_.render_alert(a);
    return Api::Answer::Ok(AlertsJson(newer));
  }

  static Api::Answer Ack(Api&, Api::Call& c) {
    int64_t id = 0;
    if (!ParseId(c.params[0], &id))
      return Api::Answer::Fail({MakeError(ErrorCode::kInvalid, Tr("bad alert id '{0}'", c.params[0]))});
    Result<AckOutcome> out = AckAlert(c.session, id);
    if (!out.ok()) return Api::Answer::Fail(out.errors());
    return Api::Answer::Ok(AckJson({id, out.value().fresh}));
  }

  static Api::Answer Progress(Api::Call& c, ProgressVerb verb) {
    Result<ProgressOutcome> out = RecordProgress(c.session, verb, c.params[0], Str(c, "note"));
    if (!out.ok()) return Api::Answer::Fail(out.errors());
    return Api::Answer::Ok(ProgressJson(out.value()));
  }
  static Api::Answer Remaining(Api&, Api::Call& c) {
    RemainingRequest r;
    if (c.body.contains("remaining")) {
      int days = 0;
      const auto& v = c.body["remaining"];
      const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
      if (!ParseWorkingDays(text, kMaxRemaining, &days))
        return Api::Answer::Fail({MakeError(
            ErrorCode::kInvalid, Tr("remaining '{0}' is not a number of working days 0..{1}", text, kMaxRemaining))});
      r.remaining = days;
    }
    if (c.body.contains("percent")) {
      const auto& v = c.body["percent"];
      if (v.is_number()) {
        r.percent = v.get<double>();
      } else {
        const std::string text = v.get<std::string>();
        char* end = nullptr;
        const double p = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size())
          return Api::Answer::Fail(
              {MakeError(ErrorCode::kInvalid, Tr("percent '{0}' is not a number 0..100", text))});
        r.percent = p;
      }
    }
    Result<RemainingOutcome> out = RecordRemaining(c.session, c.params[0], r, Str(c, "note"));
    if (!out.ok()) return Api::Answer::Fail(out.errors());
    return Api::Answer::Ok(RemainingJson(out.value()));
  }
  static Api::Answer Show(Api& api, Api::Call& c) {
    Result<TaskReport> r = ShowTask(c.session, c.params[0]);
    if (!r.ok()) return Api::Answer::Fail(r.errors());
    for (StoredAlert& a : r.value().alerts) a.message = api.options_.render_alert(a);
    return Api::Answer::Ok(TaskReportJson(r.value()));
  }
  static Api::Answer Start(Api&, Api::Call& c) { return Progress(c, ProgressVerb::kStart); }
  static Api::Answer Done(Api&, Api::Call& c) { return Progress(c, ProgressVerb::kDone); }
  static Api::Answer Reopen(Api&, Api::Call& c) { return Progress(c, ProgressVerb::kReopen); }

  static Api::Answer Gate(Api::Call& c, bool approve) {
    const std::string note = Str(c, "note");
    if (!approve && note.empty())
      return Api::Answer::Fail({MakeError(ErrorCode::kNoteRequired, Tr("a rejection needs a reason: note"),
                                          "", c.params[0])});
    Result<GateOutcome> out = DecideGate(c.session, c.params[0], approve, note);
    if (!out.ok()) return Api::Answer::Fail(out.errors());
    return Api::Answer::Ok(
        GateJson({out.value(), c.session.actor, c.session.Format(c.session.now)}));
  }
  static Api::Answer Approve(Api&, Api::Call& c) { return Gate(c, true); }
  static Api::Answer Reject(Api&, Api::Call& c) { return Gate(c, false); }

  static Api::Answer Metric(Api&, Api::Call& c) {
    if (!c.body.contains("value"))
      return Api::Answer::Fail({MakeError(ErrorCode::kInvalid, Tr("the body needs \"value\""))});
    const Json& v = c.body["value"];
    const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    double value = 0;
    if (!ParseMetricValue(text, &value))
      return Api::Answer::Fail({MakeError(ErrorCode::kInvalid, Tr("bad value '{0}' for metric '{1}': expected a number", text, c.params[0]))});
    rollout::Status st = SetMetricValue(c.session, c.params[0], text);
    if (!st.ok()) return Api::Answer::Fail(st.errors());
    return Api::Answer::Ok(MetricJson({c.params[0], text}));
  }

  static Api::Answer BaselineRoute(Api&, Api::Call& c) {
    Result<Baseline> b = Rebaseline(c.session);
    if (!b.ok()) return Api::Answer::Fail(b.errors());
    return Api::Answer::Ok(BaselineJson({b.value().finish, b.value().duration, b.value().plan_version}), 201);
  }

  static Api::Answer Load(Api& api, Api::Call& c) {
    if (!c.body.contains("source"))
      return Api::Answer::Fail({MakeError(ErrorCode::kInvalid, Tr("the body needs \"source\": the plan text"))});
    const std::string text = Str(c, "source");
    std::string path = Str(c, "path");
    if (path.empty()) path = "plan.yaml";
    if (text.find('\0') != std::string::npos)
      return Api::Answer::Fail({MakeError(ErrorCode::kInvalid, Tr("{0}: a plan holds no NUL byte", path))});
    Result<Plan> read = ReadPlan(path, text);
    if (!read.ok()) return Api::Answer::Fail(read.errors());
    ScheduledPlan s = SchedulePlan(std::move(read.value()));
    const int unlevelled = s.schedule.finish;
    const bool level = (c.body.contains("level") && c.body["level"].get<bool>()) || s.plan.levelled;
    if (level) {
      rollout::Status st = LevelInPlace(&s, LevelRequest{});
      if (!st.ok()) return Api::Answer::Fail(st.errors());
    }
    Result<std::unique_ptr<TimeZone>> zone = TzTimeZone::LocateFast(s.plan.timezone);
    if (!zone.ok()) return Api::Answer::Fail(zone.errors());
    const Instant now = api.options_.clock->Now();
    const bool force = c.body.contains("force") && c.body["force"].get<bool>();
    const bool rebaseline = c.body.contains("rebaseline") && c.body["rebaseline"].get<bool>();
    LoadRequest request{text, path, force, c.token.person, now, rebaseline};
    Result<LoadOutcome> loaded =
        LoadPlanVersion(*c.store, s, request, FormatInstant(*zone.value(), now));
    if (!loaded.ok()) return Api::Answer::Fail(loaded.errors());
    LoadReply r;
    r.outcome = loaded.value();
    r.levelled = s.levelled;
    if (s.levelled) {
      std::set<std::string> people;
      for (const auto& names : s.assigned) people.insert(names.begin(), names.end());
      const auto finish = [&](int f) { return FormatDate(s.cal->DateOf(std::max(0, f - 1))); };
      r.people = people.size();
      r.finish = finish(s.schedule.finish);
      r.finish_days = s.schedule.finish;
      r.unlevelled_finish_date = finish(unlevelled);
      r.unlevelled_days = unlevelled;
    }
    return Api::Answer::Ok(LoadJson(r), r.outcome.new_project ? 201 : 200);
  }

  static Api::Answer TokenIssue(Api&, Api::Call& c) {
    if (!c.body.contains("person"))
      return Api::Answer::Fail({MakeError(ErrorCode::kInvalid, Tr("the body needs \"person\""))});
    const int days = c.body.contains("expires_days") ? c.body["expires_days"].get<int>() : 0;
    Result<IssuedToken> t = IssueToken(c.session, Str(c, "person"), days, Str(c, "name"));
    if (!t.ok()) return Api::Answer::Fail(t.errors());
    const Session& s = c.session;
    TokenLine line = TokenLineOf(t.value().row, s.now, [&](Instant i) { return s.Format(i); });
    line.secret = t.value().secret;
    return Api::Answer::Ok(TokenJson(line), 201);
  }

  static Api::Answer TokenList(Api&, Api::Call& c) {
    Result<std::vector<TokenRow>> rows = ListTokens(c.session);
    if (!rows.ok()) return Api::Answer::Fail(rows.errors());
    const Session& s = c.session;
    std::vector<TokenLine> lines;
    for (const TokenRow& r : rows.value())
      lines.push_back(TokenLineOf(r, s.now, [&](Instant i) { return s.Format(i); }));
    return Api::Answer::Ok(TokensJson(lines));
  }

  static Api::Answer TokenRevoke(Api&, Api::Call& c) {
    int64_t id = 0;
    if (!ParseId(c.params[0], &id))
      return Api::Answer::Fail({MakeError(ErrorCode::kInvalid, Tr("bad token id '{0}'", c.params[0]))});
    Result<TokenRow> t = RevokeToken(c.session, id);
    if (!t.ok()) return Api::Answer::Fail(t.errors());
    const Session& s = c.session;
    return Api::Answer::Ok(TokenJson(TokenLineOf(t.value(), s.now, [&](Instant i) { return s.Format(i); })));
  }
};

// The route table: adding a route is one line here (and its entry in
// docs/openapi.json, which a test compares with this table).
const std::vector<Routes::Route>& Routes::Table() {
  using V = http::verb;
  static const std::vector<Route> kRoutes = {
      {V::get, "/api/v1/projects", &Projects, false, {}, {}},
      {V::get, "/api/v1/tasks", &Tasks, true, {"mine", "ready", "late"}, {}},
      {V::get, "/api/v1/tasks/{id}", &Show, true, {}, {}},
      {V::post, "/api/v1/tasks/{id}/progress", &Remaining, false, {},
       {{"remaining", Type::kNumberOrString}, {"percent", Type::kNumberOrString}, {"note", Type::kString}}},
      {V::post, "/api/v1/tasks/{id}/start", &Start, false, {}, {{"note", Type::kString}}},
      {V::post, "/api/v1/tasks/{id}/done", &Done, false, {}, {{"note", Type::kString}}},
      {V::post, "/api/v1/tasks/{id}/reopen", &Reopen, false, {}, {{"note", Type::kString}}},
      {V::post, "/api/v1/gates/{id}/approve", &Approve, true, {}, {{"note", Type::kString}}},
      {V::post, "/api/v1/gates/{id}/reject", &Reject, true, {}, {{"note", Type::kString}}},
      {V::put, "/api/v1/metrics/{id}", &Metric, true, {}, {{"value", Type::kNumberOrString}}},
      {V::post, "/api/v1/baseline", &BaselineRoute, true, {}, {}},
      {V::get, "/api/v1/schedule", &Schedule, true, {}, {}},
      {V::get, "/api/v1/status", &StatusRoute, true, {}, {}},
      {V::get, "/api/v1/log", &Log, false, {}, {}},
      {V::get, "/api/v1/snapshot", &Snapshot, false, {}, {}},
      {V::get, "/api/v1/alerts", &Alerts, false, {"all", "wait", "after"}, {}},
      {V::post, "/api/v1/alerts/{id}/ack", &Ack, false, {}, {}},
      {V::post, "/api/v1/plans", &Load, false, {},
       {{"source", Type::kString}, {"path", Type::kString}, {"force", Type::kBool},
        {"level", Type::kBool}, {"rebaseline", Type::kBool}}},
      {V::get, "/api/v1/tokens", &TokenList, false, {}, {}},
      {V::post, "/api/v1/tokens", &TokenIssue, false, {},
       {{"person", Type::kString}, {"expires_days", Type::kInt}, {"name", Type::kString}}},
      {V::post, "/api/v1/tokens/{id}/revoke", &TokenRevoke, false, {}, {}},
  };
  return kRoutes;
}

std::vector<RouteInfo> RouteTable() {
  std::vector<RouteInfo> out{{"GET", "/healthz"}, {"GET", "/"}, {"POST", "/login"}, {"POST", "/logout"}};
  for (const Routes::Route& r : Routes::Table())
    out.push_back({std::string(http::to_string(r.verb)), r.pattern});
  return out;
}

// Held requests wake on the store's LISTEN socket (PostgreSQL) or poll its
// change counter every poll_interval (SQLite, or the socket lost).
Api::Api(boost::asio::io_context& io, ApiOptions options)
    : io_(io), options_(std::move(options)), held_waiter_(io, options_.store, options_.poll_interval) {
  if (options_.writer) writer_ = std::make_unique<WriteQueue>(io_, options_.writer);
}

Api::~Api() { ReleaseHeld(); }

Response Api::ErrorResponse(unsigned status, const std::string& code, const std::string& message) {
  Response r{static_cast<http::status>(status), 11};
  r.set(http::field::content_type, "application/json");
  r.set(http::field::vary, "Accept-Language");
  nlohmann::ordered_json j;
  j["error"]["code"] = code;
  j["error"]["message"] = message;
  r.body() = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return r;
}

bool Api::Allow(const std::string& key) {
  if (options_.rate_per_second <= 0) return true;
  const auto now = std::chrono::steady_clock::now();
  const double burst = std::max(1.0, 2 * options_.rate_per_second);
  if (buckets_.size() > 100000) buckets_.clear();  // bounded memory under a flood of keys
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double seconds = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(burst, b.tokens + seconds * options_.rate_per_second);
    b.at = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

void Api::Finish(const Call& call, Response response) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - call.began)
                      .count();
  // The words of every answer follow Accept-Language: a cache on the way
  // must keep one copy per language.
  response.set(http::field::vary, "Accept-Language");
  if (options_.access_log)
    options_.access_log(call.method + " " + VisibleText(call.path) + " " +
                        std::to_string(response.result_int()) + " " + VisibleText(call.person) + " " +
                        std::to_string(ms) + "ms");
  call.exchange.reply(std::move(response));
}

void Api::Handle(Request& request, Exchange exchange) {
  auto call = std::make_shared<Call>();
  call->began = std::chrono::steady_clock::now();
  call->exchange = std::move(exchange);
  call->method = std::string(request.method_string());
  const std::string_view target(request.target().data(), request.target().size());
  const size_t q = target.find('?');
  call->path = std::string(target.substr(0, q));
  call->target = std::string(target);
  // Everything said from here on is in the client's language; the writer
  // thread and the callbacks that answer later scope it again.
  const auto accept = request.find(http::field::accept_language);
  call->lang = accept == request.end()
                   ? DefaultLang()
                   : LangOfAcceptLanguage(std::string_view(accept->value().data(), accept->value().size()),
                                          DefaultLang());
  LangScope lang(call->lang);
  const auto fail = [&](unsigned status, const std::string& code, const std::string& message) {
    Finish(*call, ErrorResponse(status, code, message));
  };
  const auto fail_errors = [&](const Errors& errors) { Finish(*call, ErrorsResponse(errors)); };

  if (call->path == "/healthz") {
    if (request.method() != http::verb::get) return fail(405, "method_not_allowed", Tr("use GET"));
    Response r{http::status::ok, 11};
    r.set(http::field::content_type, "application/json");
    r.body() = "{\"ok\":true}\n";
    return Finish(*call, std::move(r));
  }

  if (IsPage(call->path)) return HandlePage(request, call);

  // The route: path segments first, then the method.
  std::vector<std::string> segments;
  for (std::string_view part : Split(std::string_view(call->path).substr(call->path.empty() ? 0 : 1), '/')) {
    std::string decoded;
    if (part.size() > kMaxSegment || !Decode(part, false, &decoded))
      // xgettext:no-c-format
      return fail(400, "bad_path", Tr("the path has a bad %-escape or a part over {0} bytes", kMaxSegment));
    segments.push_back(std::move(decoded));
  }
  const Routes::Route* route = nullptr;
  bool path_known = false;
  std::vector<std::string> params;
  for (const Routes::Route& r : Routes::Table()) {
    std::vector<std::string_view> pattern = Split(std::string_view(r.pattern).substr(1), '/');
    if (pattern.size() != segments.size()) continue;
    std::vector<std::string> got;
    bool match = true;
    for (size_t i = 0; i < pattern.size() && match; ++i) {
      if (pattern[i] == "{id}") {
        match = !segments[i].empty();
        got.push_back(segments[i]);
      } else {
        match = pattern[i] == segments[i];
      }
    }
    if (!match) continue;
    path_known = true;
    if (r.verb == request.method()) {
      route = &r;
      params = std::move(got);
      break;
    }
  }
  if (!route) {
    if (path_known) return fail(405, "method_not_allowed", Tr("this path does not take {0}", call->method));
    return fail(404, "no_route", Tr("no such route: {0}", call->path));
  }
  call->params = std::move(params);

  // The query: known keys only.
  if (q != std::string_view::npos) {
    const std::vector<std::string_view> parts = Split(target.substr(q + 1), '&');
    if (parts.size() > kMaxQueryParams) return fail(400, "bad_query", Tr("too many query parameters"));
    for (std::string_view part : parts) {
      if (part.empty()) continue;
      const size_t eq = part.find('=');
      std::string key, value;
      if (!Decode(part.substr(0, eq), true, &key) ||
          (eq != std::string_view::npos && !Decode(part.substr(eq + 1), true, &value)))
        // xgettext:no-c-format
        return fail(400, "bad_query", Tr("the query has a bad %-escape"));
      bool known = key == "project";
      for (const char* k : route->query) known = known || key == k;
      if (!known) return fail(400, "unknown_parameter", Tr("unknown query parameter '{0}'", key));
      call->query[key] = value;
    }
  }

  // The token: identity, then the rate limit of that identity.
  const std::string secret = BearerToken(request);
  const Instant now = options_.clock->Now();
  Result<TokenRow> token = secret.empty()
                               ? Result<TokenRow>(MakeError(ErrorCode::kBadToken, Tr("no token")))
                               : Authenticate(*options_.store, secret, now);
  if (!token.ok()) {
    if (!Allow("ip " + call->exchange.peer))
      return fail(429, "rate_limited", Tr("too many requests; try again in a second"));
    if (token.code() != ErrorCode::kBadToken) return fail_errors(token.errors());
    return fail(401, "bad_token",
                secret.empty() ? Tr("no token: send Authorization: Bearer TOKEN")
                               : Tr("the token is unknown, revoked or expired"));
  }
  call->token = token.value();
  call->person = call->token.person;
  if (!Allow("token " + std::to_string(call->token.id)))
    return fail(429, "rate_limited", Tr("too many requests; try again in a second"));

  // The body: a JSON object of known fields with the right types.
  if (!request.body().empty()) {
    Json body = Json::parse(request.body(), nullptr, false);
    if (body.is_discarded()) return fail(400, "malformed_json", Tr("the body is not JSON"));
    if (!body.is_object()) return fail(400, "malformed_json", Tr("the body must be a JSON object"));
    for (const auto& [key, value] : body.items()) {
      const Field* field = nullptr;
      for (const Field& f : route->body)
        if (key == f.name) field = &f;
      if (!field) return fail(400, "unknown_field", Tr("unknown field '{0}'", key));
      const bool ok = field->type == Type::kString   ? value.is_string()
                      : field->type == Type::kBool   ? value.is_boolean()
                      : field->type == Type::kInt    ? value.is_number_integer()
                                                     : value.is_string() || value.is_number();
      if (!ok) return fail(400, "wrong_type", Tr("field '{0}' has the wrong type", key));
    }
    call->body = std::move(body);
  }

  // A read answered before, with nothing written since and the clock where
  // it was, is answered again.
  const bool cacheable = request.method() == http::verb::get && route->fn != &Routes::Alerts &&
                         route->fn != &Routes::TokenList;
  std::string cache_key;
  if (cacheable) {
    cache_key = std::string(target) + "\n" + call->person + "\n" + LangCode(call->lang) + "\n" + std::to_string(now) + "\n" +
                std::to_string(writes_) + "\n" + std::to_string(Counter());
    auto hit = cache_.find(cache_key);
    if (hit != cache_.end()) return Finish(*call, hit->second);
  } else if (request.method() != http::verb::get) {
    ++writes_;
  }

  // Writes go to the group commit's writer (server/write_queue.h) when
  // there is one: the use case runs there inside the batch's transaction,
  // and the answer is sent once the batch is durable. A load is not
  // batched: reading, scheduling and levelling a large plan must not hold
  // the write lock of a batch (it opens its own short transaction).
  if (writer_ && request.method() != http::verb::get && route->fn != &Routes::Load) {
    WriteQueue::Job job;
    job.lang = call->lang;
    auto answer = std::make_shared<Answer>();
    job.run = [this, call, route, answer](Store& store) {
      *answer = Run(*call, route->fn, route->with_source, store);
      return answer->errors.empty();
    };
    job.finish = [this, call, answer](const rollout::Status& committed) {
      if (!committed.ok()) return Finish(*call, ErrorsResponse(committed.errors()));
      Reply(*call, std::move(*answer), "");
    };
    writer_->Submit(std::move(job));
    return;
  }

  Answer a;
  try {
    a = Run(*call, route->fn, route->with_source, *options_.store);
  } catch (const std::exception& e) {
    // A bug or an exhausted resource of ours, never the client's input.
    return fail(500, "internal", Tr("internal error: {0}", e.what()));
  }
  if (a.held) return;
  Reply(*call, std::move(a), cache_key);
}

// The session (the project named, or the only one, as the token's person)
// and the route's function, on |store|.
Api::Answer Api::Run(Call& call, Answer (*fn)(Api&, Call&), bool with_source, Store& store) {
  call.store = &store;
  if (fn != &Routes::Projects) {
    SessionRequest sr;
    auto p = call.query.find("project");
    sr.project = p == call.query.end() ? "" : p->second;
    sr.actor = call.token.person;
    sr.clock = options_.clock->Now();
    Result<Session> session = OpenSession(store, sr, with_source);
    if (!session.ok()) return Answer::Fail(session.errors());
    call.session = std::move(session.value());
  }
  return fn(*this, call);
}

Response Api::ErrorsResponse(const Errors& errors) {
  Response r{static_cast<http::status>(errors.empty() ? 500 : StatusOf(errors.front())), 11};
  r.set(http::field::content_type, "application/json");
  r.body() = ErrorsJson(errors);
  return r;
}

// Sends |a|, and keeps it for the read cache under |cache_key| (empty: not cached).
void Api::Reply(const Call& call, Answer a, const std::string& cache_key) {
  if (!a.errors.empty()) return Finish(call, ErrorsResponse(a.errors));
  Response r{static_cast<http::status>(a.status), 11};
  r.set(http::field::content_type, "application/json");
  if (!a.warning.empty())
    r.set("Rollout-Warning", Json(a.warning).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
  r.body() = std::move(a.body);
  if (!cache_key.empty() && Counter() >= 0) {
    if (cache_.size() >= 64) cache_.clear();
    cache_.emplace(cache_key, r);
  }
  Finish(call, std::move(r));
}

void Api::PollHeld(const std::shared_ptr<Held>& held) {
  if (held->done) return;
  const auto answer = [this, held](std::vector<StoredAlert> alerts) {
    held->done = true;
    held->timer.cancel();
    held_.remove(held);
    for (StoredAlert& a : alerts) a.message = options_.render_alert(a);
    Response r{http::status::ok, 11};
    r.set(http::field::content_type, "application/json");
    r.body() = AlertsJson(alerts);
    Finish(*held->call, std::move(r));
  };
  Result<std::vector<StoredAlert>> alerts = ListInbox(held->call->session, held->all);
  std::vector<StoredAlert> newer;
  if (alerts.ok())
    for (StoredAlert& a : alerts.value())
      if (a.id > held->after) newer.push_back(std::move(a));
  if (!newer.empty() || std::chrono::steady_clock::now() >= held->until) return answer(std::move(newer));
  // Nothing yet: the deadline's timer, and the store's next change.
  held->timer.expires_at(held->until);
  held->timer.async_wait([this, held](const boost::system::error_code& ec) {
    if (ec || held->done) return;
    LangScope lang(held->call->lang);
    PollHeld(held);
  });
  ArmHeldWaiter();
}

void Api::ArmHeldWaiter() {
  if (held_.empty()) return held_waiter_.Cancel();
  held_waiter_.Wait([this] {
    WakeHeld(options_.store->ChangeCounter());
    ArmHeldWaiter();
  });
}

int64_t Api::Counter() {
  const int64_t v = options_.store->ChangeCounter();
  if (!held_.empty())
    io_.post([this, v] { WakeHeld(v); });
  return v;
}

void Api::WakeHeld(int64_t counter) {
  for (const std::shared_ptr<Held>& h : std::list<std::shared_ptr<Held>>(held_)) {
    if (h->done || h->counter == counter) continue;
    h->counter = counter;
    LangScope lang(h->call->lang);
    PollHeld(h);
  }
}

void Api::ReleaseHeld() {
  for (const std::shared_ptr<Held>& h : std::list<std::shared_ptr<Held>>(held_)) {
    LangScope lang(h->call->lang);
    h->until = std::chrono::steady_clock::now();
    PollHeld(h);
  }
  held_.clear();
  held_waiter_.Cancel();
}

}  // namespace rollout::server
