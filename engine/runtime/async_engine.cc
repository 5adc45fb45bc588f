#include "engine/runtime/async_engine.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace rollout {
namespace {

constexpr std::chrono::milliseconds kFlushDelay{20};

}  // namespace

AsyncEngine::AsyncEngine(boost::asio::io_context& io, Store* store, AlertSource* source,
                         const Clock* clock, std::shared_ptr<spdlog::logger> logger,
                         EngineOptions options)
    : io_(io),
      store_(store),
      source_(source),
      clock_(clock),
      logger_(std::move(logger)),
      options_(options),
      eval_timer_(io),
      poll_timer_(io),
      retry_timer_(io),
      flush_timer_(io),
      signals_(io) {}

void AsyncEngine::AddSink(std::unique_ptr<AlertSink> sink) {
  sinks_.push_back(SinkState{std::move(sink), {}, false});
}

std::vector<std::string> AsyncEngine::SinkNames() const {
  std::vector<std::string> names;
  for (const SinkState& s : sinks_) names.push_back(s.sink->name());
  return names;
}

void AsyncEngine::Note(const std::string& event, const std::string& text) {
  if (options_.log_json) {
    nlohmann::ordered_json j{{"event", event}, {"message", text}};
    logger_->info("{}", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    logger_->info("engine: {}", text);
  }
}

void AsyncEngine::Start() {
  ::signal(SIGPIPE, SIG_IGN);  // a webhook peer or command that hangs up is a failed delivery
  if (!options_.once) {
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      Note("stop", std::string("stopping on ") + (signo == SIGINT ? "SIGINT" : "SIGTERM"));
      Stop();
    });
  }
  LoadOutbox();
  Note("start", "evaluating " + store_->location() + " at " + source_->Format(clock_->Now()) +
                    (options_.once ? " (once)" : ""));
  EvaluateNow();
  if (!options_.once) ArmPoll();
  MaybeFinishOnce();
}

void AsyncEngine::Stop() {
  FlushMarks();
  stopped_ = true;
  flush_timer_.cancel();
  eval_timer_.cancel();
  poll_timer_.cancel();
  retry_timer_.cancel();
  boost::system::error_code ignored;
  signals_.cancel(ignored);
  io_.stop();
}

void AsyncEngine::LoadOutbox() {
  std::vector<OutboxItem> items;
  Status st = store_->Read([&](StoreTx& tx) { items = tx.PendingDeliveries(SinkNames()); });
  if (!st.ok()) {
    Note("error", st.errors()[0].message);
    return;
  }
  for (const OutboxItem& item : items)
    for (SinkState& s : sinks_) {
      const std::string& n = s.sink->name();
      if (item.sink == n || item.sink.rfind(n + ":", 0) == 0)
        s.queue.push_back(
            Pending{item.alert_id, item.sink, item.attempts, std::chrono::milliseconds(0), false});
    }
  if (!items.empty())
    Note("outbox", std::to_string(items.size()) + " undelivered alert deliveries from before");
}

