// rollout tasks [--mine] [--ready] [--late] [--json]: leaf tasks and gates
// with their state, assignees, baseline and forecast dates.
#include <algorithm>
#include <cstdio>

#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "app/reports.h"
#include "app/wire.h"
#include "tools/cli/db_view.h"
#include "tools/cli/remote.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

void PrintTable(const std::vector<TaskLine>& tasks) {
  std::vector<std::vector<std::string>> rows;
  bool deliverables = false;
  for (const TaskLine& t : tasks) deliverables = deliverables || !t.deliverable.empty();
  rows.push_back({Tr("ID"), Tr("STATE"), Tr("NAME"), Tr("ASSIGNED"), Tr("START"), Tr("FINISH"),
                  Tr("FORECAST"), ""});
  if (deliverables) rows[0].push_back(Tr("DELIVERABLE"));
  for (const TaskLine& t : tasks) {
    rows.push_back({t.id, StateText(t.state), Truncate(t.name, 40),
                    Truncate(Join(t.assigned, ","), 24), HumanDate(t.start.value_or("")),
                    HumanDate(t.finish.value_or("")), HumanDate(t.forecast_finish),
                    t.late ? TrC("task mark", "late") : ""});
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
  out += TrN("{0} task", "{0} tasks", static_cast<long long>(tasks.size()), tasks.size()) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
}

void Print(const std::vector<TaskLine>& tasks, bool json) {
  if (json)
    std::fputs(TasksJson(tasks).c_str(), stdout);
  else
    PrintTable(tasks);
  std::fflush(stdout);
}

int RunTasks(const TaskFilter& filter, const GlobalOptions& global) {
  if (!ServerUrl(global).empty()) {
    RemoteRequest request{"GET", "/tasks", {}, "", {}};
    if (filter.mine) request.query["mine"] = "1";
    if (filter.ready) request.query["ready"] = "1";
    if (filter.late) request.query["late"] = "1";
    RemoteReply reply;
    if (int code = CallServer(global, request, &reply); code != kExitOk) return code;
    Result<std::vector<TaskLine>> tasks = TasksFromJson(reply.body);
    if (!tasks.ok()) return ReportErrors(tasks.errors());
    Print(tasks.value(), global.json);
    return kExitOk;
  }
  DbCommand cmd;
  ProjectView view;
  if (int code = OpenProjectView(global, &cmd, &view); code != kExitOk) return code;
  if (filter.mine)
    if (auto unknown = UnknownPersonOf(view, cmd.session.actor)) return ReportErrors({*unknown});
  Print(TaskLines(view, filter, cmd.session.actor), global.json);
  cmd.timer.Mark("output");
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace

void RegisterTasks(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<TaskFilter>();
  CLI::App* cmd = app.add_subcommand(
      "tasks", Tr("task list with state, assignees, planned and forecast dates"));
  cmd->add_flag("--mine", args->mine, Tr("only tasks assigned to me (gates: that I approve)"));
  cmd->add_flag("--ready", args->ready, Tr("only tasks not done whose predecessors are all done"));
  cmd->add_flag("--late", args->late,
                Tr("only tasks not done forecast to finish after the baseline"));
  cmd->callback([cli, args] { cli->action = [cli, args] { return RunTasks(*args, cli->global); }; });
}

}  // namespace rollout
