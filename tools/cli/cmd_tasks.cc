// rollout tasks [--mine] [--ready] [--late] [--json]: leaf tasks and gates
// with their state, assignees, baseline and forecast dates.
#include <algorithm>
#include <cstdio>

#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/db_view.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct TasksArgs {
  bool mine = false;
  bool ready = false;
  bool late = false;
};

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string JsonList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + JsonString(items[i]);
  return out + "]";
}

std::vector<int> Selected(const ProjectView& v, const TasksArgs& args, const std::string& actor) {
  std::vector<int> out;
  for (size_t i = 0; i < v.s.plan.tasks.size(); ++i) {
    const int t = static_cast<int>(i);
    if (v.s.plan.tasks[i].is_group) continue;
    if (args.mine && std::find(v.people[i].begin(), v.people[i].end(), actor) == v.people[i].end())
      continue;
    if (args.ready && !v.IsReady(t)) continue;
    if (args.late && !v.IsLate(t)) continue;
    out.push_back(t);
  }
  return out;
}

template <typename T>
std::string JsonNumberOr(const std::optional<T>& x) {
  if (!x) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", static_cast<double>(*x));
  return buf;
}

void PrintJson(const ProjectView& v, const std::vector<int>& tasks) {
  std::string out = "[";
  for (size_t k = 0; k < tasks.size(); ++k) {
    const int i = tasks[k];
    const Task& t = v.s.plan.tasks[i];
    const BaselineTask* b = v.BaselineOf(i);
    TaskDates f = v.ForecastDates(i);
    out += k ? ",\n" : "\n";
    out += "{\"id\":" + JsonString(t.id) + ",\"name\":" + JsonString(t.name) +
           ",\"kind\":\"" + (t.gate ? "gate" : t.duration == 0 ? "milestone" : "task") + "\"" +
           ",\"state\":\"" + v.StateOf(i) + "\",\"assigned\":" + JsonList(v.people[i]) +
           ",\"start\":" + (b ? JsonString(b->start) : "null") +
           ",\"finish\":" + (b ? JsonString(b->finish) : "null") +
           ",\"forecast_start\":\"" + FormatDate(f.start) + "\",\"forecast_finish\":\"" +
           FormatDate(f.finish) + "\",\"late\":" + (v.IsLate(i) ? "true" : "false") +
           ",\"percent\":" + JsonNumberOr(v.PercentOf(i)) +
           ",\"remaining\":" + JsonNumberOr(v.RemainingOf(i)) +
           ",\"deliverable\":" + JsonString(t.deliverable) + ",\"notes\":" + JsonString(t.notes) +
           "}";
  }
  out += tasks.empty() ? "]\n" : "\n]\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
}

void PrintTable(const ProjectView& v, const std::vector<int>& tasks) {
  std::vector<std::vector<std::string>> rows;
  bool deliverables = false;
  for (int i : tasks) deliverables = deliverables || !v.s.plan.tasks[i].deliverable.empty();
  rows.push_back({"ID", "STATE", "NAME", "ASSIGNED", "START", "FINISH", "FORECAST", ""});
  if (deliverables) rows[0].push_back("DELIVERABLE");
  for (int i : tasks) {
    const Task& t = v.s.plan.tasks[i];
    const BaselineTask* b = v.BaselineOf(i);
    TaskDates f = v.ForecastDates(i);
    rows.push_back({t.id, v.StateOf(i), Truncate(t.name, 40), Truncate(Join(v.people[i], ","), 24),
                    b ? b->start : "", b ? b->finish : "", FormatDate(f.finish),
                    v.IsLate(i) ? "late" : ""});
    if (deliverables) rows.back().push_back(Truncate(t.deliverable, 40));
  }
  std::vector<int> w(rows[0].size(), 0);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) w[c] = std::max(w[c], DisplayWidth(r[c]));
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (size_t c = 0; c < r.size(); ++c) line += PadRight(r[c], w[c]) + "  ";
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += std::to_string(tasks.size()) + " tasks\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
}

int RunTasks(const TasksArgs& args, const GlobalOptions& global) {
  DbCommand cmd;
  ProjectView view;
  if (int code = OpenProjectView(global, &cmd, &view); code != kExitOk) return code;
  if (args.mine) {
    std::vector<std::string> people;
    for (const Person& p : view.s.plan.people) people.push_back(p.id);
    if (auto unknown = UnknownPerson(cmd.session.actor, cmd.session.project(), people))
      return ReportErrors({*unknown});
  }
  std::vector<int> tasks = Selected(view, args, cmd.session.actor);
  if (global.json) {
    PrintJson(view, tasks);
  } else {
    PrintTable(view, tasks);
  }
  std::fflush(stdout);
  cmd.timer.Mark("output");
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace

void RegisterTasks(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<TasksArgs>();
  CLI::App* cmd = app.add_subcommand(
      "tasks", "task list with state, assignees, planned and forecast dates");
  cmd->add_flag("--mine", args->mine, "only tasks assigned to me (gates: that I approve)");
  cmd->add_flag("--ready", args->ready, "only tasks not done whose predecessors are all done");
  cmd->add_flag("--late", args->late, "only tasks not done forecast to finish after the baseline");
  cmd->callback([cli, args] { cli->action = [cli, args] { return RunTasks(*args, cli->global); }; });
}

}  // namespace rollout
