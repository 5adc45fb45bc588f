#include "tools/cli/progress_command.h"

#include <algorithm>
#include <cstdio>

#include "engine/progress_rules.h"
#include "engine/spellcheck.h"
#include "storage/progress_store.h"
#include "tools/cli/db_context.h"
#include "tools/cli/lead_check.h"

namespace rollout {
namespace {

const char* VerbName(ProgressVerb verb) {
  switch (verb) {
    case ProgressVerb::kStart: return "start";
    case ProgressVerb::kDone: return "done";
    case ProgressVerb::kReopen: return "reopen";
  }
  return "";
}

// What the transaction decided, printed after it ends.
struct Outcome {
  int code = kExitOk;
  std::string error, hint;
  std::vector<std::string> warnings;
  std::string message;
};

std::string UnknownTaskHint(SQLite::Database& sql, int version, const std::string& task) {
  std::vector<std::string> ids = PlanTaskIds(sql, version);
  std::vector<std::string_view> views(ids.begin(), ids.end());
  std::string mean = DidYouMean(task, views);
  return mean.empty() ? "run 'rollout tasks' for the task ids" : mean;
}

class ProgressTransaction {
 public:
  ProgressTransaction(ProgressVerb verb, std::string task, std::string note, const DbContext& ctx)
      : verb_(verb), task_(std::move(task)), note_(std::move(note)), ctx_(ctx) {}

  Database::Outcome Run(SQLite::Database& sql) {
    out_ = {};
    const int version = ctx_.stored->version;
    std::optional<PlanTaskRow> row = FindPlanTask(sql, version, task_);
    if (!row) return Fail(kExitUsage, "unknown task '" + task_ + "'",
                          UnknownTaskHint(sql, version, task_));
    if (row->kind == "group") {
      return Fail(kExitUsage, "'" + task_ + "' is a group: record progress on its tasks", "");
    }
    if (row->kind == "gate") {
      return Fail(kExitUsage, "'" + task_ + "' is a gate: it passes by approval",
                  "rollout gate approve " + task_);
    }
    TaskFacts facts;
    facts.id = task_;
    facts.assigned = row->assigned;
    TaskProgress p = LoadTaskProgress(sql, task_);
    facts.state = p.state;
    Actor actor = StoredActor(sql, version, ctx_.actor);
    if (verb_ != ProgressVerb::kReopen) {
      facts.closed_gates = ClosedUpstreamGates(sql, version, task_);
      if (p.state == TaskState::kPlanned) facts.pending_predecessors =
          PendingPredecessors(sql, version, task_);
    }
    RuleCheck check = verb_ == ProgressVerb::kStart  ? CanStart(actor, facts)
                      : verb_ == ProgressVerb::kDone ? CanFinish(actor, facts)
                                                     : CanChange(actor, facts);
    if (!check.allowed()) return Fail(kExitRefused, check.reason, RefusalHint(check));
    return Apply(sql, row->name, p, check);
  }

  const Outcome& outcome() const { return out_; }

 private:
  Database::Outcome Fail(int code, std::string error, std::string hint) {
    out_.code = code;
    out_.error = std::move(error);
    out_.hint = std::move(hint);
    return Database::Outcome::kRollback;
  }

  static std::string RefusalHint(const RuleCheck& check) {
    switch (check.refusal) {
      case Refusal::kUnknownPerson:
        return "act as a person of the plan: --as ID or ROLLOUT_USER=ID";
      case Refusal::kNotAssigned: return "ask an assignee or a lead to record it";
      case Refusal::kBlockedByGate: return "the gate's approvers must pass it first";
      default: return "";
    }
  }

  Database::Outcome NoOp(std::string message) {
    out_.message = std::move(message);
    return Database::Outcome::kRollback;
  }

  Database::Outcome Apply(SQLite::Database& sql, const std::string& name, TaskProgress p,
                          const RuleCheck& check) {
    const std::string on = FormatDate(ctx_.today);
    const std::string label = "'" + task_ + "'" + (name.empty() ? "" : " (" + name + ")");
    switch (verb_) {
      case ProgressVerb::kStart:
        if (p.state == TaskState::kStarted) {
          return NoOp(label + " is already started (on " + FormatDate(*p.started) +
                      "); nothing changed");
        }
        if (p.state == TaskState::kDone) {
          return NoOp(label + " is already done (on " + FormatDate(*p.finished) +
                      "); nothing changed");
        }
        p.state = TaskState::kStarted;
        p.started = ctx_.today;
        p.started_at = ctx_.now;
        out_.message = "started " + label + " on " + on;
        break;
      case ProgressVerb::kDone:
        if (p.state == TaskState::kDone) {
          return NoOp(label + " is already done (on " + FormatDate(*p.finished) +
                      "); nothing changed");
        }
        if (p.state == TaskState::kPlanned) {
          p.started = ctx_.today;
          p.started_at = ctx_.now;
        }
        p.state = TaskState::kDone;
        p.finished = ctx_.today;
        p.finished_at = ctx_.now;
        out_.message = "done " + label + " on " + on;
        break;
      case ProgressVerb::kReopen:
        if (p.state == TaskState::kPlanned) {
          return NoOp(label + " is not started; nothing changed");
        }
        p.state = p.state == TaskState::kDone ? TaskState::kStarted : TaskState::kPlanned;
        p.finished.reset();
        p.finished_at = 0;
        out_.message = "reopened " + label + ": now " + TaskStateName(p.state);
        break;
    }
    out_.warnings = check.warnings;
    SaveTaskProgress(sql, task_, p, ctx_.actor);
    AppendLog(sql, {ctx_.now, ctx_.Format(ctx_.now), ctx_.actor, VerbName(verb_), task_, note_,
                    ctx_.stored->version});
    return Database::Outcome::kCommit;
  }

  ProgressVerb verb_;
  std::string task_;
  std::string note_;
  const DbContext& ctx_;
  Outcome out_;
};

}  // namespace

int RunProgressCommand(ProgressVerb verb, const std::string& task, const std::string& note,
                       const GlobalOptions& global) {
  DbContext ctx;
  if (int code = OpenDbContext(global, &ctx, false); code != kExitOk) return code;
  ProgressTransaction tx(verb, task, note, ctx);
  Status st = ctx.db->Write([&](SQLite::Database& sql) { return tx.Run(sql); });
  ctx.timer.Mark("transaction");
  if (!st.ok()) {
    PrintErrors(st.errors());
    return kExitFailure;
  }
  const Outcome& out = tx.outcome();
  if (out.code != kExitOk) {
    PrintError(out.error);
    if (!out.hint.empty()) std::fprintf(stderr, "hint: %s\n", out.hint.c_str());
    return out.code;
  }
  for (const std::string& w : out.warnings) PrintWarning(w);
  std::printf("%s\n", out.message.c_str());
  std::fflush(stdout);
  ctx.timer.Mark("output");
  FinishTimings(ctx);
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
