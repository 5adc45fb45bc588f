#include "app/alert_evaluator.h"

#include "app/stored_forecast.h"
#include "engine/runtime/tz_time_zone.h"
#include "po/messages.h"

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
  ProjectState state;
  std::map<std::pair<AlertKind, std::string>, Date> last_raised;  // slip, deadline_risk
};

void ReadLastRaised(StoreTx& tx, const std::string& project, Snapshot* s) {
  for (AlertKind kind : {AlertKind::kSlip, AlertKind::kDeadlineRisk}) {
    for (const auto& [task, about] : tx.LatestAlertAbout(project, AlertKindName(kind))) {
      Date d = 0;
      if (ParseDate(about, &d)) s->last_raised[{kind, task}] = d;
    }
  }
}

}  // namespace

Status StoreAlertSource::LoadPlan(const StoredPlan& stored, Loaded* out) {
  Result<ScheduledPlan> s = ParseStoredPlan(stored);
  if (!s.ok()) return s.errors();
  Result<std::unique_ptr<TimeZone>> zone = TzTimeZone::Locate(stored.timezone);
  if (!zone.ok()) return zone.errors();
  out->s = std::move(s.value());
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
      if (s.stored) s.state = ReadProjectState(tx, row.id, s.stored->version);
      ReadLastRaised(tx, row.id, &s);
    }
  });
  if (!read.ok()) return read.errors();
  if (snaps.empty()) {
    if (!only_.empty())
      return MakeError(ErrorCode::kUnknownProject, Tr("no project '{0}' in the database {1}", only_,
                                                          store_->location()));
    return MakeError(ErrorCode::kNoPlan, Tr("the database holds no plan"));
  }
  std::vector<ProjectAlerts> out;
  for (auto& [project, snap] : snaps) {
    ProjectAlerts pa;
    pa.project = project;
    if (!snap.stored || !snap.state.baseline) {
      pa.errors.push_back(MakeError(ErrorCode::kNoPlan, Tr("project {0} has no plan", project)));
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
    const BaselineDates dates = DatesOfBaseline(*snap.state.baseline);
    const ScheduledPlan& s = loaded.s;
    const StoredForecast f = ForecastOf(s, snap.state, loaded.zone->ToLocal(now).date);
    AlertContext ctx{&s.plan, &s.net, s.cal.get(), loaded.zone.get(), &dates, &snap.state.progress,
                     &f.schedule, f.levelled ? &f.assigned : nullptr, &snap.last_raised};
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
  if (!early_zone_) {
    std::string zone = "UTC";
    Status st = store_->Read([&](StoreTx& tx) {
      for (const ProjectRow& row : tx.Projects()) {
        if (!only_.empty() && row.id != only_) continue;
        if (std::optional<StoredPlan> p = tx.CurrentPlan(row.id, false)) zone = p->timezone;
        break;
      }
    });
    Result<std::unique_ptr<TimeZone>> z = TzTimeZone::Locate(st.ok() ? zone : "UTC");
    early_zone_ = z.ok() ? std::move(z.value()) : std::make_unique<FixedOffsetZone>(0);
  }
  return FormatInstant(*early_zone_, t);
}

}  // namespace rollout
