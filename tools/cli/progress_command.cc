#include "tools/cli/progress_command.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/wire.h"
#include "tools/cli/db_context.h"
#include "tools/cli/remote.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

// What the terminal says of |out|.
std::string Describe(const ProgressOutcome& out) {
  const std::string label =
      out.name.empty() ? Tr("'{0}'", out.task) : Tr("'{0}' ({1})", out.task, out.name);
  if (!out.changed) {
    if (out.before == TaskState::kPlanned) return Tr("{0} is not started; nothing changed", label);
    if (out.before == TaskState::kStarted)
      return Tr("{0} is already started (on {1}); nothing changed", label,
                HumanDate(FormatDate(*out.started)));
    return Tr("{0} is already done (on {1}); nothing changed", label,
              HumanDate(FormatDate(*out.finished)));
  }
  const std::string on = HumanDate(FormatDate(out.on));
  switch (out.verb) {
    case ProgressVerb::kStart:
      return Tr("started {0} on {1}", label, on);
    case ProgressVerb::kDone:
      return Tr("done {0} on {1}", label, on);
    case ProgressVerb::kReopen:
      return Tr("reopened {0}: now {1}", label, StateText(TaskStateName(out.after)));
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
  const std::string help = verb == ProgressVerb::kStart ? Tr("record that TASK has started")
                           : verb == ProgressVerb::kDone
                               ? Tr("record that TASK is done")
                               : Tr("reopen TASK: done -> started -> planned");
  CLI::App* cmd = app.add_subcommand(VerbName(verb), help);
  cmd->add_option("TASK", args->task, Tr("task id"))->required();
  cmd->add_option("--note", args->note, Tr("a note for the audit trail"));
  cmd->callback([cli, args, verb] {
    cli->action = [cli, args, verb] {
      return RunProgressCommand(verb, args->task, args->note, cli->global);
    };
  });
}

}  // namespace rollout
