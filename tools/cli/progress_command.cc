#include "tools/cli/progress_command.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/wire.h"
#include "tools/cli/db_context.h"
#include "tools/cli/remote.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

// What the terminal says of |out|.
std::string Describe(const ProgressOutcome& out) {
  const std::string label = "'" + out.task + "'" + (out.name.empty() ? "" : " (" + out.name + ")");
  if (!out.changed) {
    if (out.before == TaskState::kPlanned) return label + " is not started; nothing changed";
    if (out.before == TaskState::kStarted)
      return label + " is already started (on " + FormatDate(*out.started) + "); nothing changed";
    return label + " is already done (on " + FormatDate(*out.finished) + "); nothing changed";
  }
  const std::string on = FormatDate(out.on);
  switch (out.verb) {
    case ProgressVerb::kStart: return "started " + label + " on " + on;
    case ProgressVerb::kDone: return "done " + label + " on " + on;
    case ProgressVerb::kReopen:
      return "reopened " + label + ": now " + TaskStateName(out.after);
  }
  return "";
}

}  // namespace

namespace {

void PrintOutcome(const ProgressOutcome& out) {
  for (const std::string& w : out.warnings) PrintWarning(w);
  std::printf("%s\n", VisibleText(Describe(out)).c_str());
  std::fflush(stdout);
}

int RunRemote(ProgressVerb verb, const std::string& task, const std::string& note,
              const GlobalOptions& global) {
  nlohmann::json body = nlohmann::json::object();
  if (!note.empty()) body["note"] = note;
  RemoteReply reply;
  RemoteRequest request{"POST", "/tasks/" + UrlSegment(task) + "/" + VerbName(verb), {}, body.dump(), {}};
  if (int code = CallServer(global, request, &reply); code != kExitOk) return code;
  Result<ProgressOutcome> out = ProgressFromJson(reply.body);
  if (!out.ok()) return ReportErrors(out.errors());
  PrintOutcome(out.value());
  return kExitOk;
}

}  // namespace

int RunProgressCommand(ProgressVerb verb, const std::string& task, const std::string& note,
                       const GlobalOptions& global) {
  if (!ServerUrl(global).empty()) return RunRemote(verb, task, note, global);
  DbCommand cmd;
  if (int code = OpenDbCommand(global, &cmd, false); code != kExitOk) return code;
  Result<ProgressOutcome> out = RecordProgress(cmd.session, verb, task, note);
  cmd.timer.Mark("transaction");
  if (!out.ok()) return ReportErrors(out.errors());
  PrintOutcome(out.value());
  cmd.timer.Mark("output");
  FinishTimings(cmd);
  return kExitOk;
}

void RegisterProgressVerb(CLI::App& app, Cli* cli, ProgressVerb verb) {
  struct Args {
    std::string task, note;
  };
  auto args = std::make_shared<Args>();
  const char* help = verb == ProgressVerb::kStart  ? "record that TASK has started"
                     : verb == ProgressVerb::kDone ? "record that TASK is done"
                                                   : "reopen TASK: done -> started -> planned";
  CLI::App* cmd = app.add_subcommand(VerbName(verb), help);
  cmd->add_option("TASK", args->task, "task id")->required();
  cmd->add_option("--note", args->note, "a note for the audit trail");
  cmd->callback([cli, args, verb] {
    cli->action = [cli, args, verb] {
      return RunProgressCommand(verb, args->task, args->note, cli->global);
    };
  });
}

}  // namespace rollout
