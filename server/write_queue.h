// Group commit for `rollout serve` (docs/server.md "Writes"): the requests
// that write are queued to one writer thread with its own store connection;
// it takes every request waiting (up to a batch), runs each one's use case
// inside its own savepoint of ONE transaction (Store::WriteEach, each use
// case on a TxStore over it), commits once — one fsync for the batch — and
// only then hands every request its answer back on the io_context. So an
// acknowledged write is durable, a request that fails is rolled back alone,
// and while one batch commits the next one gathers.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "engine/result.h"
#include "po/messages.h"
#include "storage/store.h"

namespace rollout::server {

class WriteQueue {
 public:
  struct Job {
    /// Runs on the writer thread, on a Store whose transactions are the
    /// job's savepoint; returns false when what it wrote must be dropped.
    /// It may run more than once (a batch retried on a conflict).
    std::function<bool(Store&)> run;
    /// Runs on the io_context once the batch committed (ok) or failed
    /// (every job of the batch gets the failure).
    std::function<void(const Status&)> finish;
    /// The request's language (server/accept_language.h): both run inside
    /// a LangScope of it, so that what they say is in the client's words.
    Lang lang = Lang::kEn;
  };

  /// Borrows |io| and |store| (the writer's own connection).
  WriteQueue(boost::asio::io_context& io, Store* store, size_t max_batch = 128);
  /// Finishes what is queued, then stops the thread.
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  /// Queues |job| (from the io_context's thread). The io_context keeps
  /// running until its finish has run.
  void Submit(Job job);

  /// Batches committed and jobs run so far (for the log and the benchmark).
  size_t batches() const;
  size_t jobs() const;

 private:
  using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  struct Queued {
    Job job;
    Guard guard;
  };
  void Loop();

  boost::asio::io_context& io_;
  Store* store_;
  size_t max_batch_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  size_t batches_ = 0, jobs_ = 0;
  std::thread thread_;
};

}  // namespace rollout::server
