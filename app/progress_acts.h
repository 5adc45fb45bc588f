// start, done and reopen: one write transaction that checks the task, the
// person and the gates (engine/progress_rules.h, engine/gates.h), records the
// new state and appends to the audit trail. No plan parsing: the facts stored
// at load are enough (the fast path of the command staff type all day).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/session.h"

namespace rollout {

enum class ProgressVerb { kStart, kDone, kReopen };

/// "start", "done", "reopen" (also the audit trail's action).
const char* VerbName(ProgressVerb verb);

struct ProgressOutcome {
  ProgressVerb verb = ProgressVerb::kStart;
  std::string task;
  std::string name;
  bool changed = false;  // false: a no-op (already started or done, not started)
  TaskState before = TaskState::kPlanned;
  TaskState after = TaskState::kPlanned;
  std::optional<Date> started, finished;  // the dates after the act (or as found)
  Date on = 0;                            // the session's today
  std::vector<std::string> warnings;      // allowed, but worth saying
};

/// Records |verb| on |task| at session.now. Errors: kUnknownTask (hint: a
/// did-you-mean), kIsGroup, kIsGate, a refusal of the progress rules.
Result<ProgressOutcome> RecordProgress(const Session& session, ProgressVerb verb,
                                       const std::string& task, const std::string& note);

}  // namespace rollout
