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
  out += "version " + std::to_string(r.version) + ", loaded by " + VisibleText(r.loaded_by) +
         "; now " + r.now + "\n\n";
  out += "tasks   " + std::to_string(r.done) + " done, " + std::to_string(r.started) +
         " started, " + std::to_string(r.planned) + " planned; gates " +
         std::to_string(r.gates_passed) + " passed, " + std::to_string(r.gates_open) + " open\n";
  out += "finish  forecast " + r.forecast_finish;
  if (r.baseline_finish) {
    const int slip = r.slip_days;
    out += ", baseline " + *r.baseline_finish + ": ";
    out += slip > 0   ? WorkingDays(slip) + " late"
           : slip < 0 ? WorkingDays(-slip) + " early"
           : r.missed.empty() ? "on time"
                            : "the baseline finish holds";
  }
  out += "\n";
  if (!r.missed.empty()) {
    out += "\nmissed deadlines: " + std::to_string(r.missed.size()) + "\n";
    for (const StatusMissed& m : r.missed)
      out += "  " + PadRight(m.id, 20) + "  " + PadRight(Truncate(m.name, 36), 36) + "  deadline " +
             m.deadline + ", forecast " + m.forecast + ": " + WorkingDays(m.late) + " late\n";
  }
  out += "\nlate tasks: " + std::to_string(r.late.size()) + "\n";
  for (size_t k = 0; k < r.late.size() && k < kMaxLate; ++k) {
    const StatusLate& l = r.late[k];
    out += "  " + PadRight(l.id, 20) + "  " + PadRight(Truncate(l.name, 36), 36) + "  due " + l.due +
           ", forecast " + l.forecast + "  " + VisibleText(Join(l.people)) + "\n";
  }
  if (r.late.size() > kMaxLate)
    out += "  ... and " + std::to_string(r.late.size() - kMaxLate) + " more: rollout tasks --late\n";
  out += "\nnext gates:" + std::string(r.next_gates.empty() ? " none open\n" : "\n");
  for (const StatusGate& g : r.next_gates) {
    out += "  " + PadRight(g.id, 20) + "  " + PadRight(Truncate(g.name, 36), 36) + "  " +
           PadRight(g.state, 8) + "  forecast " + g.forecast + "\n";
    out += "      " + g.action + ": " + (g.who.empty() ? std::string("-") : VisibleText(Join(g.who))) +
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
  CLI::App* cmd = app.add_subcommand("status", "one screen for the lead");
  cmd->callback([cli] { cli->action = [cli] { return RunStatus(cli->global); }; });
}

}  // namespace rollout
