#include "app/alert_evaluator.h"

#include "app/stored_forecast.h"
#include "engine/runtime/tz_time_zone.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

BaselineDates DatesOfBaseline(const Baseline& b) {
  BaselineDates out;
  for (const auto& [id, t] : b.tasks) {
    TaskDates d;
    ParseDate(t.start, &d.start);
    ParseDate(t.finish, &d.finish);
    out.tasks[id] = d;
  }
  ParseDate(b.finish, &out.finish);
  return out;
}

// What one evaluation reads of a project, in one snapshot.
struct Snapshot {
  std::optional<StoredPlan> stored;
  std::optional<Baseline> baseline;
  Progress progress;
  bool version_levelled = false;
};

}  // namespace

Status StoreAlertSource::LoadPlan(const StoredPlan& stored, Loaded* out) {
  Result<Plan> plan = ReadPlan(stored.format == "json" ? "stored.json" : "stored.yaml",
                               stored.source);
  if (!plan.ok())
    return MakeError(ErrorCode::kStoredPlanUnreadable,
                     "the stored plan of " + stored.plan_id + " (version " +
                         std::to_string(stored.version) +
                         ") no longer reads: " + plan.errors()[0].message);
  Result<std::unique_ptr<TimeZone>> zone = TzTimeZone::Locate(stored.timezone);
  if (!zone.ok()) return zone.errors();
  Result<Network> net = BuildNetwork(plan.value(), IndexTasks(plan.value()));
  if (!net.ok()) return net.errors();
  out->plan = std::move(plan.value());
  out->net = std::move(net.value());
  out->cal = std::make_unique<WorkCalendar>(out->plan.calendar, out->plan.start);
  out->zone = std::move(zone.value());
  out->version = stored.version;
  return OkStatus();
}

Result<std::vector<ProjectAlerts>> StoreAlertSource::Evaluate(Instant now) {
  std::map<std::string, Snapshot> snaps;
  Status read = store_->Read([&](StoreTx& tx) {
    snaps.clear();
    for (const ProjectRow& row : tx.Projects()) {
      if (!only_.empty() && row.id != only_) continue;
      Snapshot& s = snaps[row.id];
      s.stored = tx.CurrentPlan(row.id, true);
      s.baseline = tx.CurrentBaseline(row.id);
      s.progress = tx.LoadProgress(row.id);
      if (s.stored) s.version_levelled = tx.IsLevelled(row.id, s.stored->version);
    }
  });
  if (!read.ok()) return read.errors();
  if (snaps.empty()) {
    if (!only_.empty())
      return MakeError(ErrorCode::kUnknownProject, "no project '" + only_ + "' in the database " +
                                                       store_->location());
    return MakeError(ErrorCode::kNoPlan, "the database holds no plan");
  }
  std::vector<ProjectAlerts> out;
  for (auto& [project, snap] : snaps) {
    ProjectAlerts pa;
    pa.project = project;
    if (!snap.stored || !snap.baseline) {
      pa.errors.push_back(MakeError(ErrorCode::kNoPlan, "project " + project + " has no plan"));
      out.push_back(std::move(pa));
      continue;
    }
    Loaded& loaded = plans_[project];
    if (loaded.version != snap.stored->version) {
      Status st = LoadPlan(*snap.stored, &loaded);
      if (!st.ok()) {
        plans_.erase(project);
        pa.errors = st.errors();
        out.push_back(std::move(pa));
        continue;
      }
    }
    if (first_.empty()) first_ = project;
    const BaselineDates dates = DatesOfBaseline(*snap.baseline);
    const StoredForecast f = ForecastStored(
        loaded.plan, loaded.net, *loaded.cal, snap.progress, loaded.zone->ToLocal(now).date,
        StoredPlanIsLevelled(loaded.plan, snap.version_levelled), &*snap.baseline);
    AlertContext ctx{&loaded.plan, &loaded.net, loaded.cal.get(), loaded.zone.get(),
                     &dates,       &snap.progress, &f.schedule,
                     f.levelled ? &f.assigned : nullptr};
    pa.plan_version = loaded.version;
    pa.created_at = FormatInstant(*loaded.zone, now);
    pa.due = EvaluateAlerts(ctx, now);
    out.push_back(std::move(pa));
  }
  return out;
}

std::string StoreAlertSource::Format(Instant t) const {
  auto it = plans_.find(first_);
  if (it != plans_.end() && it->second.zone) return FormatInstant(*it->second.zone, t);
  return FormatInstant(FixedOffsetZone(0), t);
}

}  // namespace rollout
