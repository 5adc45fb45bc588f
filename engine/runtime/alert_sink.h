// Where stored alerts go: the log, a webhook, a command. The engine hands a
// sink one delivery at a time and is told, through |done|, whether it
// arrived; a failed delivery stays in the outbox and is retried.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "storage/records.h"
#include "storage/store.h"

namespace rollout {

struct AlertDelivery {
  StoredAlert alert;
  std::string json;             // AlertJson(alert)
  std::string idempotency_key;  // IdempotencyKey(alert): the same on every retry
  std::string row;              // the outbox row: the sink's name, or "email:ann"
  /// The text of an alert in the thread's language (CurrentLang(),
  /// po/messages.h): |alert|.message and |json| are in the engine's default
  /// language; a sink that writes to one person (e-mail) renders the alert
  /// again inside a LangScope of that person's language. May be empty.
  std::function<std::string(const StoredAlert&)> render = nullptr;
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
  /// The outbox rows a new alert of |project| (raised on plan |version|,
  /// for |recipients|) gets for this sink, written in the transaction |tx|
  /// that stores the alert: by default one, named name(). A sink that
  /// delivers to each recipient on their own returns "NAME:PERSON" rows
  /// (none for an alert it has nobody to send to). Each row is delivered,
  /// retried and marked on its own.
  virtual std::vector<std::string> OutboxRows(StoreTx& tx, const std::string& project, int version,
                                              const std::vector<std::string>& recipients) {
    (void)tx, (void)project, (void)version, (void)recipients;
    return {name()};
  }
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
