// rollout status [--json]: one screen for the lead: counts, forecast finish
// against the baseline, late tasks, the next gates and who must act.
#include <algorithm>
#include <cstdio>

#include "engine/deadlines.h"
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

constexpr size_t kMaxLate = 10;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void PrintText(const StatusReport& r) {
  std::string out = VisibleText(r.plan) + (r.title.empty() ? "" : ": " + VisibleText(r.title)) + "\n";
  out += Tr("version {0}, loaded by {1}; now {2}", r.version, VisibleText(r.loaded_by),
            HumanInstant(r.now)) +
         "\n\n";
  // The two labels share a column: "tasks   ", "finish  " in English.
  const std::string tasks_label = Tr("tasks");
  const std::string finish_label = Tr("finish");
  const int label_w = std::max(DisplayWidth(tasks_label), DisplayWidth(finish_label)) + 2;
  out += PadRight(tasks_label, label_w) +
         Tr("{0} done, {1} started, {2} planned; gates {3} passed, {4} open", r.done, r.started,
            r.planned, r.gates_passed, r.gates_open) +
         "\n";
  out += PadRight(finish_label, label_w) + Tr("forecast {0}", HumanDate(r.forecast_finish));
  if (r.baseline_finish) {
    const int slip = r.slip_days;
    out += Tr(", baseline {0}: ", HumanDate(*r.baseline_finish));
    out += slip > 0   ? Tr("{0} late", WorkingDays(slip))
           : slip < 0 ? Tr("{0} early", WorkingDays(-slip))
           : r.missed.empty() ? Tr("on time")
                            : Tr("the baseline finish holds");
  }
  out += "\n";
  if (!r.missed.empty()) {
    out += "\n" + Tr("missed deadlines: {0}", r.missed.size()) + "\n";
    for (const StatusMissed& m : r.missed)
      out += "  " + PadRight(m.id, 20) + "  " + PadRight(Truncate(m.name, 36), 36) + "  " +
             Tr("deadline {0}, forecast {1}: {2} late", HumanDate(m.deadline),
                HumanDate(m.forecast), WorkingDays(m.late)) +
             "\n";
  }
  out += "\n" + Tr("late tasks: {0}", r.late.size()) + "\n";
  for (size_t k = 0; k < r.late.size() && k < kMaxLate; ++k) {
    const StatusLate& l = r.late[k];
    out += "  " + PadRight(l.id, 20) + "  " + PadRight(Truncate(l.name, 36), 36) + "  " +
           Tr("due {0}, forecast {1}", HumanDate(l.due), HumanDate(l.forecast)) + "  " +
           VisibleText(Join(l.people)) + "\n";
  }
  if (r.late.size() > kMaxLate)
    out += "  " + Tr("... and {0} more: rollout tasks --late", r.late.size() - kMaxLate) + "\n";
  out += "\n" + (r.next_gates.empty() ? Tr("next gates: none open") : Tr("next gates:")) + "\n";
  int state_w = 8;
  for (const StatusGate& g : r.next_gates) state_w = std::max(state_w, DisplayWidth(StateText(g.state)));
  for (const StatusGate& g : r.next_gates) {
    out += "  " + PadRight(g.id, 20) + "  " + PadRight(Truncate(g.name, 36), 36) + "  " +
           PadRight(StateText(g.state), state_w) + "  " + Tr("forecast {0}", HumanDate(g.forecast)) +
           "\n";
    const std::string action = g.action == "approve" ? TrC("gate action", "approve")
                               : g.action == "finish" ? TrC("gate action", "finish")
                                                      : g.action;
    out += "      " + action + ": " + (g.who.empty() ? std::string("-") : VisibleText(Join(g.who))) +
           "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

void Print(const StatusReport& r, bool json) {
  if (json)
    std::fputs(StatusJson(r, false).c_str(), stdout);
  else
    PrintText(r);
  std::fflush(stdout);
}

int RunStatus(const GlobalOptions& global) {
  if (!ServerUrl(global).empty()) {
    RemoteReply reply;
    if (int code = CallServer(global, {"GET", "/status", {}, "", {}}, &reply); code != kExitOk)
      return code;
    Result<StatusReport> r = StatusFromJson(reply.body);
    if (!r.ok()) return ReportErrors(r.errors());
    Print(r.value(), global.json);
    return kExitOk;
  }
  DbCommand cmd;
  ProjectView view;
  if (int code = OpenProjectView(global, &cmd, &view); code != kExitOk) return code;
  Print(StatusOf(cmd.session, view), global.json);
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace

void RegisterStatus(CLI::App& app, Cli* cli) {
  CLI::App* cmd = app.add_subcommand("status", Tr("one screen for the lead"));
  cmd->callback([cli] { cli->action = [cli] { return RunStatus(cli->global); }; });
}

}  // namespace rollout
