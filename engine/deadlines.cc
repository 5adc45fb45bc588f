#include "engine/deadlines.h"

namespace rollout {

std::optional<MissedDeadline> DeadlineMissed(const Plan& plan, const WorkCalendar& cal,
                                             const Schedule& schedule, int i) {
  const Task& t = plan.tasks[i];
  if (t.is_group || !t.deadline || static_cast<size_t>(i) >= schedule.tasks.size())
    return std::nullopt;
  const TaskTimes& x = schedule.tasks[i];
  const Date finish = DatesOf(cal, x.es, x.ef).finish;
  if (finish <= *t.deadline) return std::nullopt;
  return MissedDeadline{i, finish, *t.deadline, cal.OffEnd(finish) - cal.OffEnd(*t.deadline)};
}

std::vector<MissedDeadline> MissedDeadlines(const Plan& plan, const WorkCalendar& cal,
                                            const Schedule& schedule) {
  std::vector<MissedDeadline> out;
  for (size_t i = 0; i < plan.tasks.size(); ++i)
    if (auto m = DeadlineMissed(plan, cal, schedule, static_cast<int>(i))) out.push_back(*m);
  return out;
}

}  // namespace rollout
