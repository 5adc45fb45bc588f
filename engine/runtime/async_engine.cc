#include "engine/runtime/async_engine.h"
#include "po/messages.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <tuple>
#include <nlohmann/json.hpp>

namespace rollout {
namespace {

constexpr std::chrono::milliseconds kFlushDelay{20};

// Leases are wall-clock milliseconds shared by processes (and hosts), not
// the engine's Clock, which may be simulated or fixed.
int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string OwnerName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid());
}

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
      waiter_(io, store, options.poll_interval),
      retry_timer_(io),
      flush_timer_(io),
      heartbeat_timer_(io),
      owner_(OwnerName()),
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
      Note("stop", Tr("stopping on {0}", signo == SIGINT ? "SIGINT" : "SIGTERM"));
      Stop();
    });
  }
  LoadOutbox();
  Note("start", options_.once ? Tr("evaluating {0} at {1} (once)", store_->location(),
                                   source_->Format(clock_->Now()))
                              : Tr("evaluating {0} at {1}", store_->location(), source_->Format(clock_->Now())));
  EvaluateNow();
  if (!options_.once) {
    ArmPoll();
    ArmHeartbeat();
  }
  MaybeFinishOnce();
}

void AsyncEngine::Stop() {
  FlushMarks();
  if (!stopped_) {
    // Give up what is left, so that another engine delivers it at once.
    Status st = store_->Write([&](StoreTx& tx) {
      tx.ReleaseClaims(owner_, Held());
      return Store::Outcome::kCommit;
    });
    if (!st.ok()) Note("error", st.errors()[0].message);
  }
  stopped_ = true;
  heartbeat_timer_.cancel();
  flush_timer_.cancel();
  eval_timer_.cancel();
  waiter_.Cancel();
  retry_timer_.cancel();
  boost::system::error_code ignored;
  signals_.cancel(ignored);
  io_.stop();
}

