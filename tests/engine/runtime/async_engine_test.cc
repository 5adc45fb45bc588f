// The engine in-process: a real SQLite file behind the Store, the alert
// source of app/, a ManualClock (retries wait on it, so nothing here waits
// on real time), a recording sink, the io_context polled by the test.
#include "engine/runtime/async_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <set>

#include "app/alert_evaluator.h"
#include "engine/runtime/log_sink.h"
#include "tests/testing/engine_fixture.h"

namespace rollout {
namespace {

using testing::EngineFixture;

// Records deliveries; fails the first |fail_first| of them.
class RecordingSink : public AlertSink {
 public:
  explicit RecordingSink(int fail_first) : fail_first_(fail_first) {}
  std::string name() const override { return "log"; }
  void Deliver(const AlertDelivery& d, Done done) override {
    attempts.push_back(d.idempotency_key);
    if (static_cast<int>(attempts.size()) <= fail_first_) return done("refused");
    delivered.push_back(d.idempotency_key);
    done("");
  }
  std::vector<std::string> attempts, delivered;

 private:
  int fail_first_;
};

Instant At(const char* utc_date, int hour) {
  Date d = 0;
  EXPECT_TRUE(ParseDate(utc_date, &d));
  return (static_cast<Instant>(d) * 24 + hour) * 3600;
}

class AsyncEngineTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  AsyncEngineTest()
      : store_(fixture_.OpenStore()), source_(store_.get(), "", [](const StoredAlert& a) {
          return a.kind;
        }) {}

  RecordingSink* Engine(int fail_first, ManualClock* clock) {
    EngineOptions options;
    options.once = false;
    options.retry_base = std::chrono::milliseconds(250);
    engine_ = std::make_unique<AsyncEngine>(io_, store_.get(), &source_, clock,
                                            MakeEngineLogger(), options);
    auto sink = std::make_unique<RecordingSink>(fail_first);
    RecordingSink* raw = sink.get();
    engine_->AddSink(std::move(sink));
    return raw;
  }
  // Runs every handler that is ready, until none is (nothing timed is: the
  // ManualClock's timers never fire by themselves). Bounded.
  void Settle() {
    for (int round = 0; round < 1000; ++round) {
      io_.restart();
      if (io_.poll() == 0) return;
    }
  }
  // Moves the clock past the longest back-off so far and pumps, |rounds| times.
  void RetryRounds(ManualClock* clock, int rounds) {
    for (int i = 0; i < rounds; ++i) {
      clock->Advance(std::chrono::milliseconds(250 << i));
      engine_->Pump();
      Settle();
    }
  }

  EngineFixture fixture_{GetParam()};
  std::unique_ptr<Store> store_;
  StoreAlertSource source_;
  boost::asio::io_context io_;
  std::unique_ptr<AsyncEngine> engine_;
};

TEST_P(AsyncEngineTest, StoresEachAlertOnceAndEvaluatingAgainAddsNothing) {
  ManualClock clock(At("2027-01-14", 12));
  RecordingSink* sink = Engine(0, &clock);
  engine_->Start();
  Settle();
  EXPECT_EQ(sink->delivered.size(), 4u);
  EXPECT_EQ(engine_->EvaluateNow(), 0);
  clock.Set(At("2027-01-14", 13));
  EXPECT_EQ(engine_->EvaluateNow(), 0);
  io_.restart();
  io_.poll();
  EXPECT_EQ(sink->delivered.size(), 4u);
}

TEST_P(AsyncEngineTest, FailedDeliveriesAreRetriedWithTheSameKey) {
  ManualClock clock(At("2027-01-14", 12));
  RecordingSink* sink = Engine(3, &clock);
  engine_->Start();
  Settle();
  EXPECT_EQ(sink->delivered.size(), 1u);  // three were refused and wait on the clock
  RetryRounds(&clock, 3);
  ASSERT_EQ(sink->delivered.size(), 4u);
  EXPECT_EQ(sink->attempts.size(), 7u);
  EXPECT_EQ(engine_->failed_attempts(), 3);
  // Each refused delivery went through later under the same key, once; the
  // others went ahead while it waited.
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(std::count(sink->delivered.begin(), sink->delivered.end(), sink->attempts[i]), 1)
        << sink->attempts[i];
  std::set<std::string> keys(sink->delivered.begin(), sink->delivered.end());
  EXPECT_EQ(keys.size(), 4u);
}

TEST_P(AsyncEngineTest, ARestartedEngineDeliversWhatTheOutboxStillHolds) {
  ManualClock clock(At("2027-01-14", 12));
  RecordingSink* first = Engine(100, &clock);  // never delivers
  engine_->Start();
  Settle();
  RetryRounds(&clock, 3);
  EXPECT_GE(first->attempts.size(), 4u);
  engine_->Stop();
  RecordingSink* second = Engine(0, &clock);
  engine_->Start();
  Settle();
  EXPECT_EQ(second->delivered.size(), 4u);
  EXPECT_EQ(fixture_.Alerts().size(), 4u);  // nothing stored twice
}

TEST(SimulatedClock, RunsSpeedTimesFaster) {
  SimulatedClock clock(1000, 86400);
  EXPECT_GE(clock.Now(), 1000);
  EXPECT_LT(clock.Now(), 1000 + 86400);
  const auto delay = clock.RealDelayUntil(1000 + 86400);  // a simulated day
  EXPECT_GT(delay, std::chrono::milliseconds(900));
  EXPECT_LE(delay, std::chrono::milliseconds(1001));
  EXPECT_EQ(clock.RealDelayUntil(0), std::chrono::steady_clock::duration::zero());
}

INSTANTIATE_TEST_SUITE_P(Backends, AsyncEngineTest, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout
