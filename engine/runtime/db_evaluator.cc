#include "engine/runtime/db_evaluator.h"

#include "engine/runtime/stored_forecast.h"
#include "engine/runtime/tz_time_zone.h"
#include "storage/plan_store.h"
#include "storage/progress_store.h"
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

}  // namespace

Status DbEvaluator::LoadPlan(const std::string& source, const std::string& format,
                             const std::string& timezone, int version) {
  Result<Plan> plan = ReadPlan(format == "json" ? "stored.json" : "stored.yaml", source);
  if (!plan.ok())
    return Error{{},
                 "the stored plan (version " + std::to_string(version) +
                     ") no longer reads: " + plan.errors()[0].message,
                 "load the plan file again: rollout load PLAN"};
  Result<std::unique_ptr<TimeZone>> zone = TzTimeZone::Locate(timezone);
  if (!zone.ok()) return zone.errors();
  Result<Network> net = BuildNetwork(plan.value(), IndexTasks(plan.value()));
  if (!net.ok()) return net.errors();
  plan_ = std::move(plan.value());
  net_ = std::move(net.value());
  cal_ = std::make_unique<WorkCalendar>(plan_.calendar, plan_.start);
  zone_ = std::move(zone.value());
  version_ = version;
  return OkStatus();
}

Result<Evaluation> DbEvaluator::Evaluate(Instant now) {
  std::optional<StoredPlan> stored;
  std::optional<Baseline> baseline;
  Progress progress;
  bool version_levelled = false;
  Status read = db_->Read([&](SQLite::Database& sql) {
    stored = CurrentPlan(sql);
    baseline = CurrentBaseline(sql);
    progress = LoadProgress(sql);
    if (stored) version_levelled = IsLevelled(sql, stored->version);
  });
  if (!read.ok()) return read.errors();
  if (!stored || !baseline)
    return Error{{}, "the database holds no plan", "load one first: rollout load PLAN"};
  if (stored->version != version_) {
    Status loaded = LoadPlan(stored->source, stored->format, stored->timezone, stored->version);
    if (!loaded.ok()) return loaded.errors();
  }
  const BaselineDates dates = DatesOfBaseline(*baseline);
  const StoredForecast f =
      ForecastStored(plan_, net_, *cal_, progress, zone_->ToLocal(now).date,
                     StoredPlanIsLevelled(plan_, version_levelled), &*baseline);
  AlertContext ctx{&plan_, &net_, cal_.get(), zone_.get(), &dates, &progress, &f.schedule,
                   f.levelled ? &f.assigned : nullptr};
  return Evaluation{version_, EvaluateAlerts(ctx, now)};
}

std::string DbEvaluator::Format(Instant t) const {
  if (zone_) return FormatInstant(*zone_, t);
  return FormatInstant(FixedOffsetZone(0), t);
}

}  // namespace rollout
