// How a schedule is shown: the JSON of plan-format.md §6 and a text table.
#pragma once

#include <string>

#include "engine/deadlines.h"
#include "tools/cli/plan_file.h"

namespace rollout {

/// JSON string literal for |s| (escaped, invalid UTF-8 replaced).
std::string JsonString(const std::string& s);

/// "task 'x' finishes 2027-06-25, 5 working days after its deadline
/// 2027-06-18" (cli.md "Remaining work and views mid-project").
std::string DeadlineMissText(const Plan& plan, const MissedDeadline& m);

/// One `rollout: warning:` line per deadline |s|'s schedule misses; their count.
int WarnMissedDeadlines(const ScheduledPlan& s);

/// The §6 object, one task per line. Streams to |out| (big plans).
void WriteScheduleJson(const ScheduledPlan& s, std::FILE* out);

/// id, name, start, finish, duration, total float and a critical mark,
/// aligned by display width; groups indented.
std::string ScheduleTable(const ScheduledPlan& s);

}  // namespace rollout
