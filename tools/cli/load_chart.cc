// The load chart (rollout load-chart, schedule --by-person).
#include <algorithm>
#include <map>

#include "tools/cli/level_plan.h"
#include "po/messages.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

constexpr char kCodes[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr int kCodeCount = sizeof(kCodes) - 1;

}  // namespace

std::string LoadChart(const ScheduledPlan& s, int width) {
  const Plan& plan = s.plan;
  const int days = std::max(1, s.schedule.finish);
  std::map<std::string, int> person_index;
  for (size_t q = 0; q < plan.people.size(); ++q) person_index[plan.people[q].id] = static_cast<int>(q);
  // Tasks with people get a one-character code, in order of start.
  std::vector<int> staffed;
  for (size_t i = 0; i < plan.tasks.size(); ++i)
    if (!plan.tasks[i].is_group && !s.assigned[i].empty()) staffed.push_back(static_cast<int>(i));
  std::stable_sort(staffed.begin(), staffed.end(), [&](int a, int b) {
    return s.schedule.tasks[a].es < s.schedule.tasks[b].es;
  });
  std::vector<char> code(plan.tasks.size(), '?');
  for (size_t k = 0; k < staffed.size(); ++k) code[staffed[k]] = kCodes[k % kCodeCount];

  std::vector<std::vector<int>> grid(plan.people.size(), std::vector<int>(days, -1));
  std::vector<int> load(plan.people.size(), 0);
  for (int i : staffed) {
    const TaskTimes& x = s.schedule.tasks[i];
    for (const std::string& id : s.assigned[i]) {
      const int q = person_index.at(id);
      for (int t = std::max(0, x.es); t < x.ef && t < days; ++t) grid[q][t] = i;
      load[q] += x.ef - x.es;
    }
  }
  const std::string person_header = Tr("PERSON");
  const std::string days_header = Tr("DAYS");
  const int days_w = std::max(4, DisplayWidth(days_header));
  int name_w = DisplayWidth(person_header);
  for (const Person& p : plan.people) name_w = std::max(name_w, DisplayWidth(p.id));
  const int lead = name_w + 2 + days_w + 2;
  const int room = std::max(10, width - lead);
  const int per_col = (days + room - 1) / room;
  const int cols = (days + per_col - 1) / per_col;

  std::string out = PadRight(person_header, name_w) + "  " + PadLeft(days_header, days_w) + "  ";
  // Dates (MM-DD; DD.MM in Russian) of every tenth column above the grid.
  std::string axis;
  for (int c = 0; c < cols; c += 10) {
    axis.resize(c, ' ');
    const std::string date = FormatDate(s.cal->DateOf(c * per_col));
    axis += CurrentLang() == Lang::kRu ? date.substr(8, 2) + "." + date.substr(5, 2) : date.substr(5);
  }
  out += axis + "\n";
  for (size_t q = 0; q < plan.people.size(); ++q) {
    std::string row = PadRight(plan.people[q].id, name_w) + "  " +
                      PadLeft(std::to_string(load[q]), days_w) + "  ";
    for (int c = 0; c < cols; ++c) {
      // The task of most days in the cell, or '.' when free.
      std::map<int, int> count;
      for (int t = c * per_col; t < std::min(days, (c + 1) * per_col); ++t)
        if (grid[q][t] >= 0) ++count[grid[q][t]];
      int best = -1, most = 0;
      for (const auto& [task, n] : count)
        if (n > most) best = task, most = n;
      row += best < 0 ? '.' : code[best];
    }
    out += row + "\n";
  }
  out += TrN("one column = {0} working day", "one column = {0} working days", per_col, per_col) +
         ", " +
         TrN("'.' = free; {0} working day in all", "'.' = free; {0} working days in all",
             s.schedule.finish, s.schedule.finish) +
         "\n";
  int id_w = 0;
  for (int i : staffed) id_w = std::max(id_w, DisplayWidth(plan.tasks[i].id));
  for (int i : staffed) {
    const TaskTimes& x = s.schedule.tasks[i];
    const TaskDates d = DatesOf(*s.cal, x.es, x.ef);
    std::string people;
    for (const std::string& id : s.assigned[i]) people += (people.empty() ? "" : ", ") + id;
    out += std::string(1, code[i]) + "  " + PadRight(plan.tasks[i].id, id_w) + "  " +
           HumanDate(FormatDate(d.start)) + ".." + HumanDate(FormatDate(d.finish)) + "  " +
           VisibleText(people) + "\n";
  }
  return out;
}

}  // namespace rollout
