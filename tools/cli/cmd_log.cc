// rollout log [--json]: the audit trail, oldest first: who did what, when.
#include <algorithm>
#include <cstdio>

#include "app/inbox.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

void PrintJson(const std::vector<LogEntry>& log) {
  std::string out = "[";
  for (size_t i = 0; i < log.size(); ++i) {
    const LogEntry& e = log[i];
    out += i ? ",\n" : "\n";
    out += "{\"at\":" + JsonString(e.at_text) + ",\"actor\":" + JsonString(e.actor) +
           ",\"action\":" + JsonString(e.action) +
           ",\"task\":" + (e.task ? JsonString(*e.task) : "null") +
           ",\"note\":" + JsonString(e.note) + "}";
  }
  out += log.empty() ? "]\n" : "\n]\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
}

void PrintTable(const std::vector<LogEntry>& log) {
  int wa = 5, wt = 4;
  for (const LogEntry& e : log) {
    wa = std::max(wa, DisplayWidth(e.actor));
    wt = std::max(wt, DisplayWidth(e.task.value_or("")));
  }
  std::string out = PadRight("AT", 25) + "  " + PadRight("ACTOR", wa) + "  " +
                    PadRight("ACTION", 8) + "  " + PadRight("TASK", wt) + "  NOTE\n";
  for (const LogEntry& e : log) {
    std::string line = PadRight(e.at_text, 25) + "  " + PadRight(e.actor, wa) + "  " +
                       PadRight(e.action, 8) + "  " + PadRight(e.task.value_or("-"), wt) + "  " +
                       e.note;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

int RunLog(const GlobalOptions& global) {
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd); code != kExitOk) return code;
  Result<std::vector<LogEntry>> log = ReadAuditLog(cmd.session);
  if (!log.ok()) return ReportErrors(log.errors());
  if (global.json) {
    PrintJson(log.value());
  } else {
    PrintTable(log.value());
  }
  std::fflush(stdout);
  FinishTimings(cmd);
  return kExitOk;
}

}  // namespace

void RegisterLog(CLI::App& app, Cli* cli) {
  CLI::App* cmd = app.add_subcommand("log", "the audit trail: who did what, when");
  cmd->callback([cli] { cli->action = [cli] { return RunLog(cli->global); }; });
}

}  // namespace rollout