int AsyncEngine::EvaluateNow() {
  if (stopped_) return 0;
  // Before reading: a write by another process after this point wakes the
  // poll. Our own writes do not move the counter of this connection.
  change_counter_ = store_->ChangeCounter();
  const Instant now = clock_->Now();
  Result<std::vector<ProjectAlerts>> ev = source_->Evaluate(now);
  if (!ev.ok()) {
    Note("error", ev.errors()[0].message);
    exit_code_ = 1;
    return -1;
  }
  exit_code_ = 0;
  for (const ProjectAlerts& p : ev.value()) {
    if (p.errors.empty()) continue;
    Note("error", p.errors[0].message);
    exit_code_ = 1;
  }
  const std::string evaluated_at = source_->Format(now);
  // (sink index, delivery) for every outbox row of every new alert.
  std::vector<std::pair<size_t, Pending>> fresh;
  int fresh_alerts = 0;
  Status st = store_->Write([&](StoreTx& tx) {
    fresh.clear();
    fresh_alerts = 0;
    for (const ProjectAlerts& p : ev.value())
      for (const Alert& a : p.due.alerts) {
        std::vector<std::pair<size_t, std::string>> rows;
        std::vector<std::string> names;
        for (size_t i = 0; i < sinks_.size(); ++i)
          for (std::string& row :
               sinks_[i].sink->OutboxRows(tx, p.project, p.plan_version, a.recipients)) {
            names.push_back(row);
            rows.emplace_back(i, std::move(row));
          }
        int64_t id = tx.InsertAlert(p.project, a, p.plan_version, p.created_at, names);
        if (id == 0) continue;
        ++fresh_alerts;
        for (auto& [i, row] : rows)
          fresh.emplace_back(i,
                             Pending{id, std::move(row), 0, std::chrono::milliseconds(0), false});
      }
    tx.SetEngineState("last_evaluated_at", evaluated_at);
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) {
    Note("error", st.errors()[0].message);
    exit_code_ = 1;
    return -1;
  }
  for (auto& [i, pending] : fresh) sinks_[i].queue.push_back(std::move(pending));
  std::optional<Instant> next;
  for (const ProjectAlerts& p : ev.value())
    if (p.due.next && (!next || *p.due.next < *next)) next = p.due.next;
  if (!options_.once && next) ArmEvaluation(*next);
  Pump();
  return fresh_alerts;
}

void AsyncEngine::ArmEvaluation(Instant next) {
  eval_timer_.expires_after(clock_->RealDelayUntil(next));
  eval_timer_.async_wait(
      [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
        if (alive.expired()) return;  // a completion queued before the engine went away
        if (!ec) EvaluateNow();
      });
}

void AsyncEngine::ArmPoll() {
  poll_timer_.expires_after(options_.poll_interval);
  poll_timer_.async_wait(
      [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
        if (alive.expired()) return;  // a completion queued before the engine went away
        if (ec || stopped_) return;
        const int64_t v = store_->ChangeCounter();
        if (v != change_counter_) EvaluateNow();  // another process wrote
        ArmPoll();
      });
}

void AsyncEngine::Pump() {
  for (SinkState& s : sinks_) PumpSink(s);
  ArmRetry();
  MaybeFinishOnce();
}

void AsyncEngine::PumpSink(SinkState& s) {
  if (s.busy || stopped_) return;
  const std::chrono::milliseconds now = clock_->Monotonic();
  for (size_t i = 0; i < s.queue.size(); ++i) {
    Pending& p = s.queue[i];
    if (p.not_before > now || (options_.once && p.tried_this_run)) continue;
    std::optional<StoredAlert> alert;
    Status st = store_->Read([&](StoreTx& tx) { alert = tx.FindAlert(p.alert_id, ""); });
    if (!st.ok() || !alert) {
      OnDelivered(s, i, st.ok() ? "alert is gone" : st.errors()[0].message);
      return;
    }
    s.busy = true;
    p.tried_this_run = true;
    if (alert->message.empty()) alert->message = source_->Render(*alert);
    AlertDelivery d{*alert, AlertJson(*alert), IdempotencyKey(*alert), p.row};
    const int64_t id = p.alert_id;
    s.sink->Deliver(d, [this, &s, id, row = p.row,
                        alive = std::weak_ptr<int>(alive_)](const std::string& error) {
      if (alive.expired()) return;
      auto it = std::find_if(s.queue.begin(), s.queue.end(),
                             [&](const Pending& q) { return q.alert_id == id && q.row == row; });
      s.busy = false;
      if (it != s.queue.end()) OnDelivered(s, static_cast<size_t>(it - s.queue.begin()), error);
      // Continue on the next turn of the loop, not inside the sink's callback.
      io_.post([this, alive] {
        if (!alive.expired()) Pump();
      });
    });
    return;
  }
}

void AsyncEngine::OnDelivered(SinkState& s, size_t index, const std::string& error) {
  Pending p = s.queue[index];
  const std::string sink = p.row;
  const Instant now = clock_->Now();
  if (error.empty()) {
    s.queue.erase(s.queue.begin() + static_cast<long>(index));
    ++delivered_;
    marks_.emplace_back(p.alert_id, sink);
    // External deliveries are marked at once: after a crash at most the one
    // in flight repeats. Log lines are cheap to repeat: batch their marks.
    if (s.sink->name() != "log") return FlushMarks();
    if (marks_.size() == 1) {
      flush_timer_.expires_after(kFlushDelay);
      flush_timer_.async_wait(
          [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
            if (alive.expired()) return;  // a completion queued before the engine went away
            if (!ec) FlushMarks();
          });
    }
    return;
  }
  ++failed_attempts_;
  Pending& q = s.queue[index];
  q.attempts += 1;
  auto delay = options_.retry_base * (1LL << std::min(q.attempts - 1, 20));
  delay = std::min<std::chrono::milliseconds>(delay, options_.retry_cap);
  q.not_before = clock_->Monotonic() + delay;
  Note("retry", sink + " delivery of alert #" + std::to_string(p.alert_id) + " failed (" + error +
                    "); attempt " + std::to_string(q.attempts) + ", next in " +
                    std::to_string(delay.count()) + " ms");
  Status st = store_->Write([&](StoreTx& tx) {
    tx.MarkAttemptFailed(p.alert_id, sink,
                         now + std::chrono::duration_cast<std::chrono::seconds>(delay).count(),
                         error);
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) Note("error", st.errors()[0].message);
}

void AsyncEngine::FlushMarks() {
  if (marks_.empty()) return;
  const Instant now = clock_->Now();
  Status st = store_->Write([&](StoreTx& tx) {
    for (const auto& [id, sink] : marks_) tx.MarkDelivered(id, sink, now);
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) Note("error", st.errors()[0].message);
  marks_.clear();
}

void AsyncEngine::ArmRetry() {
  if (options_.once || stopped_) return;
  std::optional<std::chrono::milliseconds> next;
  const std::chrono::milliseconds now = clock_->Monotonic();
  for (const SinkState& s : sinks_)
    for (const Pending& p : s.queue)
      if (p.not_before > now && (!next || p.not_before < *next)) next = p.not_before;
  if (!next) return;
  retry_timer_.expires_after(clock_->RealDelayUntilMonotonic(*next));
  retry_timer_.async_wait(
      [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
        if (alive.expired()) return;  // a completion queued before the engine went away
        if (!ec) Pump();
      });
}

void AsyncEngine::MaybeFinishOnce() {
  if (!options_.once || stopped_) return;
  for (const SinkState& s : sinks_) {
    if (s.busy) return;
    for (const Pending& p : s.queue)
      if (!p.tried_this_run) return;
  }
  int left = 0;
  for (const SinkState& s : sinks_) left += static_cast<int>(s.queue.size());
  if (left > 0)
    Note("outbox", std::to_string(left) + " deliveries failed; the next run retries them");
  Stop();
}

}  // namespace rollout
