// rollout log [--json]: the audit trail, oldest first: who did what, when.
#include <algorithm>
#include <cstdio>

#include "app/inbox.h"
#include "app/wire.h"
#include "tools/cli/remote.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

void PrintTable(const std::vector<LogEntry>& log) {
  const std::string at = Tr("AT"), actor = Tr("ACTOR"), action = Tr("ACTION"), task = Tr("TASK");
  int wat = std::max(25, DisplayWidth(at));
  int wa = std::max(5, DisplayWidth(actor)), wc = std::max(8, DisplayWidth(action));
  int wt = std::max(4, DisplayWidth(task));
  for (const LogEntry& e : log) {
    wat = std::max(wat, DisplayWidth(HumanInstant(e.at_text)));
    wa = std::max(wa, DisplayWidth(e.actor));
    wt = std::max(wt, DisplayWidth(e.task.value_or("")));
  }
  std::string out = PadRight(at, wat) + "  " + PadRight(actor, wa) + "  " + PadRight(action, wc) +
                    "  " + PadRight(task, wt) + "  " + Tr("NOTE") + "\n";
  for (const LogEntry& e : log) {
    // The action is the command's verb (start, done, approve), as typed.
    std::string line = PadRight(HumanInstant(e.at_text), wat) + "  " + PadRight(e.actor, wa) +
                       "  " + PadRight(e.action, wc) + "  " + PadRight(e.task.value_or("-"), wt) +
                       "  " + VisibleText(e.note);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

void Print(const std::vector<LogEntry>& log, bool json) {
  if (json) {
    std::fputs(LogJson(log).c_str(), stdout);
  } else {
    PrintTable(log);
  }
  std::fflush(stdout);
}

int RunLog(const GlobalOptions& global) {
  if (!ServerUrl(global).empty()) {
    RemoteReply reply;
    if (int code = CallServer(global, {"GET", "/log", {}, "", {}}, &reply); code != kExitOk) return code;
    Result<std::vector<LogEntry>> log = LogFromJson(reply.body);
    if (!log.ok()) return ReportErrors(log.errors());
    Print(log.value(), global.json);
    return kExitOk;
  }
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd, false, OpenMode::kReadOnly); code != kExitOk)
    return code;
  Result<std::vector<LogEntry>> log = ReadAuditLog(cmd.session);
  if (!log.ok()) return ReportErrors(log.errors());
  Print(log.value(), global.json);
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace

void RegisterLog(CLI::App& app, Cli* cli) {
  CLI::App* cmd = app.add_subcommand("log", Tr("the audit trail: who did what, when"));
  cmd->callback([cli] { cli->action = [cli] { return RunLog(cli->global); }; });
}

}  // namespace rollout
