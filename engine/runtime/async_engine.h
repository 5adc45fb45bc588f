// `rollout engine`: the alert rules on Boost.Asio. One io_context runs
//  - a steady_timer armed for the next instant at which an alert can fall
//    due (asked of the pure rules, converted to real time by the Clock);
//  - a ChangeWaiter on the store: on PostgreSQL the LISTEN connection's
//    socket, so that a start/done recorded by another process wakes the
//    engine at once; on SQLite (and while that socket is lost) a poll of the
//    change counter every poll_interval (~200 ms; the read is cheap);
//  - a steady_timer for the next delivery retry;
//  - a signal_set: SIGINT/SIGTERM stop it cleanly.
// Each evaluation (of every project the AlertSource watches) stores the new
// alerts and their outbox rows in one transaction (InsertAlert), then the
// sinks deliver what the outbox holds,
// one delivery at a time per sink, retrying failures with capped
// exponential back-off. See docs/engine.md.
//
// Several engines on one database (docs/database.md "Several processes"):
// every engine evaluates every project it watches (an alert is stored once
// whoever raises it: its identity is a unique key), and an engine delivers
// only the outbox rows it has claimed (Store ClaimDeliveries) with a lease
// that a heartbeat renews; a dead engine's rows come back when its lease
// runs out, and a clean stop gives them up at once.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/runtime/alert_sink.h"
#include "engine/runtime/alert_source.h"
#include "engine/runtime/change_waiter.h"
#include "engine/runtime/clock.h"
#include "storage/store.h"

namespace spdlog {
class logger;
}

namespace rollout {

struct EngineOptions {
  bool once = false;  // evaluate now, try each pending delivery once, stop
  bool log_json = false;
  // The change counter's poll: on SQLite always, on PostgreSQL only while
  // the LISTEN socket is lost (it is waited on instead).
  std::chrono::milliseconds poll_interval{200};
  std::chrono::milliseconds retry_base{250};   // first retry after this
  std::chrono::milliseconds retry_cap{60000};  // back-off never longer
  std::chrono::milliseconds lease{15000};      // how long a claim on a delivery holds
  std::chrono::milliseconds heartbeat{5000};   // claims renewed (and others' taken) this often
};

class AsyncEngine {
 public:
  /// Borrows |io|, |store|, |source| and |clock|.
  AsyncEngine(boost::asio::io_context& io, Store* store, AlertSource* source, const Clock* clock,
              std::shared_ptr<spdlog::logger> logger, EngineOptions options);
  AsyncEngine(const AsyncEngine&) = delete;
  AsyncEngine& operator=(const AsyncEngine&) = delete;

  void AddSink(std::unique_ptr<AlertSink> sink);

  /// Loads the undelivered outbox, evaluates now and arms the timers (and,
  /// unless once, the signals). Then run the io_context.
  void Start();

  /// One evaluation at the clock's now: stores what fell due, starts the
  /// deliveries. Returns the number of new alerts, or -1 on an error (logged).
  int EvaluateNow();

  /// Cancels every timer and the signals: io_context::run returns.
  void Stop();

  /// Tries the deliveries whose back-off has passed on the clock (the retry
  /// timer calls it; tests on a ManualClock call it after moving the clock).
  void Pump();

  /// 0, or 1 when the last evaluation failed (--once).
  int exit_code() const { return exit_code_; }
  /// Deliveries made and failed so far (all sinks).
  int delivered() const { return delivered_; }
  int failed_attempts() const { return failed_attempts_; }

 private:
  struct Pending {
    int64_t alert_id = 0;
    std::string row;  // the outbox row's sink name ("webhook", "email:ann")
    int attempts = 0;
    int64_t fence = 0;  // the token of our claim on the row
    std::chrono::milliseconds not_before{0};  // Clock::Monotonic() of the next attempt
    bool tried_this_run = false;
  };
  struct SinkState {
    std::unique_ptr<AlertSink> sink;
    std::vector<Pending> queue;  // by alert id
    bool busy = false;
  };

  void LoadOutbox();
  /// Claims (and renews) the deliveries of our sinks in |tx|.
  std::vector<OutboxItem> Claim(StoreTx& tx);
  /// Makes the queues hold what |claimed| says we hold: adds new rows,
  /// drops rows we no longer hold (another engine took them after our
  /// lease ran out), keeps deliveries in flight and made ones not yet marked.
  void Reconcile(const std::vector<OutboxItem>& claimed);
  void ArmHeartbeat();
  void ArmEvaluation(Instant next);
  void ArmPoll();
  void ArmRetry();
  void PumpSink(SinkState& s);
  void OnDelivered(SinkState& s, size_t index, const std::string& error);
  void Note(const std::string& event, const std::string& text);
  void MaybeFinishOnce();
  void FlushMarks();
  void NoteFencedOut(int64_t alert_id, const std::string& sink);
  std::vector<std::string> SinkNames() const;

  boost::asio::io_context& io_;
  Store* store_;
  AlertSource* source_;
  const Clock* clock_;
  std::shared_ptr<spdlog::logger> logger_;
  EngineOptions options_;
  std::vector<SinkState> sinks_;
  boost::asio::steady_timer eval_timer_;
  ChangeWaiter waiter_;  // the store's changes (socket or poll)
  boost::asio::steady_timer retry_timer_;
  boost::asio::steady_timer flush_timer_;
  boost::asio::steady_timer heartbeat_timer_;
  std::string owner_;  // HOST:PID, the claims of this engine
  // Log deliveries made but not yet marked in the outbox: written together
  // within kFlushDelay (one fsync for many). A crash in between repeats
  // those log lines. Webhook and command deliveries are marked at once.
  std::vector<OutboxItem> marks_;  // alert_id, sink, fence
  /// What we hold: every queued row and every made delivery not yet marked.
  std::vector<OutboxItem> Held() const;
  boost::asio::signal_set signals_;
  int64_t change_counter_ = -1;
  bool stopped_ = false;
  int exit_code_ = 0;
  int delivered_ = 0;
  int failed_attempts_ = 0;
  // Handlers posted or handed to sinks hold a weak copy: once the engine is
  // gone, a late callback does nothing.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace rollout
