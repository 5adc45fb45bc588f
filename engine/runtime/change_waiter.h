// Waits for a store's change: on the socket of the store's LISTEN
// connection when it has one (PostgreSQL, Store::WaitSocket), else, and
// whenever that socket is lost, for a fallback interval (SQLite's
// data_version has nothing to wait on: it is polled). Used by the engine
// (a start/done of another process wakes it at once) and by the server's
// held GET /alerts?wait= (docs/database.md "Change counter and wake-up").
//
// A wake-up only says "look": the caller reads Store::ChangeCounter, which
// consumes what made the socket readable, and compares it with what it saw
// before. The waiter never reads the counter itself.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "storage/store.h"

namespace rollout {

class ChangeWaiter {
 public:
  /// Borrows |io| and |store|.
  ChangeWaiter(boost::asio::io_context& io, Store* store, std::chrono::milliseconds fallback);
  ~ChangeWaiter();
  ChangeWaiter(const ChangeWaiter&) = delete;
  ChangeWaiter& operator=(const ChangeWaiter&) = delete;

  /// Calls |on_wake| once, on the io_context, when the store's socket
  /// becomes readable or, without a usable socket, after the fallback
  /// interval. A Wait while one is pending replaces its callback.
  void Wait(std::function<void()> on_wake);
  /// Drops the pending wait (its callback is not called).
  void Cancel();
  /// True when the last Wait waits on the socket (not on the timer).
  bool on_socket() const { return on_socket_; }

 private:
  void Wake();

  boost::asio::io_context& io_;
  Store* store_;
  std::chrono::milliseconds fallback_;
  boost::asio::steady_timer timer_;
  // A dup() of the store's socket (the store keeps its own): ours to close.
  std::optional<boost::asio::posix::stream_descriptor> socket_;
  int64_t generation_ = -1;
  bool on_socket_ = false;
  bool waiting_ = false;
  std::function<void()> on_wake_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace rollout
