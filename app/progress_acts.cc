#include "app/progress_acts.h"

#include <cmath>
#include <cstdio>

#include "engine/gates.h"
#include "engine/progress_rules.h"
#include "engine/spellcheck.h"
#include "po/messages.h"

namespace rollout {
namespace {

std::string UnknownTaskHint(StoreTx& tx, const Session& s, const std::string& task) {
  std::vector<std::string> ids = tx.PlanTaskIds(s.project(), s.plan.version);
  std::vector<std::string_view> views(ids.begin(), ids.end());
  return DidYouMean(task, views);
}

// The engine's facts about |task| from what the store kept at load.
TaskFacts FactsFromStore(StoreTx& tx, const Session& s, const PlanTaskRow& row,
                         const TaskProgress& p, bool check_upstream) {
  TaskFacts facts;
  facts.id = row.task;
  facts.assigned = row.assigned;
  facts.state = p.state;
  if (!check_upstream) return facts;
  const std::vector<std::string> gates = tx.UpstreamGates(s.project(), s.plan.version, row.task);
  std::vector<TaskRef> preds;
  if (p.state == TaskState::kPlanned) preds = tx.Predecessors(s.project(), s.plan.version, row.task);
  std::vector<std::string> ids = gates;
  for (const TaskRef& r : preds) ids.push_back(r.id);
  const Progress progress = tx.LoadProgressOf(s.project(), ids);
  for (const std::string& g : gates)
    if (!CountsAsDone(g, true, progress)) facts.closed_gates.push_back(g);
  for (const TaskRef& r : preds)
    if (!CountsAsDone(r.id, r.kind == "gate", progress)) facts.pending_predecessors.push_back(r.id);
  return facts;
}

// The row of |task| when it is a task that takes progress, else an error
// (unknown, a group, a gate).
std::optional<PlanTaskRow> ProgressTask(StoreTx& tx, const Session& s, const std::string& task,
                                        Errors* errors) {
  std::optional<PlanTaskRow> row = tx.FindPlanTask(s.project(), s.plan.version, task);
  if (!row) {
    errors->push_back(MakeError(ErrorCode::kUnknownTask, Tr("unknown task '{0}'", task),
                                UnknownTaskHint(tx, s, task), task));
  } else if (row->kind == "group") {
    errors->push_back(MakeError(ErrorCode::kIsGroup,
                                Tr("'{0}' is a group: record progress on its tasks", task), "",
                                task));
  } else if (row->kind == "gate") {
    errors->push_back(
        MakeError(ErrorCode::kIsGate, Tr("'{0}' is a gate: it passes by approval", task), "", task));
  } else {
    return row;
  }
  return std::nullopt;
}

// A record dated before the project's start is refused (cli.md).
bool BeforeProjectStart(const Session& s, const std::string& task, Errors* errors) {
  if (!s.plan.start || s.today >= *s.plan.start) return false;
  errors->push_back(MakeError(ErrorCode::kBeforeProjectStart,
                              Tr("cannot record '{0}' on {1}: the project starts on {2}", task,
                                 HumanDate(FormatDate(s.today)), HumanDate(FormatDate(*s.plan.start))),
                              "", task));
  return true;
}

}  // namespace

const char* VerbName(ProgressVerb verb) {
  switch (verb) {
    case ProgressVerb::kStart: return "start";
    case ProgressVerb::kDone: return "done";
    case ProgressVerb::kReopen: return "reopen";
  }
  return "";
}

Result<ProgressOutcome> RecordProgress(const Session& session, ProgressVerb verb,
                                       const std::string& task, const std::string& note) {
  ProgressOutcome out;
  Errors errors;
  const std::string& project = session.project();
  Status st = session.store->Write([&](StoreTx& tx) {
    out = {};
    errors.clear();
    const int version = session.plan.version;
    std::optional<PlanTaskRow> row = ProgressTask(tx, session, task, &errors);
    if (!row) return Store::Outcome::kRollback;
    if (verb != ProgressVerb::kReopen && BeforeProjectStart(session, task, &errors))
      return Store::Outcome::kRollback;
    TaskProgress p = tx.LoadProgressOf(project, {task}).tasks[task];
    const TaskFacts facts = FactsFromStore(tx, session, *row, p, verb != ProgressVerb::kReopen);
    const Actor actor = StoredActor(tx, project, version, session.actor);
    const RuleCheck check = verb == ProgressVerb::kStart  ? CanStart(actor, facts)
                            : verb == ProgressVerb::kDone ? CanFinish(actor, facts)
                                                          : CanChange(actor, facts);
    if (!check.allowed()) {
      errors.push_back(RefusalError(check));
      errors.back().subject = task;
      return Store::Outcome::kRollback;
    }
    out.verb = verb;
    out.task = task;
    out.name = row->name;
    out.before = p.state;
    out.on = session.today;
    const bool noop = (verb == ProgressVerb::kStart && p.state != TaskState::kPlanned) ||
                      (verb == ProgressVerb::kDone && p.state == TaskState::kDone) ||
                      (verb == ProgressVerb::kReopen && p.state == TaskState::kPlanned);
    if (noop) {
      out.after = p.state;
      out.started = p.started;
      out.finished = p.finished;
      return Store::Outcome::kRollback;
    }
    if (verb == ProgressVerb::kDone && p.started && session.today < *p.started) {
      errors.push_back(MakeError(ErrorCode::kFinishBeforeStart,
                                 Tr("cannot record '{0}' done on {1}: it started on {2}, later", task,
                                    HumanDate(FormatDate(session.today)), HumanDate(FormatDate(*p.started))),
                                 "", task));
      return Store::Outcome::kRollback;
    }
    switch (verb) {
      case ProgressVerb::kStart:
        p.state = TaskState::kStarted;
        p.started = session.today;
        p.started_at = session.now;
        break;
      case ProgressVerb::kDone:
        if (p.state == TaskState::kPlanned) {
          p.started = session.today;
          p.started_at = session.now;
        }
        p.state = TaskState::kDone;
        p.finished = session.today;
        p.finished_at = session.now;
        break;
      case ProgressVerb::kReopen:
        p.state = p.state == TaskState::kDone ? TaskState::kStarted : TaskState::kPlanned;
        p.finished.reset();
        p.finished_at = 0;
        break;
    }
    p.remaining.reset();  // a change of state makes the last estimate stale
    p.percent.reset();
    p.remaining_at = 0;
    out.changed = true;
    out.after = p.state;
    out.started = p.started;
    out.finished = p.finished;
    out.warnings = check.warnings;
    tx.SaveTaskProgress(project, task, p, session.actor);
    tx.AppendLog(project, {session.now, session.Format(session.now), session.actor,
                           VerbName(verb), task, note, version});
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) return st.errors();
  if (!errors.empty()) return errors;
  return out;
}

int RemainingOfPercent(int duration, double percent) {
  const double left = static_cast<double>(duration) * (100.0 - percent) / 100.0;
  // ceil, without a float error turning 3.0000000001 into 4
  const double rounded = std::round(left);
  return static_cast<int>(std::abs(left - rounded) < 1e-9 ? rounded : std::ceil(left));
}

Result<RemainingOutcome> RecordRemaining(const Session& session, const std::string& task,
                                         const RemainingRequest& request,
                                         const std::string& note) {
  if (request.remaining.has_value() == request.percent.has_value())
    return Errors{MakeError(ErrorCode::kInvalid, Tr("give either the remaining work or a percentage"))};
  if (request.remaining && (*request.remaining < 0 || *request.remaining > kMaxRemaining))
    return Errors{MakeError(ErrorCode::kInvalid,
                            Tr("remaining work must be 0..{0} working days", kMaxRemaining))};
  if (request.percent && !(*request.percent >= 0 && *request.percent <= 100))
    return Errors{MakeError(ErrorCode::kInvalid, Tr("a percentage complete must be 0..100"))};
  RemainingOutcome out;
  Errors errors;
  const std::string& project = session.project();
  Status st = session.store->Write([&](StoreTx& tx) {
    out = {};
    errors.clear();
    const int version = session.plan.version;
    std::optional<PlanTaskRow> row = ProgressTask(tx, session, task, &errors);
    if (!row || BeforeProjectStart(session, task, &errors)) return Store::Outcome::kRollback;
    TaskProgress p = tx.LoadProgressOf(project, {task}).tasks[task];
    const Actor actor = StoredActor(tx, project, version, session.actor);
    const RuleCheck check = CanChange(actor, FactsFromStore(tx, session, *row, p, false));
    if (!check.allowed()) {
      errors.push_back(RefusalError(check));
      errors.back().subject = task;
      return Store::Outcome::kRollback;
    }
    if (p.state != TaskState::kStarted) {
      errors.push_back(MakeError(ErrorCode::kNotStarted,
                                 p.state == TaskState::kDone
                                     ? Tr("'{0}' is done: remaining work is recorded on a started task", task)
                                     : Tr("'{0}' is planned: remaining work is recorded on a started task", task),
                                 "", task));
      return Store::Outcome::kRollback;
    }
    if (p.started && session.today < *p.started) {
      errors.push_back(MakeError(ErrorCode::kFinishBeforeStart,
                                 Tr("cannot record '{0}' on {1}: it started on {2}, later", task,
                                    HumanDate(FormatDate(session.today)), HumanDate(FormatDate(*p.started))),
                                 "", task));
      return Store::Outcome::kRollback;
    }
    out.task = task;
    out.name = row->name;
    out.duration = row->duration;
    out.before = p.remaining;
    out.on = session.today;
    out.percent = request.percent;
    out.remaining = request.remaining ? *request.remaining
                                      : RemainingOfPercent(row->duration, *request.percent);
    p.remaining = out.remaining;
    p.percent = request.percent;
    p.remaining_at = session.now;
    tx.SaveTaskProgress(project, task, p, session.actor);
    std::string text = "remaining " + std::to_string(out.remaining);
    if (request.percent) text += " (" + FormatPercent(*request.percent) + " % complete)";
    if (!note.empty()) text += "; " + note;
    tx.AppendLog(project, {session.now, session.Format(session.now), session.actor, "progress",
                           task, text, version});
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) return st.errors();
  if (!errors.empty()) return errors;
  return out;
}

std::string FormatPercent(double percent) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", percent);
  return buf;
}

}  // namespace rollout
