// What the engine asks each time it evaluates: the alerts that have fallen
// due at |now| in every project it watches. The use cases implement it
// (app/alert_evaluator.h) over the store; the engine stores what is new,
// delivers it and sleeps until the earliest next instant.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/alert_rules.h"
#include "engine/result.h"
#include "storage/records.h"

namespace rollout {

struct ProjectAlerts {
  std::string project;
  int plan_version = 0;
  std::string created_at;  // now, ISO 8601 in the project's zone
  DueAlerts due;
  Errors errors;  // the project could not be evaluated (its plan no longer reads, ...)
};

class AlertSource {
 public:
  virtual ~AlertSource() = default;
  /// Every watched project at |now|; an error when the store cannot be read.
  virtual Result<std::vector<ProjectAlerts>> Evaluate(Instant now) = 0;
  /// ISO 8601 of |t| for the engine's own log lines (the zone of the first
  /// project, UTC before any evaluation).
  virtual std::string Format(Instant t) const = 0;
  /// The text of |alert| for people (the log, a webhook, a command).
  virtual std::string Render(const StoredAlert& alert) const = 0;
};

}  // namespace rollout
