// A Store whose transactions all run on one borrowed StoreTx: how a use case
// of app/ (which opens its own transactions on the Store it is given) runs
// as one body of a group commit (Store::WriteEach, the server's write
// queue). Its Write and Read run their body on that StoreTx at once; the
// writes stay in the enclosing transaction. A body that fails or asks for a
// rollback marks the whole use case for rollback (`must_roll_back`), so the
// enclosing body rolls back to its savepoint: a use case in a batch is all or
// nothing, as a failed request must change nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/result.h"
#include "storage/store.h"

namespace rollout {

class TxStore final : public Store {
 public:
  /// Borrows |tx| for as long as this lives; |location| names the store.
  TxStore(StoreTx& tx, std::string location) : tx_(tx), location_(std::move(location)) {}

  Status Write(const std::function<Outcome(StoreTx&)>& body) override;
  /// Runs every body on the one StoreTx, in order (already inside a batch).
  std::vector<Status> WriteEach(
      const std::vector<std::function<Outcome(StoreTx&)>>& bodies) override;
  Status Read(const std::function<void(StoreTx&)>& body) override;
  /// -1: there is no other connection to watch from inside a transaction.
  int64_t ChangeCounter() override { return -1; }
  Status CheckIntegrity() override;
  const std::string& location() const override { return location_; }

  /// True once any body returned kRollback or threw: the enclosing
  /// transaction must drop what this use case wrote.
  bool must_roll_back() const { return must_roll_back_; }

 private:
  StoreTx& tx_;
  std::string location_;
  bool must_roll_back_ = false;
};

}  // namespace rollout
