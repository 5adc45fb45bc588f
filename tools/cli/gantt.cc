#include "tools/cli/gantt.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "engine/deadlines.h"
#include "tools/cli/cli.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

// What a chart cell shows, in rising priority.
enum class Cell : uint8_t {
  kEmpty, kGrid, kToday, kFloat, kBaseline, kGroup, kBar, kMilestone, kDeadline
};

const char* Glyph(Cell c) {
  switch (c) {
    case Cell::kEmpty: return " ";
    case Cell::kGrid: return "·";
    case Cell::kFloat: return "─";
    case Cell::kGroup: return "▀";
    case Cell::kBar: return "█";
    case Cell::kMilestone: return "◆";
    case Cell::kToday: return "┆";
    case Cell::kBaseline: return "░";
    case Cell::kDeadline: return "┃";
  }
  return " ";
}

constexpr const char* kRed = "\x1b[31m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kReset = "\x1b[0m";

// Calendar days from |first| (a Monday) onto |used| chart columns.
struct Axis {
  Date first = 0;
  int days = 7;  // a whole number of weeks
  int used = 7;  // columns
  int Col(Date d) const {
    const long k = std::clamp<long>(d - first, 0, days);
    return static_cast<int>(k * used / days);
  }
  // Columns [Col(a), Col(b + 1)) of the inclusive dates a..b, at least one.
  std::pair<int, int> Span(Date a, Date b) const {
    const int from = std::min(Col(a), used - 1);
    return {from, std::max(from + 1, Col(b + 1))};
  }
};

Date MondayOnOrBefore(Date d) { return d - Weekday(d); }

Axis MakeAxis(const ScheduledPlan& s, int columns, const GanttExtras& extras) {
  Date day0 = s.cal->DateOf(0);
  Date last = s.cal->DateOf(std::max(0, s.schedule.finish - 1));
  if (extras.baseline) {
    for (const auto& [id, b] : extras.baseline->tasks) {
      Date d = 0;
      if (ParseDate(b.start, &d)) day0 = std::min(day0, d);
      if (ParseDate(b.finish, &d)) last = std::max(last, d);
    }
  }
  for (const Task& t : s.plan.tasks)
    if (t.deadline) last = std::max(last, *t.deadline);
  Axis a;
  a.first = MondayOnOrBefore(day0);
  a.days = (MondayOnOrBefore(std::max(last, day0)) + 7) - a.first;
  if (a.days <= columns) {
    a.used = a.days * std::clamp(columns / a.days, 1, 3);
  } else {
    a.used = columns;
  }
  return a;
}

// The Mondays that get a "DD.MM" label: as many as fit, 6 columns apart.
std::vector<Date> LabelledMondays(const Axis& a) {
  std::vector<Date> out;
  int free = 0;
  for (Date m = a.first; m < a.first + a.days; m += 7) {
    const int c = a.Col(m);
    if (c < free || c + 5 > a.used) continue;
    out.push_back(m);
    free = c + 6;
  }
  return out;
}

std::string AxisLabels(const Axis& a) {
  std::string out;
  int at = 0;  // display columns written
  for (Date m : LabelledMondays(a)) {
    const int c = a.Col(m);
    const std::string date = FormatDate(m);  // YYYY-MM-DD
    out.append(static_cast<size_t>(c - at), ' ');
    out += date.substr(8, 2) + "." + date.substr(5, 2);
    at = c + 5;
  }
  return out;
}

struct Row {
  std::string label;
  bool critical = false;
  std::vector<Cell> cells;
};

// The grid and today's column, under everything else.
std::vector<Cell> Background(const Axis& axis, const std::vector<Date>& grid,
                             const GanttExtras& extras) {
  std::vector<Cell> cells(axis.used, Cell::kEmpty);
  for (Date m : grid) {
    const int c = axis.Col(m);
    if (c < axis.used) cells[c] = Cell::kGrid;
  }
  if (extras.today && *extras.today >= axis.first && *extras.today < axis.first + axis.days)
    cells[std::min(axis.Col(*extras.today), axis.used - 1)] = Cell::kToday;
  return cells;
}

void Fill(std::vector<Cell>* cells, std::pair<int, int> span, Cell c) {
  for (int i = span.first; i < span.second && i < static_cast<int>(cells->size()); ++i)
    (*cells)[i] = std::max((*cells)[i], c);
}

Row MakeRow(const ScheduledPlan& s, const Axis& axis, const std::vector<Cell>& background, int i) {
  const Task& t = s.plan.tasks[i];
  const TaskTimes& x = s.schedule.tasks[i];
  Row r;
  int depth = 0;
  for (int p = t.parent; p >= 0; p = s.plan.tasks[p].parent) ++depth;
  r.label = std::string(2 * depth, ' ') + t.id + (t.name.empty() ? "" : " " + t.name);
  r.critical = x.critical;
  r.cells = background;
  if (t.deadline) {
    const int c = std::min(axis.Col(*t.deadline), axis.used - 1);
    Fill(&r.cells, {c, c + 1}, Cell::kDeadline);
  }
  if (t.is_group) {
    if (x.ef > x.es) Fill(&r.cells, axis.Span(s.cal->DateOf(x.es), s.cal->DateOf(x.ef - 1)),
                          Cell::kGroup);
    return r;
  }
  const TaskDates d = DatesOf(*s.cal, x.es, x.ef);
  if (x.ef == x.es) {
    const int c = std::min(axis.Col(d.start), axis.used - 1);
    Fill(&r.cells, {c, c + 1}, Cell::kMilestone);
    return r;
  }
  Fill(&r.cells, axis.Span(d.start, d.finish), Cell::kBar);
  if (x.total_float > 0 && x.lf > x.ef)
    Fill(&r.cells, axis.Span(d.finish + 1, s.cal->DateOf(x.lf - 1)), Cell::kFloat);
  return r;
}

std::string Chart(const Row& r, bool colour) {
  std::string out;
  const char* open = nullptr;
  for (Cell c : r.cells) {
    const char* want = nullptr;
    if (colour && (c == Cell::kBar || c == Cell::kGroup || c == Cell::kMilestone) && r.critical)
      want = kRed;
    if (colour && (c == Cell::kFloat || c == Cell::kGrid || c == Cell::kBaseline)) want = kDim;
    if (colour && c == Cell::kDeadline) want = kRed;
    if (want != open) {
      if (open != nullptr) out += kReset;
      if (want != nullptr) out += want;
      open = want;
    }
    out += Glyph(c);
  }
  if (open != nullptr) out += kReset;
  if (!colour)
    while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string TrimRight(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// The baseline bar of leaf task |i| under its row, or nothing.
std::optional<Row> BaselineRow(const ScheduledPlan& s, const Axis& axis,
                               const std::vector<Cell>& background, const GanttExtras& extras,
                               int i) {
  const Task& t = s.plan.tasks[i];
  if (!extras.baseline || t.is_group) return std::nullopt;
  auto it = extras.baseline->tasks.find(t.id);
  Date a = 0, b = 0;
  if (it == extras.baseline->tasks.end() || !ParseDate(it->second.start, &a) ||
      !ParseDate(it->second.finish, &b))
    return std::nullopt;
  Row r;
  r.cells = background;
  if (t.duration == 0) {
    const int c = std::min(axis.Col(a), axis.used - 1);
    Fill(&r.cells, {c, c + 1}, Cell::kBaseline);
  } else {
    Fill(&r.cells, axis.Span(a, b), Cell::kBaseline);
  }
  return r;
}

}  // namespace

std::string RenderGantt(const ScheduledPlan& s, int width, bool colour, const GanttExtras& extras) {
  width = std::max(width, 24);
  const std::string header = Tr("ID NAME");
  int label_width = std::max(8, DisplayWidth(header));
  for (const Task& t : s.plan.tasks) {
    int depth = 0;
    for (int p = t.parent; p >= 0; p = s.plan.tasks[p].parent) ++depth;
    label_width = std::max(label_width, 2 * depth + DisplayWidth(t.id) + 1 + DisplayWidth(t.name));
  }
  label_width = std::min(label_width, std::max(8, width * 2 / 5));
  const int columns = width - label_width - 3;  // "LABEL ! CHART"
  const Axis axis = MakeAxis(s, columns, extras);

  std::string out = TrimRight(PadRight(Truncate(header, label_width), label_width) + "   " + AxisLabels(axis)) + "\n";
  const std::vector<Cell> background = Background(axis, LabelledMondays(axis), extras);
  for (size_t i = 0; i < s.plan.tasks.size(); ++i) {
    const Row r = MakeRow(s, axis, background, static_cast<int>(i));
    std::string mark = r.critical ? "!" : " ";
    if (colour && r.critical) mark = std::string(kRed) + "!" + kReset;
    out += TrimRight(PadRight(Truncate(r.label, label_width), label_width) + " " + mark + " " +
                     Chart(r, colour)) +
           "\n";
    if (std::optional<Row> b = BaselineRow(s, axis, background, extras, static_cast<int>(i)))
      out += TrimRight(std::string(static_cast<size_t>(label_width) + 3, ' ') + Chart(*b, colour)) +
             "\n";
  }
  const Date finish = s.cal->DateOf(std::max(0, s.schedule.finish - 1));
  // The legend's items two spaces apart, on as many lines as |width| needs
  // (the Russian words are longer than the English ones).
  std::vector<std::string> legend = {Tr("█ task"),         Tr("─ float"),    Tr("▀ group"),
                                     Tr("◆ gate/milestone"), Tr("┃ deadline"), Tr("! critical")};
  if (extras.baseline) legend.push_back(Tr("░ baseline"));
  if (extras.today) legend.push_back(Tr("┆ today"));
  std::string line;
  for (const std::string& item : legend) {
    if (!line.empty() && DisplayWidth(line) + 2 + DisplayWidth(item) > width) {
      out += Truncate(line, width) + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : "  ") + item;
  }
  out += Truncate(line, width) + "\n";
  for (const MissedDeadline& m : MissedDeadlines(s.plan, *s.cal, s.schedule))
    out += Truncate(Tr("deadline missed: {0} finishes {1}, {2} after {3}", s.plan.tasks[m.task].id,
                       HumanDate(FormatDate(m.finish)), WorkingDays(m.late),
                       HumanDate(FormatDate(m.deadline))),
                    width) +
           "\n";
  out += Truncate(TrN("finish {1}, {0} working day", "finish {1}, {0} working days",
                      s.schedule.finish, s.schedule.finish, HumanDate(FormatDate(finish))),
                  width) +
         "\n";
  return out;
}

int TerminalWidth(std::FILE* out) {
  winsize ws{};
  if (isatty(fileno(out)) != 0 && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS"); c != nullptr) {
    const int n = std::atoi(c);
    if (n > 0) return n;
  }
  return 100;
}

bool ColourWanted(std::FILE* out) {
  const char* no = std::getenv("NO_COLOR");
  return isatty(fileno(out)) != 0 && (no == nullptr || *no == '\0');
}

}  // namespace rollout
