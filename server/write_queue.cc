#include "server/write_queue.h"

#include <boost/asio/post.hpp>
#include <utility>
#include <vector>

#include "storage/tx_store.h"

namespace rollout::server {

WriteQueue::WriteQueue(boost::asio::io_context& io, Store* store, size_t max_batch)
    : io_(io), store_(store), max_batch_(max_batch), thread_([this] { Loop(); }) {}

WriteQueue::~WriteQueue() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WriteQueue::Submit(Job job) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(Queued{std::move(job), boost::asio::make_work_guard(io_)});
  }
  wake_.notify_one();
}

size_t WriteQueue::batches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return batches_;
}

size_t WriteQueue::jobs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return jobs_;
}

void WriteQueue::Loop() {
  while (true) {
    std::vector<Queued> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<std::function<Store::Outcome(StoreTx&)>> bodies;
    bodies.reserve(batch.size());
    for (Queued& q : batch)
      bodies.push_back([this, &q](StoreTx& tx) {
        LangScope lang(q.job.lang);
        TxStore nested(tx, store_->location());
        const bool keep = q.job.run(nested);
        return keep && !nested.must_roll_back() ? Store::Outcome::kCommit
                                                : Store::Outcome::kRollback;
      });
    std::vector<Status> statuses = store_->WriteEach(bodies);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++batches_;
      jobs_ += batch.size();
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      boost::asio::post(io_, [finish = std::move(batch[i].job.finish), st = std::move(statuses[i]),
                              lang = batch[i].job.lang] {
        LangScope scope(lang);
        finish(st);
      });
      batch[i].guard.reset();  // after the post: io.run() goes on until it ran
    }
  }
}

}  // namespace rollout::server
