// The JSON API of `rollout serve` under /api/v1 (docs/api.md,
// docs/openapi.json): one table of routes, each calling the app/ use case
// of the local command and answering with the JSON of app/wire.h. Identity
// comes from the Bearer token (app/tokens.h), never from the request;
// errors are {"error":{"code","message"}} with the status of their class;
// a request that fails changes nothing (every use case is one transaction).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/runtime/change_waiter.h"
#include "engine/runtime/clock.h"
#include "server/http_server.h"
#include "server/write_queue.h"
#include "storage/records.h"
#include "storage/store.h"

namespace rollout::server {

struct ApiOptions {
  Store* store = nullptr;
  /// The writer's own connection to the same store: writes then go
  /// through the group commit (server/write_queue.h) on a thread of their
  /// own. nullptr: every request runs on |store| on the io_context.
  Store* writer = nullptr;
  const Clock* clock = nullptr;
  /// Gives an alert its words (the edge's alert_text).
  std::function<std::string(const StoredAlert&)> render_alert;
  /// One line per request: method, path, status, person, ms.
  std::function<void(const std::string&)> access_log;
  /// Requests a second per token (and per address without a valid token);
  /// bursts of twice that. 0: no limit.
  double rate_per_second = 200;
  /// Served over TLS: the sign-in cookie is Secure.
  bool tls = false;
  /// The longest ?wait= on GET /alerts, seconds.
  int max_wait_seconds = 60;
  /// A held GET /alerts?wait= waits on |store|'s LISTEN socket
  /// (PostgreSQL); on SQLite, and while the socket is lost, it polls the
  /// change counter this often (the engine's poll_interval).
  std::chrono::milliseconds poll_interval{200};
};

/// One row of the route table: what docs/openapi.json must list.
struct RouteInfo {
  std::string method;   // "GET", "POST", "PUT"
  std::string pattern;  // "/api/v1/tasks/{id}/start"
};

/// Every route the server has: GET /healthz, the pages (/, /login,
/// /logout), then the table in its order.
std::vector<RouteInfo> RouteTable();

class Api {
 public:
  Api(boost::asio::io_context& io, ApiOptions options);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  void Handle(Request& request, Exchange exchange);

  /// Answers every held request now (shutdown).
  void ReleaseHeld();

  /// The error response of |status| (also for the HTTP layer's own refusals).
  static Response ErrorResponse(unsigned status, const std::string& code, const std::string& message);

  struct Call;
  struct Answer;
  struct Held;

 private:
  friend struct Routes;
  bool Allow(const std::string& key);
  // The report at `/`, its sign-in and sign-out (server/pages.cc).
  static bool IsPage(const std::string& path);
  void HandlePage(Request& request, const std::shared_ptr<Call>& call);
  /// The session on |store| and then |fn| (a route's function).
  Answer Run(Call& call, Answer (*fn)(Api&, Call&), bool with_source, Store& store);
  void Reply(const Call& call, Answer answer, const std::string& cache_key);
  static Response ErrorsResponse(const Errors& errors);
  void Finish(const Call& call, Response response);
  void PollHeld(const std::shared_ptr<Held>& held);
  /// Waits (ChangeWaiter on |store|) for a change while requests are held.
  void ArmHeldWaiter();
  /// The store's change counter; held requests that saw another value look
  /// again (every read of the counter consumes the LISTEN socket's news).
  int64_t Counter();
  void WakeHeld(int64_t counter);

  boost::asio::io_context& io_;
  ApiOptions options_;
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at;
  };
  std::map<std::string, Bucket> buckets_;
  // Answers of the read routes by (target, person, now, writes, the
  // store's change counter): any write, here or by another connection,
  // and any tick of the clock make a new key (docs/server.md "Caching").
  std::map<std::string, Response> cache_;
  uint64_t writes_ = 0;
  std::list<std::shared_ptr<Held>> held_;
  ChangeWaiter held_waiter_;
  std::unique_ptr<WriteQueue> writer_;  // last: its thread stops first
};

}  // namespace rollout::server
