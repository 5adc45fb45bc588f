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

/// How much of a started task is left (`rollout progress`): exactly one of
/// the two is set.
struct RemainingRequest {
  std::optional<int> remaining;  // working days, >= 0
  std::optional<double> percent;  // 0..100: remaining = ceil(duration × (100 − P) / 100)
};

struct RemainingOutcome {
  std::string task;
  std::string name;
  int duration = 0;                 // the task's planned duration
  int remaining = 0;                // as recorded
  std::optional<double> percent;    // as given
  std::optional<int> before;        // the remaining work recorded before, if any
  Date on = 0;
};

/// Records at session.now how much of started |task| is left (cli.md
/// "Remaining work"). Errors: those of RecordProgress, kNotStarted (a
/// planned or done task), kInvalid (a value out of range).
Result<RemainingOutcome> RecordRemaining(const Session& session, const std::string& task,
                                         const RemainingRequest& request,
                                         const std::string& note);

/// The largest remaining work `progress --remaining` accepts (the plan's
/// duration limit).
inline constexpr int kMaxRemaining = 100000;

/// "50", "12.5": a percentage as the log and the CLI show it.
std::string FormatPercent(double percent);

/// ceil(duration × (100 − percent) / 100), in whole working days.
int RemainingOfPercent(int duration, double percent);

}  // namespace rollout
