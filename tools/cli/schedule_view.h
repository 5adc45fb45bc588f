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

/// The §6 object, one task per line. Streams to |out| (big plans). With
/// |threads| >= 2 (0: the machine's cores) a schedule of 32,768 tasks or
/// more is made on two threads, written in order: the same bytes.
void WriteScheduleJson(const ScheduledPlan& s, std::FILE* out, unsigned threads = 0);

/// id, name, start, finish, duration, total float and a critical mark,
/// aligned by display width; groups indented.
std::string ScheduleTable(const ScheduledPlan& s);
std::string ScheduleTable(const ScheduleReport& r);

/// A task's or gate's state as a person reads it ("planned" / «запланирована»,
/// "ready" / «готова»); the JSON keeps the English value. Unknown values as is.
std::string StateText(const std::string& state);
/// An instant as a person reads it: "2027-01-18T10:00:00+03:00" as is in
/// English, "18.01.2027 10:00:00+03:00" in Russian (HumanDate; the "T" a space).
std::string HumanInstant(const std::string& iso);
/// A kind ("task", "gate", "milestone", "group") in the reader's language.
std::string KindText(const std::string& kind);

}  // namespace rollout
