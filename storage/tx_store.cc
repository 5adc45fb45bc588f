#include "storage/tx_store.h"
#include "po/messages.h"

#include <exception>

namespace rollout {

Status TxStore::Write(const std::function<Outcome(StoreTx&)>& body) {
  try {
    if (body(tx_) == Outcome::kRollback) must_roll_back_ = true;
    return OkStatus();
  } catch (const StoreError& e) {
    must_roll_back_ = true;
    return e.error();
  }
  // Any other exception (a backend's own, a busy database) leaves through
  // the enclosing WriteEach, which rolls back or retries the batch.
}

std::vector<Status> TxStore::WriteEach(
    const std::vector<std::function<Outcome(StoreTx&)>>& bodies) {
  std::vector<Status> out;
  out.reserve(bodies.size());
  for (const auto& body : bodies) out.push_back(Write(body));
  return out;
}

Status TxStore::Read(const std::function<void(StoreTx&)>& body) {
  try {
    body(tx_);
    return OkStatus();
  } catch (const StoreError& e) {
    must_roll_back_ = true;
    return e.error();
  }
}

Status TxStore::CheckIntegrity() {
  return MakeError(ErrorCode::kFailure,
                   Tr("the integrity of {0} cannot be checked inside a transaction", location_));
}

}  // namespace rollout
