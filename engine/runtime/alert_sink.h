// Where stored alerts go: the log, a webhook, a command. The engine hands a
// sink one delivery at a time and is told, through |done|, whether it
// arrived; a failed delivery stays in the outbox and is retried.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "storage/records.h"

namespace rollout {

struct AlertDelivery {
  StoredAlert alert;
  std::string json;             // AlertJson(alert)
  std::string idempotency_key;  // IdempotencyKey(alert): the same on every retry
};

class AlertSink {
 public:
  /// Called once per Deliver: an empty |error| means delivered.
  using Done = std::function<void(const std::string& error)>;
  virtual ~AlertSink() = default;
  /// The outbox's name for this sink: "log", "webhook", "exec".
  virtual std::string name() const = 0;
  /// Starts delivering; calls |done| later on the engine's io_context (or at once).
  virtual void Deliver(const AlertDelivery& delivery, Done done) = 0;
};

/// The JSON of an alert as `rollout alerts --json` prints it: id, kind,
/// task (null for slip), about, recipients, created_at, message.
std::string AlertJson(const StoredAlert& alert);

/// "rollout-<id>-<kind>-<digest>", e.g. "rollout-42-due-soon-3f9c...": only
/// [A-Za-z0-9-] (it goes into an HTTP header and an environment variable,
/// and task ids are free text), at most 93 characters. <kind> has every
/// other character as '-'; <digest> is the first 128 bits, in lower-case
/// hex, of the SHA-256 of (kind, task, about), each field length-prefixed.
/// It depends only on stored fields: the same on every retry and across
/// restarts; alerts differ in id and identity, so their keys differ.
std::string IdempotencyKey(const StoredAlert& alert);

}  // namespace rollout
