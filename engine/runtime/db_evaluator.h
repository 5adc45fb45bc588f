// The alert rules applied to what a database holds: the current plan (parsed
// again only when its version changes), the latest baseline, the progress
// and the forecast at now.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/alert_rules.h"
#include "engine/network.h"
#include "engine/time_zone.h"
#include "engine/work_calendar.h"
#include "storage/database.h"

namespace rollout {

struct Evaluation {
  int plan_version = 0;
  DueAlerts due;
};

class DbEvaluator {
 public:
  explicit DbEvaluator(Database* db) : db_(db) {}

  /// Reads the database in one snapshot and evaluates the rules at |now|.
  /// An error when the database holds no plan or the stored plan no longer reads.
  Result<Evaluation> Evaluate(Instant now);

  /// ISO 8601 of |t| in the plan's zone (UTC before the first evaluation).
  std::string Format(Instant t) const;
  const TimeZone* zone() const { return zone_.get(); }

 private:
  Status LoadPlan(const std::string& source, const std::string& format, const std::string& timezone,
                  int version);

  Database* db_;
  int version_ = 0;
  Plan plan_;
  Network net_;
  std::unique_ptr<WorkCalendar> cal_;
  std::unique_ptr<TimeZone> zone_;
};

}  // namespace rollout