// Fencing of a claim: by its lease, and on this host also by the process:
// the rows of an engine of our host whose pid is gone (kill -9, a crash)
// are taken at once instead of after its lease. A reused pid only makes us
// wait for the lease.
std::vector<OutboxItem> AsyncEngine::Claim(StoreTx& tx) {
  const int64_t now = WallMs();
  std::vector<std::string> dead;
  const std::string host = owner_.substr(0, owner_.rfind(':') + 1);
  for (const std::string& holder : tx.ClaimHolders(now)) {
    if (holder == owner_ || holder.rfind(host, 0) != 0) continue;
    const long pid = std::strtol(holder.c_str() + host.size(), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      dead.push_back(holder);
  }
  return tx.ClaimDeliveries(SinkNames(), owner_, now, now + options_.lease.count(), dead, Held());
}

std::vector<OutboxItem> AsyncEngine::Held() const {
  std::vector<OutboxItem> held = marks_;
  for (const SinkState& s : sinks_)
    for (const Pending& p : s.queue) held.push_back({p.alert_id, p.row, p.attempts, p.fence});
  return held;
}

void AsyncEngine::Reconcile(const std::vector<OutboxItem>& claimed) {
  for (SinkState& s : sinks_) {
    const std::string& n = s.sink->name();
    auto mine = [&](const std::string& row) { return row == n || row.rfind(n + ":", 0) == 0; };
    auto held = [&](const Pending& p) {
      for (const OutboxItem& item : claimed)
        if (item.alert_id == p.alert_id && item.sink == p.row) return true;
      return false;
    };
    // While a delivery is in flight its queue entry stays where it is.
    if (!s.busy)
      s.queue.erase(std::remove_if(s.queue.begin(), s.queue.end(),
                                   [&](const Pending& p) { return !held(p); }),
                    s.queue.end());
    for (const OutboxItem& item : claimed) {
      if (!mine(item.sink)) continue;
      auto queued = std::find_if(s.queue.begin(), s.queue.end(), [&](const Pending& p) {
        return p.alert_id == item.alert_id && p.row == item.sink;
      });
      const bool made = std::any_of(marks_.begin(), marks_.end(), [&](const OutboxItem& m) {
        return m.alert_id == item.alert_id && m.sink == item.sink && m.fence == item.fence;
      });
      // A row claimed anew (its token grew) is queued under the new token; a
      // delivery in flight under the old one is refused when it is marked.
      if (queued != s.queue.end()) {
        if (!s.busy) queued->fence = item.fence;
      } else if (!made) {
        s.queue.push_back(Pending{item.alert_id, item.sink, item.attempts, item.fence,
                                  std::chrono::milliseconds(0), false});
      }
    }
    std::sort(s.queue.begin(), s.queue.end(), [](const Pending& a, const Pending& b) {
      return std::tie(a.alert_id, a.row) < std::tie(b.alert_id, b.row);
    });
  }
}

void AsyncEngine::LoadOutbox() {
  std::vector<OutboxItem> items;
  Status st = store_->Write([&](StoreTx& tx) {
    items = Claim(tx);
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) {
    Note("error", st.errors()[0].message);
    return;
  }
  Reconcile(items);
  if (!items.empty())
    Note("outbox", TrN("{0} undelivered alert delivery from before",
                      "{0} undelivered alert deliveries from before",
                      static_cast<long long>(items.size()), items.size()));
}

void AsyncEngine::ArmHeartbeat() {
  heartbeat_timer_.expires_after(options_.heartbeat);
  heartbeat_timer_.async_wait(
      [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
        if (alive.expired() || ec || stopped_) return;
        std::vector<OutboxItem> items;
        Status st = store_->Write([&](StoreTx& tx) {
          items = Claim(tx);
          return Store::Outcome::kCommit;
        });
        if (st.ok()) {
          Reconcile(items);
          Pump();
        } else {
          Note("error", st.errors()[0].message);
        }
        ArmHeartbeat();
      });
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
  int fresh_alerts = 0;
  std::vector<OutboxItem> claimed;
  Status st = store_->Write([&](StoreTx& tx) {
    fresh_alerts = 0;
    for (const ProjectAlerts& p : ev.value())
      for (const Alert& a : p.due.alerts) {
        std::vector<std::string> names;
        for (size_t i = 0; i < sinks_.size(); ++i)
          for (std::string& row :
               sinks_[i].sink->OutboxRows(tx, p.project, p.plan_version, a.recipients))
            names.push_back(std::move(row));
        int64_t id = tx.InsertAlert(p.project, a, p.plan_version, p.created_at, names);
        if (id != 0) ++fresh_alerts;
      }
    tx.SetEngineState("last_evaluated_at", evaluated_at);
    // The new rows (ours to deliver) and any another engine left behind.
    claimed = Claim(tx);
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) {
    Note("error", st.errors()[0].message);
    exit_code_ = 1;
    return -1;
  }
  Reconcile(claimed);
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

// Another process's commit: on PostgreSQL the LISTEN socket becomes
// readable and wakes us; on SQLite the poll finds data_version moved.
void AsyncEngine::ArmPoll() {
  waiter_.Wait([this] {
    if (stopped_) return;
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
      OnDelivered(s, i, st.ok() ? Tr("alert is gone") : st.errors()[0].message);
      return;
    }
    s.busy = true;
    p.tried_this_run = true;
    if (alert->message.empty()) alert->message = source_->Render(*alert);
    AlertDelivery d{*alert, AlertJson(*alert), IdempotencyKey(*alert), p.row,
                    [source = source_](const StoredAlert& a) { return source->Render(a); }};
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
    marks_.push_back({p.alert_id, sink, p.attempts, p.fence});
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
  Note("retry", Tr("{0} delivery of alert #{1} failed ({2}); attempt {3}, next in {4} ms", sink,
                   p.alert_id, error, q.attempts, static_cast<long long>(delay.count())));
  bool fenced_out = false;
  Status st = store_->Write([&](StoreTx& tx) {
    fenced_out = !tx.MarkAttemptFailed(
        p.alert_id, sink, p.fence,
        now + std::chrono::duration_cast<std::chrono::seconds>(delay).count(), error);
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) Note("error", st.errors()[0].message);
  if (st.ok() && fenced_out) NoteFencedOut(p.alert_id, sink);
}

void AsyncEngine::FlushMarks() {
  if (marks_.empty()) return;
  const Instant now = clock_->Now();
  std::vector<OutboxItem> refused;
  Status st = store_->Write([&](StoreTx& tx) {
    refused.clear();
    for (const OutboxItem& m : marks_)
      if (!tx.MarkDelivered(m.alert_id, m.sink, m.fence, now)) refused.push_back(m);
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) Note("error", st.errors()[0].message);
  for (const OutboxItem& m : refused) NoteFencedOut(m.alert_id, m.sink);
  marks_.clear();
}

// Our claim's token is no longer the row's: another engine took the row
// after our lease ran out, and its holder delivers (or delivered) it.
void AsyncEngine::NoteFencedOut(int64_t alert_id, const std::string& sink) {
  Note("fenced", Tr("{0} delivery of alert #{1} was taken over by another engine after this "
                    "one's lease ran out: not recorded here",
                    sink, alert_id));
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
    Note("outbox", TrN("{0} delivery failed; the next run retries it",
                      "{0} deliveries failed; the next run retries them", static_cast<long long>(left),
                      left));
  Stop();
}

}  // namespace rollout
