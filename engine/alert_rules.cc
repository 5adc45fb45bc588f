#include "engine/alert_rules.h"

#include <algorithm>
#include <tuple>

#include "engine/deadlines.h"
#include "engine/gates.h"
#include "engine/progress_rules.h"  // AssigneesOf

namespace rollout {
namespace {

constexpr const char* kKindNames[] = {"due_soon", "overdue", "gate_ready", "slip", "deadline_risk"};

void AddUnique(std::vector<std::string>* out, const std::string& id) {
  if (std::find(out->begin(), out->end(), id) == out->end()) out->push_back(id);
}

std::vector<std::string> Union(std::vector<std::string> a, const std::vector<std::string>& b) {
  for (const std::string& id : b) AddUnique(&a, id);
  return a;
}

// Collects the alerts due at |now| and the earliest future instant.
class Evaluator {
 public:
  Evaluator(const AlertContext& ctx, Instant now) : c_(ctx), now_(now) {}

  DueAlerts Run() {
    const Plan& plan = *c_.plan;
    for (size_t i = 0; i < plan.tasks.size(); ++i) {
      const Task& t = plan.tasks[i];
      if (t.is_group) continue;
      if (t.gate) {
        GateReady(static_cast<int>(i));
        // A checkpoint is where a deadline usually sits (both of the
        // built-in workflow's do): while it has not passed, it can be late.
        if (!CountsAsDone(t.id, true, *c_.progress)) DeadlineRisk(static_cast<int>(i));
        continue;
      }
      if (CountsAsDone(t.id, false, *c_.progress)) continue;
      if (t.has_duration && t.duration > 0) DueSoonAndOverdue(static_cast<int>(i));
      DeadlineRisk(static_cast<int>(i));
    }
    Slip();
    NextForecastChange();
    std::sort(out_.alerts.begin(), out_.alerts.end(), [](const Alert& a, const Alert& b) {
      return std::tie(a.due_at, a.kind, a.task, a.about) <
             std::tie(b.due_at, b.kind, b.task, b.about);
    });
    return std::move(out_);
  }

 private:
  void Future(Instant t) {
    if (t > now_ && (!out_.next || t < *out_.next)) out_.next = t;
  }

  void Raise(AlertKind kind, int task, std::string about, Instant due_at,
             std::vector<std::string> recipients, std::map<std::string, std::string> args) {
    Alert a;
    a.kind = kind;
    a.task = task >= 0 ? c_.plan->tasks[task].id : "";
    a.about = std::move(about);
    a.due_at = due_at;
    a.recipients = std::move(recipients);
    if (task >= 0) args["name"] = c_.plan->tasks[task].name;
    a.args = std::move(args);
    out_.alerts.push_back(std::move(a));
  }

  std::vector<std::string> Leads() const { return c_.plan->PeopleWithRole("lead"); }

  // The people levelling gave the task (levelled plans), else AssigneesOf;
  // a gate's are its approvers.
  std::vector<std::string> Assignees(int i) const {
    if (c_.plan->tasks[i].gate) return c_.plan->Approvers(i);
    if (c_.assigned != nullptr && static_cast<size_t>(i) < c_.assigned->size() &&
        !(*c_.assigned)[i].empty())
      return (*c_.assigned)[i];
    return AssigneesOf(*c_.plan, i);
  }

  void DueSoonAndOverdue(int i) {
    const Task& t = c_.plan->tasks[i];
    auto it = c_.baseline->tasks.find(t.id);
    if (it == c_.baseline->tasks.end()) return;  // not in the baseline: added since
    const Date finish = it->second.finish;
    const Calendar& hours = c_.plan->calendar;
    const Instant finish_at = c_.zone->ToInstant(finish, hours.day_end_minute);
    const int remind_off = std::max(0, c_.cal->OffStart(finish) - c_.plan->remind_days);
    const Instant remind_at =
        c_.zone->ToInstant(c_.cal->DateOf(remind_off), hours.day_start_minute);
    const std::string about = FormatDate(finish);
    if (remind_at <= now_ && now_ < finish_at) {
      Raise(AlertKind::kDueSoon, i, about, remind_at, Assignees(i), {{"finish", about}});
    }
    if (finish_at <= now_) {
      Raise(AlertKind::kOverdue, i, about, finish_at, Union(Assignees(i), Leads()),
            {{"finish", about}});
    }
    Future(remind_at);
    Future(finish_at);
  }

