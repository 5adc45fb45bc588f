#include "app/report_builder.h"

#include <algorithm>
#include <unordered_map>

#include "engine/gates.h"
#include "engine/progress_rules.h"

namespace rollout {
namespace {

constexpr size_t kMaxGates = 3;  // as `rollout status`

std::string PersonName(const Plan& plan, const std::string& id) {
  const Person* p = plan.FindPerson(id);
  return p && !p->name.empty() ? p->name : id;
}

std::vector<std::string> Names(const Plan& plan, const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (const std::string& id : ids) out.push_back(PersonName(plan, id));
  return out;
}

std::optional<Date> DateOfText(const std::string& text) {
  Date d = 0;
  if (!ParseDate(text, &d)) return std::nullopt;
  return d;
}

// The people of each task in ids: |people| when given (a stored view), else
// the levelled choice, else the plan's assignees; gates: their approvers.
std::vector<std::vector<std::string>> PeopleIds(const ScheduledPlan& s,
                                                const std::vector<std::vector<std::string>>* people) {
  if (people) return *people;
  std::vector<std::vector<std::string>> out(s.plan.tasks.size());
  for (size_t i = 0; i < s.plan.tasks.size(); ++i) {
    const Task& t = s.plan.tasks[i];
    if (t.is_group) continue;
    if (t.gate) {
      out[i] = s.plan.Approvers(static_cast<int>(i));
    } else if (s.levelled && i < s.assigned.size() && !s.assigned[i].empty()) {
      out[i] = s.assigned[i];
    } else {
      out[i] = AssigneesOf(s.plan, static_cast<int>(i));
    }
  }
  return out;
}

// Whether link (p -> q) of |type| and |lag| is tight: it sets q's dates.
bool Drives(const TaskTimes& p, const TaskTimes& q, LinkType type, int lag) {
  switch (type) {
    case LinkType::kFS: return q.es == p.ef + lag;
    case LinkType::kSS: return q.es == p.es + lag;
    case LinkType::kFF: return q.ef == p.ef + lag;
    case LinkType::kSF: return q.ef == p.es + lag;
  }
  return false;
}

report::LinkKind KindOf(LinkType t) {
  switch (t) {
    case LinkType::kFS: return report::LinkKind::kFS;
    case LinkType::kSS: return report::LinkKind::kSS;
    case LinkType::kFF: return report::LinkKind::kFF;
    case LinkType::kSF: return report::LinkKind::kSF;
  }
  return report::LinkKind::kFS;
}

// Everything a plan and its schedule say; the view adds progress on top.
report::ReportData Common(const ScheduledPlan& s, const std::vector<std::vector<std::string>>& ids,
                          Date today) {
  const Plan& plan = s.plan;
  const WorkCalendar& cal = *s.cal;
  report::ReportData d;
  d.plan_id = plan.id;
  d.title = plan.title;
  d.today = today;
  d.levelled = s.levelled;
  d.forecast_finish = cal.DateOf(std::max(0, s.schedule.finish - 1));
  std::vector<int> counter(plan.tasks.size() + 1, 0);  // children numbered so far, per parent (+1: top)
  Date lo = cal.day0(), hi = d.forecast_finish;
  for (size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& t = plan.tasks[i];
    const TaskTimes& tt = s.schedule.tasks[i];
    report::ReportTask r;
    r.id = t.id;
    r.name = t.name;
    r.group = t.is_group;
    r.gate = t.gate.has_value();
    r.milestone = !t.is_group && !r.gate && t.duration == 0;
    r.duration = t.duration;
    const int number = ++counter[t.parent + 1];
    r.wbs = (t.parent >= 0 ? d.tasks[t.parent].wbs + "." : "") + std::to_string(number);
    r.depth = t.parent >= 0 ? d.tasks[t.parent].depth + 1 : 0;
    const TaskDates dates = DatesOf(cal, tt.es, tt.ef);
    r.start = dates.start;
    r.finish = dates.finish;
    r.total_float = tt.total_float;
    r.critical = tt.critical;
    if (!t.is_group && tt.total_float > 0) r.float_until = cal.DateOf(tt.ef - 1 + tt.total_float);
    if (t.deadline) {
      r.deadline = *t.deadline;
      r.deadline_margin = cal.OffEnd(*t.deadline) - tt.ef;
    }
    r.people = Names(plan, ids[i]);
    lo = std::min(lo, r.start);
    hi = std::max({hi, r.finish, r.float_until.value_or(r.finish), r.deadline.value_or(r.finish)});
    d.tasks.push_back(std::move(r));
  }
  for (uint32_t u = 0; u < s.net.size(); ++u) {
    for (auto e : boost::make_iterator_range(boost::out_edges(u, s.net.graph))) {
      const uint32_t v = static_cast<uint32_t>(boost::target(e, s.net.graph));
      const int32_t code = s.net.link_code[e.idx];
      report::ReportLink k;
      k.from = s.net.node_task[u];
      k.to = s.net.node_task[v];
      k.kind = KindOf(Network::CodeType(code));
      k.lag = Network::CodeLag(code);
      const TaskTimes& p = s.schedule.tasks[k.from];
      const TaskTimes& q = s.schedule.tasks[k.to];
      k.critical = p.critical && q.critical && Drives(p, q, Network::CodeType(code), k.lag);
      d.links.push_back(k);
    }
  }
  std::unordered_map<std::string, int> index;
  for (size_t i = 0; i < plan.tasks.size(); ++i) index.emplace(plan.tasks[i].id, static_cast<int>(i));
  for (size_t i = 0; i < plan.tasks.size(); ++i) {
    for (const Link& link : plan.tasks[i].after) {
      auto found = index.find(link.task);
      if (found == index.end()) continue;
      const int from = found->second;
      report::ReportLink k;
      k.from = from;
      k.to = static_cast<int>(i);
      k.kind = KindOf(link.type);
      k.lag = link.lag;
      const TaskTimes& p = s.schedule.tasks[from];
      const TaskTimes& q = s.schedule.tasks[i];
      k.critical = p.critical && q.critical && Drives(p, q, link.type, link.lag);
      d.plan_links.push_back(k);
    }
  }
  // The calendar a week around the plan (the chart's axis stays inside it).
  lo = std::min(lo, today) - 14;
  hi = std::max(hi, today) + 21;
  d.calendar_first = lo;
  for (Date day = lo; day <= hi; ++day) {
    uint8_t kind = 0;
    if (!cal.IsWorking(day)) kind = plan.calendar.workdays[Weekday(day)] ? 2 : 1;
    d.non_working.push_back(kind);
  }
  if (s.levelled) {
    for (const Person& p : plan.people) {
      report::ReportLoad load;
      load.person = p.name.empty() ? p.id : p.name;
      for (size_t i = 0; i < plan.tasks.size(); ++i)
        if (!plan.tasks[i].is_group && !plan.tasks[i].gate &&
            std::find(ids[i].begin(), ids[i].end(), p.id) != ids[i].end())
          load.tasks.push_back(static_cast<int>(i));
      for (int k : load.tasks) load.busy_days += s.schedule.tasks[k].ef - s.schedule.tasks[k].es;
      std::stable_sort(load.tasks.begin(), load.tasks.end(),
                       [&](int a, int b) { return d.tasks[a].start < d.tasks[b].start; });
      if (!load.tasks.empty()) d.load.push_back(std::move(load));
    }
  }
  return d;
}

report::ReportGate GateOf(const Plan& plan, const report::ReportData& d, int i, const std::string& state,
                          const Progress* progress) {
  report::ReportGate g;
  g.task = i;
  g.state = state;
  g.forecast = d.tasks[i].finish;
  g.approvers = Names(plan, plan.Approvers(i));
  for (const MetricCriterion& c : plan.tasks[i].gate->metrics) {
    report::ReportCriterion r;
    r.metric = c.metric;
    for (const Metric& m : plan.metrics)
      if (m.id == c.metric && !m.name.empty()) r.metric = m.name;
    r.min = c.min;
    r.max = c.max;
    if (progress) {
      auto it = progress->metrics.find(c.metric);
      if (it != progress->metrics.end()) r.current = it->second;
    }
    r.met = r.current && (!c.min || *r.current >= *c.min) && (!c.max || *r.current <= *c.max);
    g.criteria.push_back(std::move(r));
  }
  return g;
}

}  // namespace

report::ReportData ReportOfPlan(const ScheduledPlan& s, Date today, const std::string& status_text) {
  report::ReportData d = Common(s, PeopleIds(s, nullptr), today);
  d.status_text = status_text;
  std::vector<int> gates;
  for (size_t i = 0; i < s.plan.tasks.size(); ++i) {
    const Task& t = s.plan.tasks[i];
    if (t.is_group) continue;
    if (t.gate) {
      ++d.gates_open;
      gates.push_back(static_cast<int>(i));
    } else {
      ++d.planned;
    }
    d.tasks[i].state = t.gate ? "closed" : "planned";
  }
  std::stable_sort(gates.begin(), gates.end(),
                   [&](int a, int b) { return s.schedule.tasks[a].es < s.schedule.tasks[b].es; });
  for (size_t k = 0; k < gates.size() && k < kMaxGates; ++k)
    d.next_gates.push_back(GateOf(s.plan, d, gates[k], "closed", nullptr));
  return d;
}

report::ReportData ReportOfView(const Session& session, const ProjectView& view,
                                const std::vector<StoredAlert>& alerts) {
  const ScheduledPlan& s = view.s;
  report::ReportData d = Common(s, PeopleIds(s, &view.people), session.today);
  d.from_database = true;
  d.version = session.plan.version;
  d.status_text = session.Format(session.now);
  d.forecast_finish = view.ForecastFinish();
  if (view.baseline) {
    d.baseline_finish = DateOfText(view.baseline->finish);
    d.slip_days = s.schedule.finish - view.baseline->duration;
  }
  std::vector<int> gates;
  for (size_t i = 0; i < s.plan.tasks.size(); ++i) {
    const int task = static_cast<int>(i);
    const Task& t = s.plan.tasks[i];
    report::ReportTask& r = d.tasks[i];
    if (const BaselineTask* b = view.BaselineOf(task)) {
      r.baseline_start = DateOfText(b->start);
      r.baseline_finish = DateOfText(b->finish);
      if (!r.baseline_start || !r.baseline_finish) r.baseline_start = r.baseline_finish = std::nullopt;
    }
    if (t.is_group) continue;
    r.state = view.StateOf(task);
    r.late = view.IsLate(task);
    if (view.IsDone(task)) r.float_until = std::nullopt;  // done work has no float left to show
    if (t.gate) {
      (r.state == "passed" ? d.gates_passed : d.gates_open)++;
      if (!view.IsDone(task)) gates.push_back(task);
    } else if (r.state == "done") {
      ++d.done;
    } else if (r.state == "started") {
      ++d.started;
    } else {
      ++d.planned;
    }
  }
  std::stable_sort(gates.begin(), gates.end(),
                   [&](int a, int b) { return s.schedule.tasks[a].es < s.schedule.tasks[b].es; });
  for (size_t k = 0; k < gates.size() && k < kMaxGates; ++k)
    d.next_gates.push_back(GateOf(s.plan, d, gates[k], view.StateOf(gates[k]), &view.progress));
  for (const StoredAlert& a : alerts) {
    if (a.acked) continue;
    d.alerts.push_back({a.kind, a.task, a.created_at, a.message});
  }
  return d;
}

}  // namespace rollout
