#include "formats/export_view.h"

namespace rollout {

ExportTask ScheduledDates(const ExportView& view, int i) {
  const TaskTimes& x = view.schedule->tasks[i];
  ExportTask t;
  if (view.plan->tasks[i].is_group) {
    t.start = DatesOf(*view.cal, x.es, x.es + 1).start;
    t.finish = DatesOf(*view.cal, x.ef - 1, x.ef).finish;
  } else {
    const TaskDates d = DatesOf(*view.cal, x.es, x.ef);
    t.start = d.start;
    t.finish = d.finish;
  }
  return t;
}

std::vector<std::string> OutlineNumbers(const Plan& plan) {
  std::vector<std::string> out(plan.tasks.size());
  std::vector<int> count(plan.tasks.size() + 1, 0);  // children numbered so far, per parent (+1)
  for (size_t i = 0; i < plan.tasks.size(); ++i) {
    const int p = plan.tasks[i].parent;
    const int n = ++count[static_cast<size_t>(p + 1)];
    out[i] = (p >= 0 ? out[static_cast<size_t>(p)] + "." : "") + std::to_string(n);
  }
  return out;
}

int OutlineLevel(const Plan& plan, int i) {
  int depth = 1;
  for (int p = plan.tasks[i].parent; p >= 0; p = plan.tasks[p].parent) ++depth;
  return depth;
}

}  // namespace rollout
