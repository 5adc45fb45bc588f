// rollout show TASK [--json]: everything about one task (app/task_report.h).
#include <algorithm>
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

// A linked task's state, else its kind, as a person reads it.
std::string LinkState(const LinkedTask& l) {
  return l.state.empty() ? KindText(l.kind) : StateText(l.state);
}

std::string LinkLine(const LinkedTask& l, int state_w) {
  std::string link = l.type == "FS" && l.lag == 0
                         ? ""
                         : " (" + l.type + (l.lag > 0 ? "+" : "") +
                               (l.lag != 0 ? std::to_string(l.lag) : "") + ")";
  return "  " + PadRight(l.id, 20) + "  " + PadRight(LinkState(l), state_w) + "  " +
         Truncate(l.name, 40) + link + "\n";
}

// The labels of the rows, for the width of their column (12 in English).
constexpr const char* kLabels[] = {
    N_("kind"),     N_("state"),      N_("approvers"),  N_("people"),    N_("duration"),
    N_("baseline"), N_("forecast"),   N_("actual"),     N_("remaining"), N_("float"),
    N_("not before"), N_("deadline"), N_("deliverable"), N_("notes"),    N_("criterion")};

void PrintText(const TaskReport& r) {
  std::string out = VisibleText(r.id) + (r.name.empty() ? "" : "  " + VisibleText(r.name)) + "\n";
  int label_w = 12;
  for (const char* l : kLabels) label_w = std::max(label_w, DisplayWidth(Tr(l)) + 1);
  // Every value shown visibly (VisibleText); a text of several lines (notes)
  // continues under its first line.
  auto row = [&out, label_w](const char* key, const std::string& value) {
    size_t from = 0;
    std::string label = Tr(key);
    while (true) {
      const size_t nl = value.find('\n', from);
      out += PadRight(label, label_w) + VisibleText(value.substr(from, nl - from)) + "\n";
      if (nl == std::string::npos || nl + 1 == value.size()) break;
      from = nl + 1;
      label.clear();
    }
  };
  auto span = [](const std::string& a, const std::string& b) {
    return HumanDate(a) + (a == b ? std::string() : " .. " + HumanDate(b));
  };
  row(kLabels[0], KindText(r.kind) + (r.group.empty() ? "" : Tr(", in {0}", r.group)) +
                      (r.critical ? Tr(", critical") : "") +
                      (r.late ? TrC("task mark", ", late") : ""));
  if (!r.state.empty()) row(kLabels[1], StateText(r.state));
  if (!r.people.empty()) row(r.kind == "gate" ? kLabels[2] : kLabels[3], Join(r.people));
  if (r.kind == "task" || r.kind == "group") row(kLabels[4], WorkingDays(r.duration));
  if (r.baseline) row(kLabels[5], span(r.baseline->start, r.baseline->finish));
  row(kLabels[6], span(FormatDate(r.forecast_start), FormatDate(r.forecast_finish)));
  if (r.started || r.finished) {
    std::string actual = r.started ? Tr("started {0}", HumanDate(FormatDate(*r.started))) : "";
    if (r.started && r.finished) actual += ", ";
    if (r.finished)
      actual += r.kind == "gate" ? Tr("passed {0}", HumanDate(FormatDate(*r.finished)))
                                 : Tr("finished {0}", HumanDate(FormatDate(*r.finished)));
    row(kLabels[7], actual);
  }
  if (r.state == "started" && r.remaining)
    row(kLabels[8], WorkingDays(*r.remaining) +
                        (r.percent ? Tr(" ({0} complete)", Num(*r.percent) + " %") : std::string()));
  row(kLabels[9], Tr("{0} total, {1} free", WorkingDays(r.total_float), r.free_float));
  if (r.not_before) row(kLabels[10], HumanDate(FormatDate(*r.not_before)));
  if (r.deadline) {
    const int m = r.deadline_margin.value_or(0);
    row(kLabels[11], HumanDate(FormatDate(*r.deadline)) + ": " +
                         (m < 0    ? Tr("missed by {0}", WorkingDays(-m))
                          : m == 0 ? Tr("met with no margin")
                                   : Tr("{0} to spare", WorkingDays(m))));
  }
  if (!r.deliverable.empty()) row(kLabels[12], r.deliverable);
  if (!r.notes.empty()) row(kLabels[13], r.notes);
  for (const CriterionState& c : r.criteria) {
    std::string need = c.min ? ">= " + Num(*c.min) : "";
    if (c.max) need += (need.empty() ? "<= " : ", <= ") + Num(*c.max);
    row(kLabels[14], c.metric + " " + need + ": " +
                         (c.value ? Num(*c.value) + (c.met ? Tr(" (met)") : Tr(" (not met)"))
                                  : Tr("no value yet")));
  }
  int state_w = 8;
  for (const LinkedTask& l : r.predecessors) state_w = std::max(state_w, DisplayWidth(LinkState(l)));
  for (const LinkedTask& l : r.successors) state_w = std::max(state_w, DisplayWidth(LinkState(l)));
  out += "\n" + Tr("after ({0})", r.predecessors.size()) + "\n";
  for (const LinkedTask& l : r.predecessors) out += LinkLine(l, state_w);
  out += Tr("before ({0})", r.successors.size()) + "\n";
  for (const LinkedTask& l : r.successors) out += LinkLine(l, state_w);
  out += Tr("log ({0})", r.log.size()) + "\n";
  for (const LogEntry& e : r.log)
    out += "  " + VisibleText(HumanInstant(e.at_text)) + "  " + VisibleText(e.actor) + "  " +
           VisibleText(e.action) + (e.note.empty() ? "" : ": " + VisibleText(e.note)) + "\n";
  out += Tr("alerts ({0})", r.alerts.size()) + "\n";
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
      "show",
      Tr("everything about one task: state, people, dates, float, links, deadline, log, alerts"));
  cmd->add_option("TASK", *task, Tr("task, gate, milestone or group id"))->required();
  cmd->callback([cli, task] { cli->action = [cli, task] { return RunShow(*task, cli->global); }; });
}

}  // namespace rollout
