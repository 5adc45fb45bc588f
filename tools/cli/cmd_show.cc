// rollout show TASK [--json]: everything about one task (app/task_report.h).
#include <cstdio>
#include <memory>

#include "app/task_report.h"
#include "app/wire.h"
#include "tools/cli/alert_text.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/remote.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

std::string Num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string LinkLine(const LinkedTask& l) {
  std::string link = l.type == "FS" && l.lag == 0
                         ? ""
                         : " (" + l.type + (l.lag > 0 ? "+" : "") +
                               (l.lag != 0 ? std::to_string(l.lag) : "") + ")";
  return "  " + PadRight(l.id, 20) + "  " + PadRight(l.state.empty() ? l.kind : l.state, 8) +
         "  " + Truncate(l.name, 40) + link + "\n";
}

void PrintText(const TaskReport& r) {
  std::string out = VisibleText(r.id) + (r.name.empty() ? "" : "  " + VisibleText(r.name)) + "\n";
  // Every value shown visibly (VisibleText); a text of several lines (notes)
  // continues under its first line.
  auto row = [&out](const std::string& key, const std::string& value) {
    size_t from = 0;
    std::string label = key;
    while (true) {
      const size_t nl = value.find('\n', from);
      out += PadRight(label, 12) + VisibleText(value.substr(from, nl - from)) + "\n";
      if (nl == std::string::npos || nl + 1 == value.size()) break;
      from = nl + 1;
      label.clear();
    }
  };
  row("kind", r.kind + (r.group.empty() ? "" : ", in " + r.group) +
                  (r.critical ? ", critical" : "") + (r.late ? ", late" : ""));
  if (!r.state.empty()) row("state", r.state);
  if (!r.people.empty()) row(r.kind == "gate" ? "approvers" : "people", Join(r.people));
  if (r.kind == "task" || r.kind == "group") row("duration", WorkingDays(r.duration));
  if (r.baseline)
    row("baseline", r.baseline->start + (r.baseline->start == r.baseline->finish
                                             ? std::string()
                                             : " .. " + r.baseline->finish));
  row("forecast", FormatDate(r.forecast_start) +
                      (r.forecast_start == r.forecast_finish ? std::string()
                                                             : " .. " + FormatDate(r.forecast_finish)));
  if (r.started || r.finished)
    row("actual", (r.started ? "started " + FormatDate(*r.started) : std::string()) +
                      (r.started && r.finished ? ", " : "") +
                      (r.finished ? (r.kind == "gate" ? "passed " : "finished ") +
                                        FormatDate(*r.finished)
                                  : std::string()));
  if (r.state == "started" && r.remaining)
    row("remaining", WorkingDays(*r.remaining) +
                         (r.percent ? " (" + Num(*r.percent) + " % complete)" : std::string()));
  row("float", WorkingDays(r.total_float) + " total, " + std::to_string(r.free_float) + " free");
  if (r.not_before) row("not before", FormatDate(*r.not_before));
  if (r.deadline) {
    const int m = r.deadline_margin.value_or(0);
    row("deadline", FormatDate(*r.deadline) + ": " +
                        (m < 0    ? "missed by " + WorkingDays(-m)
                         : m == 0 ? "met with no margin"
                                  : WorkingDays(m) + " to spare"));
  }
  if (!r.deliverable.empty()) row("deliverable", r.deliverable);
  if (!r.notes.empty()) row("notes", r.notes);
  for (const CriterionState& c : r.criteria) {
    std::string need = c.min ? ">= " + Num(*c.min) : "";
    if (c.max) need += (need.empty() ? "<= " : ", <= ") + Num(*c.max);
    row("criterion", c.metric + " " + need + ": " +
                         (c.value ? Num(*c.value) + (c.met ? " (met)" : " (not met)")
                                  : std::string("no value yet")));
  }
  out += "\nafter (" + std::to_string(r.predecessors.size()) + ")\n";
  for (const LinkedTask& l : r.predecessors) out += LinkLine(l);
  out += "before (" + std::to_string(r.successors.size()) + ")\n";
  for (const LinkedTask& l : r.successors) out += LinkLine(l);
  out += "log (" + std::to_string(r.log.size()) + ")\n";
  for (const LogEntry& e : r.log)
    out += "  " + VisibleText(e.at_text) + "  " + VisibleText(e.actor) + "  " +
           VisibleText(e.action) + (e.note.empty() ? "" : ": " + VisibleText(e.note)) + "\n";
  out += "alerts (" + std::to_string(r.alerts.size()) + ")\n";
  for (const StoredAlert& a : r.alerts)
    out += "  #" + std::to_string(a.id) + "  " + VisibleText(a.kind) + "  " +
           VisibleText(a.message) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
}

void Print(const TaskReport& r, bool json) {
  if (json) {
    std::fputs(TaskReportJson(r).c_str(), stdout);
  } else {
    PrintText(r);
  }
  std::fflush(stdout);
}

int RunShow(const std::string& task, const GlobalOptions& global) {
  if (!ServerUrl(global).empty()) {
    RemoteReply reply;
    if (int code = CallServer(global, {"GET", "/tasks/" + UrlSegment(task), {}, "", {}}, &reply);
        code != kExitOk)
      return code;
    Result<TaskReport> r = TaskReportFromJson(reply.body);
    if (!r.ok()) return ReportErrors(r.errors());
    Print(r.value(), global.json);
    return kExitOk;
  }
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd, true, OpenMode::kReadOnly); code != kExitOk)
    return code;
  Result<TaskReport> r = ShowTask(cmd.session, task);
  if (!r.ok()) return ReportErrors(r.errors());
  for (StoredAlert& a : r.value().alerts) a.message = AlertText(a);
  Print(r.value(), global.json);
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace

void RegisterShow(CLI::App& app, Cli* cli) {
  auto task = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "show", "everything about one task: state, people, dates, float, links, deadline, log, alerts");
  cmd->add_option("TASK", *task, "task, gate, milestone or group id")->required();
  cmd->callback([cli, task] { cli->action = [cli, task] { return RunShow(*task, cli->global); }; });
}

}  // namespace rollout