  void GateReady(int i) {
    const Plan& plan = *c_.plan;
    if (GateStateOf(plan, *c_.net, i, *c_.progress) == GateState::kPassed) return;
    if (!PendingPredecessors(plan, *c_.net, i, *c_.progress).empty()) return;
    Instant at = LastPredecessorDoneAt(plan, *c_.net, i, *c_.progress);
    if (at == 0) at = c_.zone->ToInstant(c_.cal->day0(), plan.calendar.day_start_minute);
    if (at > now_) {  // recorded "in the future" of this evaluation: not yet
      Future(at);
      return;
    }
    Raise(AlertKind::kGateReady, i, FormatDate(c_.zone->ToLocal(at).date), at, plan.Approvers(i),
          {});
  }

  // False while the forecast |f| is less than slip_threshold working days
  // past the last alert of (kind, task): the same cause, said already.
  bool MovedEnough(AlertKind kind, const std::string& task, Date f) const {
    if (!c_.last_raised) return true;
    auto it = c_.last_raised->find({kind, task});
    if (it == c_.last_raised->end()) return true;
    return c_.cal->OffEnd(f) - c_.cal->OffEnd(it->second) >= std::max(1, c_.plan->slip_threshold);
  }

  void DeadlineRisk(int i) {
    const Task& t = c_.plan->tasks[i];
    const std::optional<MissedDeadline> m = DeadlineMissed(*c_.plan, *c_.cal, *c_.forecast, i);
    if (!m || !MovedEnough(AlertKind::kDeadlineRisk, t.id, m->finish)) return;
    Raise(AlertKind::kDeadlineRisk, i, FormatDate(m->finish), now_, Union(Assignees(i), Leads()),
          {{"forecast", FormatDate(m->finish)},
           {"deadline", FormatDate(m->deadline)},
           {"late", std::to_string(m->late)}});
  }

  void Slip() {
    const int f = c_.forecast->finish;
    const Date finish = f > 0 ? c_.cal->DateOf(f - 1) : c_.cal->DateOf(0);
    if (finish <= c_.baseline->finish || !MovedEnough(AlertKind::kSlip, "", finish)) return;
    const int late = c_.cal->OffEnd(finish) - c_.cal->OffEnd(c_.baseline->finish);
    Raise(AlertKind::kSlip, -1, FormatDate(finish), now_, Leads(),
          {{"forecast", FormatDate(finish)},
           {"baseline", FormatDate(c_.baseline->finish)},
           {"late", std::to_string(late)}});
  }

  // The forecast moves only when "today" becomes the next working date.
  void NextForecastChange() {
    Date d = c_.zone->ToLocal(now_).date + 1;
    for (int guard = 0; guard < 400 && !c_.cal->IsWorking(d); ++guard) ++d;
    Future(c_.zone->ToInstant(d, 0));
  }

  const AlertContext& c_;
  Instant now_;
  DueAlerts out_;
};

}  // namespace

const char* AlertKindName(AlertKind kind) { return kKindNames[static_cast<int>(kind)]; }

bool ParseAlertKind(std::string_view name, AlertKind* out) {
  for (int k = 0; k < 5; ++k)
    if (name == kKindNames[k]) {
      *out = static_cast<AlertKind>(k);
      return true;
    }
  return false;
}

BaselineDates BaselineFromSchedule(const Plan& plan, const WorkCalendar& cal,
                                   const Schedule& schedule) {
  BaselineDates b;
  for (size_t i = 0; i < plan.tasks.size() && i < schedule.tasks.size(); ++i)
    b.tasks[plan.tasks[i].id] = DatesOf(cal, schedule.tasks[i].es, schedule.tasks[i].ef);
  b.finish = schedule.finish > 0 ? cal.DateOf(schedule.finish - 1) : cal.DateOf(0);
  return b;
}

DueAlerts EvaluateAlerts(const AlertContext& ctx, Instant now) { return Evaluator(ctx, now).Run(); }

}  // namespace rollout
