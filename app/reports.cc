#include "app/reports.h"

#include "engine/deadlines.h"

#include <algorithm>

namespace rollout {
namespace {

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// The people who must act for gate |g|: its approvers when it is ready,
// else the unfinished predecessors and their assignees.
StatusGate NextGate(const ProjectView& v, int g) {
  StatusGate line;
  line.id = v.s.plan.tasks[g].id;
  line.name = v.s.plan.tasks[g].name;
  line.state = v.StateOf(g);
  line.forecast = FormatDate(v.ForecastDates(g).finish);
  if (line.state == "ready" || line.state == "rejected") {
    line.action = "approve";
    line.who = v.people[g];
    return line;
  }
  line.action = "finish";
  for (int p : v.Predecessors(g)) {
    if (v.IsDone(p)) continue;
    std::string who = v.s.plan.tasks[p].id;
    if (!v.people[p].empty()) who += " (" + Join(v.people[p], ", ") + ")";
    line.who.push_back(who);
  }
  return line;
}

}  // namespace

std::optional<Error> UnknownPersonOf(const ProjectView& v, const std::string& actor) {
  std::vector<std::string> people;
  for (const Person& p : v.s.plan.people) people.push_back(p.id);
  return UnknownPerson(actor, v.s.plan.id, people);
}

std::vector<TaskLine> TaskLines(const ProjectView& v, const TaskFilter& filter,
                                const std::string& actor) {
  std::vector<TaskLine> out;
  for (size_t i = 0; i < v.s.plan.tasks.size(); ++i) {
    const int t = static_cast<int>(i);
    const Task& task = v.s.plan.tasks[i];
    if (task.is_group) continue;
    if (filter.mine &&
        std::find(v.people[i].begin(), v.people[i].end(), actor) == v.people[i].end())
      continue;
    if (filter.ready && !v.IsReady(t)) continue;
    if (filter.late && !v.IsLate(t)) continue;
    TaskLine line;
    line.id = task.id;
    line.name = task.name;
    line.kind = task.gate ? "gate" : task.duration == 0 ? "milestone" : "task";
    line.state = v.StateOf(t);
    line.assigned = v.people[i];
    if (const BaselineTask* b = v.BaselineOf(t)) {
      line.start = b->start;
      line.finish = b->finish;
    }
    const TaskDates f = v.ForecastDates(t);
    line.forecast_start = FormatDate(f.start);
    line.forecast_finish = FormatDate(f.finish);
    line.late = v.IsLate(t);
    line.percent = v.PercentOf(t);
    line.remaining = v.RemainingOf(t);
    line.deliverable = task.deliverable;
    line.notes = task.notes;
    out.push_back(std::move(line));
  }
  return out;
}

StatusReport StatusOf(const Session& session, const ProjectView& v) {
  StatusReport r;
  r.plan = v.s.plan.id;
  r.title = v.s.plan.title;
  r.loaded_by = session.plan.loaded_by;
  r.version = session.plan.version;
  r.now = session.Format(session.now);
  std::vector<int> gates;
  for (size_t i = 0; i < v.s.plan.tasks.size(); ++i) {
    const Task& t = v.s.plan.tasks[i];
    const int k = static_cast<int>(i);
    if (t.is_group) continue;
    const std::string st = v.StateOf(k);
    if (t.gate) {
      (st == "passed" ? r.gates_passed : r.gates_open)++;
    } else if (st == "done") {
      ++r.done;
    } else if (st == "started") {
      ++r.started;
    } else {
      ++r.planned;
    }
    if (v.IsLate(k)) {
      const BaselineTask* b = v.BaselineOf(k);
      r.late.push_back({t.id, t.name, b ? b->finish : "?", FormatDate(v.ForecastDates(k).finish),
                        v.people[i]});
    }
    if (t.gate && !v.IsDone(k)) gates.push_back(k);
  }
  for (const MissedDeadline& m : MissedDeadlines(v.s.plan, *v.s.cal, v.s.schedule)) {
    const Task& t = v.s.plan.tasks[m.task];
    r.missed.push_back(
        {t.id, t.name, v.StateOf(m.task), FormatDate(m.finish), FormatDate(m.deadline), m.late});
  }
  r.forecast_finish = FormatDate(v.ForecastFinish());
  if (v.baseline) {
    r.baseline_finish = v.baseline->finish;
    r.slip_days = v.s.schedule.finish - v.baseline->duration;
  }
  std::stable_sort(gates.begin(), gates.end(), [&](int a, int b) {
    return v.s.schedule.tasks[a].es < v.s.schedule.tasks[b].es;
  });
  for (size_t k = 0; k < gates.size() && k < kStatusMaxGates; ++k)
    r.next_gates.push_back(NextGate(v, gates[k]));
  return r;
}

Result<std::vector<ProjectLine>> ProjectLines(Store& store, const SessionRequest& request) {
  Result<std::vector<ProjectRow>> rows = [&]() -> Result<std::vector<ProjectRow>> {
    std::vector<ProjectRow> out;
    Status st = store.Read([&](StoreTx& tx) { out = tx.Projects(); });
    if (!st.ok()) return st.errors();
    return out;
  }();
  if (!rows.ok()) return rows.errors();
  std::vector<ProjectLine> lines;
  for (const ProjectRow& row : rows.value()) {
    ProjectLine line{row, "", 0, false};
    SessionRequest r = request;
    r.project = row.id;
    Result<Session> session = OpenSession(store, r, true);
    if (!session.ok()) return session.errors();
    Result<ProjectView> view = LoadProjectView(session.value());
    if (view.ok()) {
      line.forecast = FormatDate(view.value().ForecastFinish());
      if (view.value().baseline) {
        line.has_baseline = true;
        line.slip = view.value().s.schedule.finish - view.value().baseline->duration;
      }
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

ScheduleReport ScheduleReportOf(const ScheduledPlan& s, const std::string& forecast_at) {
  ScheduleReport r;
  r.plan = s.plan.id;
  r.start = FormatDate(s.plan.start);
  r.finish = FormatDate(s.cal->DateOf(std::max(0, s.schedule.finish - 1)));
  r.duration = s.schedule.finish;
  r.levelled = s.levelled;
  r.forecast_at = forecast_at;
  r.tasks.reserve(s.plan.tasks.size());
  for (size_t i = 0; i < s.plan.tasks.size(); ++i) {
    const Task& t = s.plan.tasks[i];
    const TaskTimes& x = s.schedule.tasks[i];
    ScheduleRow row;
    row.id = t.id;
    row.name = t.name;
    row.group = t.is_group;
    for (int p = t.parent; p >= 0; p = s.plan.tasks[p].parent) ++row.depth;
    row.mark = t.gate ? "◆ " : (!t.is_group && t.duration == 0) ? "◇ " : "";
    row.duration = x.ef - x.es;
    row.es = x.es;
    row.ef = x.ef;
    row.ls = x.ls;
    row.lf = x.lf;
    row.total_float = x.total_float;
    row.free_float = x.free_float;
    row.critical = x.critical;
    TaskDates d = DatesOf(*s.cal, x.es, x.ef);
    if (t.is_group)
      d = {DatesOf(*s.cal, x.es, x.es + 1).start, DatesOf(*s.cal, x.ef - 1, x.ef).finish};
    row.start = FormatDate(d.start);
    row.finish = FormatDate(d.finish);
    if (!t.is_group && i < s.assigned.size()) row.assigned = s.assigned[i];
    r.tasks.push_back(std::move(row));
  }
  for (int k : s.schedule.critical_path) r.critical_path.push_back(s.plan.tasks[k].id);
  return r;
}

}  // namespace rollout
