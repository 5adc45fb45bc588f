// The alert rules applied to what a store holds, for every project (or the
// one named): its current plan (parsed again only when its version
// changes), the latest baseline, the progress and the forecast at now. The
// engine runtime asks it through engine/runtime/alert_source.h.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/scheduled_plan.h"
#include "engine/network.h"
#include "engine/runtime/alert_source.h"
#include "engine/time_zone.h"
#include "engine/work_calendar.h"
#include "storage/store.h"

namespace rollout {

class StoreAlertSource : public AlertSource {
 public:
  using Renderer = std::function<std::string(const StoredAlert&)>;
  /// Borrows |store|. With |project| only that project is watched. |render|
  /// gives an alert its words (the edge's).
  StoreAlertSource(Store* store, std::string project, Renderer render)
      : store_(store), only_(std::move(project)), render_(std::move(render)) {}

  Result<std::vector<ProjectAlerts>> Evaluate(Instant now) override;
  std::string Format(Instant t) const override;
  std::string Render(const StoredAlert& alert) const override {
    return render_ ? render_(alert) : alert.message;
  }

 private:
  struct Loaded {
    int version = 0;
    ScheduledPlan s;
    std::unique_ptr<TimeZone> zone;
  };
  Status LoadPlan(const StoredPlan& stored, Loaded* out);

  Store* store_;
  std::string only_;
  Renderer render_;
  std::map<std::string, Loaded> plans_;  // by project
  std::string first_;                    // the project whose zone Format uses
  /// Before the first evaluation: the zone of the first watched project, read
  /// from the store on first use (so the engine's start line is in it too).
  mutable std::unique_ptr<TimeZone> early_zone_;
};

}  // namespace rollout
