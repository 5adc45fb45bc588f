#include "engine/runtime/change_waiter.h"

#include <unistd.h>

#include <utility>

namespace rollout {

ChangeWaiter::ChangeWaiter(boost::asio::io_context& io, Store* store,
                           std::chrono::milliseconds fallback)
    : io_(io), store_(store), fallback_(fallback), timer_(io) {}

ChangeWaiter::~ChangeWaiter() { Cancel(); }

void ChangeWaiter::Cancel() {
  waiting_ = false;
  on_wake_ = nullptr;
  timer_.cancel();
  if (socket_) {
    boost::system::error_code ignored;
    socket_->cancel(ignored);
  }
}

// The socket is taken again whenever the store replaced it (a reconnection
// gives it a new generation): a dup() of a socket libpq closed would stay
// readable (end of file) for ever. Asio registers a descriptor with epoll
// edge-triggered; a new registration reports a socket that is readable
// already, and so does a wait armed before the io_context next polls, which
// is the case here (one thread runs the io_context; a wake-up's handler
// reads the counter and arms the next wait before it returns).
void ChangeWaiter::Wait(std::function<void()> on_wake) {
  on_wake_ = std::move(on_wake);
  if (waiting_) return;
  waiting_ = true;
  const Store::ChangeSocket cs = store_->WaitSocket();
  if (cs.fd < 0 || cs.generation != generation_) {
    socket_.reset();
    generation_ = -1;
  }
  if (cs.fd >= 0 && !socket_) {
    const int fd = ::dup(cs.fd);
    if (fd >= 0) {
      socket_.emplace(io_, fd);
      generation_ = cs.generation;
    }
  }
  on_socket_ = socket_.has_value();
  auto handler = [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
    if (alive.expired() || ec) return;
    Wake();
  };
  if (on_socket_) {
    socket_->async_wait(boost::asio::posix::stream_descriptor::wait_read, handler);
  } else {
    timer_.expires_after(fallback_);
    timer_.async_wait(handler);
  }
}

void ChangeWaiter::Wake() {
  if (!waiting_) return;
  waiting_ = false;
  std::function<void()> f = std::move(on_wake_);
  on_wake_ = nullptr;
  if (f) f();
}

}  // namespace rollout
