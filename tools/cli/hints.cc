// The command line's hints, by error code: the words that name commands,
// flags and environment variables live here, not below tools/.
#include "tools/cli/db_context.h"
#include "po/messages.h"

namespace rollout {

std::string HintFor(const Error& e) {
  if (!e.hint.empty()) return e.hint;
  switch (e.code) {
    case ErrorCode::kBadTime:
      return Tr("e.g. --now 2027-01-20T10:00, or with an offset 2027-01-20T10:00+03:00");
    case ErrorCode::kProjectNotNamed:
      return Tr("name one with --project ID or ROLLOUT_PROJECT=ID ('rollout projects' lists them)");
    case ErrorCode::kUnknownProject: return Tr("'rollout projects' lists them");
    case ErrorCode::kNotStarted: return Tr("start it first: rollout start {0}", e.subject);
    case ErrorCode::kBeforeProjectStart:
    case ErrorCode::kFinishBeforeStart:
      return Tr("check --now (or ROLLOUT_NOW): it is read in the plan's time zone");
    case ErrorCode::kIsGate: return "rollout gate approve " + e.subject;
    case ErrorCode::kNoDatabase:
      return Tr("load a plan first: rollout load PLAN (or pass --db PATH)");
    case ErrorCode::kNoPlan: return Tr("load one first: rollout load PLAN");
    case ErrorCode::kUnknownTask: return Tr("run 'rollout tasks' for the task ids");
    case ErrorCode::kUnknownGate: return Tr("run 'rollout tasks' for the gates");
    case ErrorCode::kUnknownMetric: return Tr("metrics are declared under `metrics:` in the plan");
    case ErrorCode::kUnknownAlert: return Tr("run 'rollout alerts --all' for the ids");
    case ErrorCode::kUnknownPerson:
      return Tr("act as a person of the plan: --as ID or ROLLOUT_USER=ID");
    case ErrorCode::kNotAssigned: return Tr("ask an assignee or a lead to record it");
    case ErrorCode::kNotLead: return Tr("ask a lead, or pass --as LEAD");
    case ErrorCode::kNotApprover: return Tr("pass --as with one of the approvers");
    case ErrorCode::kNotRecipient: return Tr("only its recipients and leads may ack it");
    case ErrorCode::kFirstLoadNotLead:
      return Tr("the first load must be made by a person with role 'lead' in the plan");
    case ErrorCode::kBlockedByGate: return Tr("the gate's approvers must pass it first");
    case ErrorCode::kGateNotReady: return Tr("finish its predecessors first (rollout tasks)");
    case ErrorCode::kKpiShort:
      return Tr("record the KPI with 'rollout metric set METRIC VALUE', then approve {0} again",
                e.subject);
    case ErrorCode::kDropsProgress:
      return Tr("keep their ids in the plan, or pass --force to drop their progress");
    case ErrorCode::kCannotOpen: return Tr("pass --db PATH or set ROLLOUT_DB to a writable place");
    case ErrorCode::kSchemaTooNew: return Tr("upgrade rollout, or pass --db PATH to use another database");
    case ErrorCode::kNotADatabase:
      return Tr("pass --db PATH with a rollout database, or a new file for `rollout load`");
    case ErrorCode::kSchemaTooOld:
      return Tr("record anything (rollout start, done, metric set, ...) to upgrade it, or use an "
             "older rollout to read it");
    case ErrorCode::kStoredPlanUnreadable: return Tr("load the plan file again: rollout load PLAN");
    default: return "";
  }
}

}  // namespace rollout
