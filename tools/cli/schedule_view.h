// How a schedule is shown: the JSON of plan-format.md §6 and a text table.
#pragma once

#include <string>

#include "app/reports.h"
#include "app/wire.h"
#include "engine/deadlines.h"
#include "tools/cli/plan_file.h"

namespace rollout {

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
std::string ScheduleTable(const ScheduleReport& r);

}  // namespace rollout
