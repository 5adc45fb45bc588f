#include "formats/report/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "formats/report/network_layout.h"
#include "po/messages.h"

namespace rollout {
namespace report {

namespace {

// ---- dates (Howard Hinnant's civil-from-days, as engine/plan.cc) ----------

struct Civil {
  int y = 1970;
  unsigned m = 1, d = 1;
};

Civil CivilOf(Day z0) {
  long z = static_cast<long>(z0) + 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), m, d};
}

int WeekdayOf(Day d) {  // 0 = Monday
  return static_cast<int>(((static_cast<long>(d) % 7) + 7 + 3) % 7);
}

Day MondayOnOrBefore(Day d) { return d - WeekdayOf(d); }

std::string Two(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u", v);
  return buf;
}

std::string DayMonth(Day d) {
  const Civil c = CivilOf(d);
  return Two(c.d) + "." + Two(c.m);
}

// ---- text -----------------------------------------------------------------

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Metric(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Cuts |text| to |max| code points, with an ellipsis when cut.
std::string Clip(const std::string& text, size_t max) {
  size_t points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (points == max) return text.substr(0, i) + "\u2026";
    ++points;
  }
  return text;
}

// "3 working days"; a negative count keeps the singular of its size
// ("-1 working day"), as the plural rule is of the number of days.
std::string Days(int n) { return TrN("{0} working day", "{0} working days", std::abs(n), n); }

std::string SlipText(int slip) {
  if (slip > 0) return TrN("{0} working day late", "{0} working days late", slip, slip);
  if (slip < 0) return TrN("{0} working day early", "{0} working days early", -slip, -slip);
  return Tr("on time");
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

const std::string& DisplayName(const ReportTask& t) { return t.name.empty() ? t.id : t.name; }

// A date a person reads: ISO in English, dd.mm.yyyy in Russian.
std::string Human(Day d) { return HumanDate(IsoDate(d)); }

// A time stamp a person reads: "2027-01-18T10:00:00+03:00" as is in
// English, "18.01.2027 10:00:00+03:00" in Russian.
std::string HumanStamp(const std::string& iso) {
  std::string out = HumanDate(iso);
  if (out != iso) {
    const size_t t = out.find('T');
    if (t != std::string::npos) out[t] = ' ';
  }
  return out;
}

// The word of a state as a person reads it; the value itself (ids, classes,
// data attributes) stays as stored.
constexpr const char* kStateWords[][2] = {
    {"planned", NC_("state", "planned")},  {"started", NC_("state", "started")},
    {"done", NC_("state", "done")},        {"closed", NC_("state", "closed")},
    {"ready", NC_("state", "ready")},      {"passed", NC_("state", "passed")},
    {"rejected", NC_("state", "rejected")}};

std::string StateWord(const std::string& state) {
  for (const auto& w : kStateWords)
    if (state == w[0]) return TrC("state", w[1]);
  return state;
}

std::string KindWord(const ReportTask& t) {
  if (t.group) return Tr("group");
  if (t.gate) return Tr("gate");
  if (t.milestone) return Tr("milestone");
  return "";
}

// The tooltip of a task: exact dates, float, people, state.
std::string Tooltip(const ReportTask& t) {
  std::string s = t.id + " — " + DisplayName(t);
  const std::string kind = KindWord(t);
  if (!kind.empty()) s += " (" + kind + ")";
  std::string dates = Human(t.start);
  if (t.finish != t.start) dates += " – " + Human(t.finish);
  if (!t.group && !t.milestone && !t.gate) dates += " (" + Days(t.duration) + ")";
  s += "\n" + Tr("Forecast: {0}", dates);
  if (t.baseline_start) {
    std::string base = Human(*t.baseline_start);
    if (*t.baseline_finish != *t.baseline_start) base += " – " + Human(*t.baseline_finish);
    s += "\n" + Tr("Baseline: {0}", base);
  }
  s += "\n" + Tr("float: {0}", Days(t.total_float));
  if (t.critical) s += ", " + Tr("critical");
  if (t.deadline) s += "\n" + Tr("deadline: {0}", Human(*t.deadline));
  if (!t.state.empty()) s += "\n" + Tr("State: {0}", StateWord(t.state));
  if (!t.people.empty()) s += "\n" + Tr("People: {0}", Join(t.people));
  return s;
}

// ---- the date axis shared by the Gantt and the load chart -------------------

constexpr double kNameWidth = 380;
constexpr double kDatesWidth = 110;
constexpr double kChartLeft = kNameWidth + kDatesWidth;
constexpr double kAxisHeight = 42;
constexpr double kRowHeight = 22;
constexpr int kWeeklyMaxDays = 210;  // about seven months: weeks; longer: months

struct Axis {
  Day first = 0;  // a Monday
  int days = 7;
  double ppd = 12;  // pixels per calendar day
  bool weekly = true;
  double X(Day d) const { return kChartLeft + (d - first) * ppd; }
  double width() const { return kChartLeft + days * ppd + 10; }
};

Axis MakeAxis(const ReportData& data) {
  Day lo = data.tasks.empty() ? data.today : data.tasks[0].start;
  Day hi = lo;
  auto take = [&](Day d) {
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  };
  for (const ReportTask& t : data.tasks) {
    take(t.start);
    take(t.finish);
    if (t.float_until) take(*t.float_until);
    if (t.baseline_start) take(*t.baseline_start);
    if (t.baseline_finish) take(*t.baseline_finish);
    if (t.deadline) take(*t.deadline);
  }
  if (data.from_database) take(data.today);
  Axis a;
  a.first = MondayOnOrBefore(lo);
  a.days = MondayOnOrBefore(hi) + 7 - a.first;
  a.weekly = a.days <= kWeeklyMaxDays;
  // About 1,400 px of chart, so that a printed A3 sheet keeps it legible.
  a.ppd = a.weekly ? std::clamp(std::round(1400.0 / a.days * 2) / 2, 6.0, 14.0)
                   : std::clamp(2000.0 / a.days, 0.5, 4.0);
  return a;
}

// The months of the axis: short on a long axis ("Jan", «янв»); over the
// weeks the calendar's heading in Russian («январь 2027»), "Jan 2027" in English.
constexpr const char* kShortMonths[12] = {
    NC_("month, short", "Jan"), NC_("month, short", "Feb"), NC_("month, short", "Mar"),
    NC_("month, short", "Apr"), NC_("month, short", "May"), NC_("month, short", "Jun"),
    NC_("month, short", "Jul"), NC_("month, short", "Aug"), NC_("month, short", "Sep"),
    NC_("month, short", "Oct"), NC_("month, short", "Nov"), NC_("month, short", "Dec")};

std::string ShortMonth(unsigned m) { return TrC("month, short", kShortMonths[m - 1]); }

std::string WeeklyMonth(unsigned m, int year) {
  const std::string month =
      CurrentLang() == Lang::kEn ? kShortMonths[m - 1] : MonthName(static_cast<int>(m));
  return month + " " + std::to_string(year);
}

// The axis labels (months over weeks, or years over months) and the grid.
std::string AxisSvg(const Axis& a, double height) {
  std::string out = "<g class=\"axis\">";
  const Day end = a.first + a.days;
  // Months (and years on a long axis): the top line.
  for (Day d = a.first; d < end; ++d) {
    const Civil c = CivilOf(d);
    if (c.d != 1 && d != a.first) continue;
    const double x = a.X(d);
    const std::string label = a.weekly ? WeeklyMonth(c.m, c.y) : ShortMonth(c.m);
    out += "<line class=\"grid-month\" x1=\"" + Num(x) + "\" y1=\"0\" x2=\"" + Num(x) + "\" y2=\"" +
           Num(height) + "\"/>";
    out += "<text class=\"axis-month\" x=\"" + Num(x + 3) + "\" y=\"" +
           Num(a.weekly ? 14 : 34) + "\">" + Escape(label) + "</text>";
    if (!a.weekly && (c.m == 1 || d == a.first))
      out += "<text class=\"axis-year\" x=\"" + Num(x + 3) + "\" y=\"14\">" + std::to_string(c.y) +
             "</text>";
  }
  if (a.weekly) {
    for (Day m = a.first; m < end; m += 7) {
      const double x = a.X(m);
      out += "<line class=\"grid-week\" x1=\"" + Num(x) + "\" y1=\"20\" x2=\"" + Num(x) +
             "\" y2=\"" + Num(height) + "\"/>";
      out += "<text class=\"axis-week\" x=\"" + Num(x + 3) + "\" y=\"34\">" + DayMonth(m) +
             "</text>";
    }
  }
  out += "<line class=\"axis-line\" x1=\"" + Num(kChartLeft) + "\" y1=\"" + Num(kAxisHeight) +
         "\" x2=\"" + Num(a.width() - 10) + "\" y2=\"" + Num(kAxisHeight) + "\"/></g>";
  return out;
}

// Weekends and holidays as shaded columns.
std::string ShadeSvg(const ReportData& data, const Axis& a, double height) {
  std::string out = "<g class=\"shade\">";
  for (size_t i = 0; i < data.non_working.size(); ++i) {
    const uint8_t kind = data.non_working[i];
    if (kind == 0) continue;
    if (kind == 1 && a.ppd < 2) continue;  // weekends vanish on a long axis
    const Day d = data.calendar_first + static_cast<Day>(i);
    if (d < a.first || d >= a.first + a.days) continue;
    out += "<rect class=\"" + std::string(kind == 2 ? "holiday" : "weekend") + "\" x=\"" +
           Num(a.X(d)) + "\" y=\"" + Num(kAxisHeight) + "\" width=\"" + Num(a.ppd) +
           "\" height=\"" + Num(height - kAxisHeight) + "\" data-date=\"" + IsoDate(d) + "\">";
    out += "<title>" + (kind == 2 ? Tr("{0} holiday", Human(d)) : Tr("{0} weekend", Human(d))) +
           "</title></rect>";
  }
  return out + "</g>";
}

std::string TodaySvg(const ReportData& data, const Axis& a, double height) {
  if (data.today < a.first || data.today >= a.first + a.days) return "";
  const double x = a.X(data.today);
  return "<g class=\"today\" data-date=\"" + IsoDate(data.today) + "\"><line x1=\"" + Num(x) +
         "\" y1=\"" + Num(kAxisHeight - 4) + "\" x2=\"" + Num(x) + "\" y2=\"" + Num(height) +
         "\"/><text x=\"" + Num(x + 3) + "\" y=\"" + Num(height - 4) + "\">" +
         Escape(Tr("today {0}", DayMonth(data.today))) + "</text></g>";
}

std::string Diamond(double cx, double cy, double r, const std::string& cls, const std::string& attrs) {
  return "<polygon class=\"" + cls + "\" points=\"" + Num(cx) + "," + Num(cy - r) + " " +
         Num(cx + r) + "," + Num(cy) + " " + Num(cx) + "," + Num(cy + r) + " " + Num(cx - r) + "," +
         Num(cy) + "\"" + attrs + "/>";
}

std::string DateAttrs(const std::string& kind, Day start, Day finish) {
  return " data-kind=\"" + kind + "\" data-start=\"" + IsoDate(start) + "\" data-finish=\"" +
         IsoDate(finish) + "\"";
}

// ---- the Gantt chart --------------------------------------------------------

// Where a link leaves its predecessor and reaches its successor.
double LinkX(const Axis& a, const ReportTask& t, bool at_end) {
  if (t.milestone || t.gate) return a.X(t.finish) + a.ppd;
  return at_end ? a.X(t.finish) + a.ppd : a.X(t.start);
}

std::string GanttSvg(const ReportData& data) {
  const Axis a = MakeAxis(data);
  const double height = kAxisHeight + static_cast<double>(data.tasks.size()) * kRowHeight + 18;
  const double width = a.width();
  std::string out = "<svg class=\"chart gantt\" width=\"" + Num(width) + "\" height=\"" +
                    Num(height) + "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
                    "\" data-axis-first=\"" + IsoDate(a.first) + "\" data-px-per-day=\"" +
                    Num(a.ppd) + "\" data-chart-left=\"" + Num(kChartLeft) +
                    "\" data-row-height=\"" + Num(kRowHeight) + "\" role=\"img\" aria-label=\"" +
                    Escape(Tr("Gantt chart")) + "\">";
  out +=
      "<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" "
      "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L8,4 L0,8 z\" "
      "class=\"arrowhead\"/></marker><marker id=\"arrow-critical\" viewBox=\"0 0 8 8\" refX=\"7\" "
      "refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path "
      "d=\"M0,0 L8,4 L0,8 z\" class=\"arrowhead critical\"/></marker></defs>";
  // Row stripes first, so that the shading and the bars lie above them.
  for (size_t i = 0; i < data.tasks.size(); ++i)
    if (i % 2 == 1)
      out += "<rect class=\"stripe\" x=\"0\" y=\"" +
             Num(kAxisHeight + static_cast<double>(i) * kRowHeight) + "\" width=\"" + Num(width - 10) +
             "\" height=\"" + Num(kRowHeight) + "\"/>";
  out += ShadeSvg(data, a, height);
  out += AxisSvg(a, height);
  out += "<text class=\"head\" x=\"4\" y=\"34\">" + Escape(Tr("Task")) +
         "</text><text class=\"head\" x=\"" + Num(kNameWidth + 4) + "\" y=\"34\">" +
         Escape(Tr("Dates")) + "</text>";
  // Links under the bars.
  auto row_y = [](int i) { return kAxisHeight + i * kRowHeight + kRowHeight / 2; };
  out += "<g class=\"links\">";
  for (const ReportLink& k : data.plan_links) {
    const ReportTask& p = data.tasks[k.from];
    const ReportTask& s = data.tasks[k.to];
    const bool from_end = k.kind == LinkKind::kFS || k.kind == LinkKind::kFF;
    const bool to_end = k.kind == LinkKind::kFF || k.kind == LinkKind::kSF;
    const double x1 = LinkX(a, p, from_end);
    const double x2 = LinkX(a, s, to_end);
    const double y1 = row_y(k.from), y2 = row_y(k.to);
    const double bend = from_end ? x1 + 5 : x1 - 5;
    out += "<path class=\"link" + std::string(k.critical ? " critical" : "") + "\" d=\"M" +
           Num(x1) + "," + Num(y1) + " H" + Num(bend) + " V" + Num(y2) + " H" + Num(x2) +
           "\" marker-end=\"url(#" + (k.critical ? "arrow-critical" : "arrow") +
           ")\" data-from=\"" + Escape(p.id) + "\" data-to=\"" + Escape(s.id) + "\"/>";
  }
  out += "</g>";
  for (size_t i = 0; i < data.tasks.size(); ++i) {
    const ReportTask& t = data.tasks[i];
    const double y = kAxisHeight + static_cast<double>(i) * kRowHeight;
    std::string cls = "row";
    if (t.group) cls += " group";
    if (t.critical) cls += " critical";
    if (t.state == "done" || t.state == "passed") cls += " done";
    if (t.late) cls += " late";
    out += "<g class=\"" + cls + "\" data-task=\"" + Escape(t.id) + "\" data-row=\"" +
           std::to_string(i) + "\" data-y=\"" + Num(y) + "\"><title>" + Escape(Tooltip(t)) +
           "</title>";
    // The name column: WBS, indentation, a critical mark.
    const double indent = 4 + t.depth * 14;
    const double glyph = t.group ? 7.6 : 6.6;  // bold text is wider
    const size_t room = static_cast<size_t>(std::max(8.0, (kNameWidth - indent - 40) / glyph));
    out += "<text class=\"name\" x=\"" + Num(indent) + "\" y=\"" + Num(y + 15) + "\">";
    out += "<tspan class=\"wbs\">" + Escape(t.wbs) + "</tspan> " +
           Escape(Clip(DisplayName(t), room)) + "</text>";
    std::string dates = DayMonth(t.start);
    if (t.finish != t.start) dates += "\u2013" + DayMonth(t.finish);
    out += "<text class=\"dates\" x=\"" + Num(kNameWidth + 4) + "\" y=\"" + Num(y + 15) + "\">" +
           dates + "</text>";
    const bool has_baseline = t.baseline_start.has_value();
    if (t.group) {
      const double x = a.X(t.start), w = (t.finish - t.start + 1) * a.ppd;
      out += "<rect class=\"bar group\" x=\"" + Num(x) + "\" y=\"" + Num(y + 6) + "\" width=\"" +
             Num(w) + "\" height=\"6\"" + DateAttrs("group", t.start, t.finish) + "/>";
      out += "<path class=\"bar group\" d=\"M" + Num(x) + "," + Num(y + 12) + " v5 l5,-5 z M" +
             Num(x + w) + "," + Num(y + 12) + " v5 l-5,-5 z\"/>";
    } else if (t.milestone || t.gate) {
      const double cx = a.X(t.finish) + a.ppd;
      if (has_baseline)
        out += Diamond(a.X(*t.baseline_finish) + a.ppd, y + 16, 4, "baseline-diamond",
                       DateAttrs("baseline", *t.baseline_start, *t.baseline_finish));
      out += Diamond(cx, y + (has_baseline ? 8 : 11), t.gate ? 7 : 6,
                     std::string(t.gate ? "gate" : "milestone") + (t.critical ? " critical" : ""),
                     DateAttrs(t.gate ? "gate" : "milestone", t.start, t.finish));
    } else {
      const double x = a.X(t.start), w = (t.finish - t.start + 1) * a.ppd;
      const double bar_y = has_baseline ? y + 3 : y + 5;
      out += "<rect class=\"bar task\" x=\"" + Num(x) + "\" y=\"" + Num(bar_y) + "\" width=\"" +
             Num(w) + "\" height=\"11\" rx=\"2\"" + DateAttrs("forecast", t.start, t.finish) +
             "/>";
      if (has_baseline) {
        const double bx = a.X(*t.baseline_start);
        const double bw = (*t.baseline_finish - *t.baseline_start + 1) * a.ppd;
        out += "<rect class=\"bar baseline\" x=\"" + Num(bx) + "\" y=\"" + Num(y + 16) +
               "\" width=\"" + Num(bw) + "\" height=\"4\"" +
               DateAttrs("baseline", *t.baseline_start, *t.baseline_finish) + "/>";
      }
    }
    if (!t.group && t.float_until && *t.float_until > t.finish) {
      const double x = a.X(t.finish + 1), w = (*t.float_until - t.finish) * a.ppd;
      out += "<rect class=\"float\" x=\"" + Num(x) + "\" y=\"" + Num(y + 9) + "\" width=\"" +
             Num(w) + "\" height=\"2\"" + DateAttrs("float", t.finish + 1, *t.float_until) + "/>";
    }
    if (t.deadline) {
      const double x = a.X(*t.deadline) + a.ppd;
      out += "<path class=\"deadline" + std::string(t.deadline_margin < 0 ? " missed" : "") +
             "\" d=\"M" + Num(x - 4) + "," + Num(y + 1) + " h8 l-4,6 z M" + Num(x) + "," +
             Num(y + 7) + " v13\"" + DateAttrs("deadline", *t.deadline, *t.deadline) + "/>";
    }
    out += "</g>";
  }
  out += TodaySvg(data, a, height);
  out += "</svg>";
  return out;
}

std::string LegendHtml() {
  auto item = [](const std::string& swatch, const std::string& text) {
    return "<span class=\"item\"><svg width=\"22\" height=\"14\" viewBox=\"0 0 22 14\">" + swatch +
           "</svg>" + Escape(text) + "</span>";
  };
  std::string out = "<p class=\"legend\">";
  out += item("<rect class=\"bar task\" x=\"1\" y=\"2\" width=\"20\" height=\"10\"/>", Tr("task"));
  out += item(
      "<g class=\"critical\"><rect class=\"bar task\" x=\"1\" y=\"2\" width=\"20\" "
      "height=\"10\"/></g>",
      Tr("critical task"));
  out += item(
      "<g class=\"done\"><rect class=\"bar task\" x=\"1\" y=\"2\" width=\"20\" "
      "height=\"10\"/></g>",
      TrC("state", "done"));
  out += item("<rect class=\"float\" x=\"1\" y=\"6\" width=\"20\" height=\"2\"/>", Tr("float"));
  out += item("<rect class=\"bar baseline\" x=\"1\" y=\"5\" width=\"20\" height=\"4\"/>",
              Tr("baseline"));
  out += item(Diamond(11, 7, 6, "milestone", ""), Tr("milestone"));
  out += item(Diamond(11, 7, 6, "gate", ""), Tr("gate"));
  out += item("<rect class=\"bar group\" x=\"1\" y=\"4\" width=\"20\" height=\"6\"/>", Tr("group"));
  out += item("<path class=\"deadline\" d=\"M7,1 h8 l-4,6 z M11,7 v6\"/>", Tr("deadline"));
  out +=
      item("<rect class=\"holiday\" x=\"1\" y=\"0\" width=\"20\" height=\"14\"/>", Tr("holiday"));
  out += item("<line class=\"today-swatch\" x1=\"11\" y1=\"0\" x2=\"11\" y2=\"14\"/>", Tr("today"));
  return out + "</p>";
}

// ---- the network graph ------------------------------------------------------

constexpr double kNodeWidth = 150;
constexpr double kNodeHeight = 52;
constexpr double kColumnPitch = 200;
constexpr double kSlotPitch = 66;
constexpr double kGraphMargin = 12;

// The links to draw: those no chain of other links implies (the transitive
// reduction), so that `after: [stage1]`, which links every task of stage 1
// to every task after it, shows as the few arrows a person would draw.
std::vector<int> DrawnLinks(const ReportData& data, const std::vector<int>& node_of, int count) {
  std::vector<std::vector<int>> out(count);
  std::vector<int> indegree(count, 0);
  for (size_t e = 0; e < data.links.size(); ++e) {
    out[node_of[data.links[e].from]].push_back(static_cast<int>(e));
    ++indegree[node_of[data.links[e].to]];
  }
  std::vector<int> order;
  for (int v = 0; v < count; ++v)
    if (indegree[v] == 0) order.push_back(v);
  for (size_t head = 0; head < order.size(); ++head)
    for (int e : out[order[head]])
      if (--indegree[node_of[data.links[e].to]] == 0) order.push_back(node_of[data.links[e].to]);
  const size_t words = (static_cast<size_t>(count) + 63) / 64;
  std::vector<std::vector<uint64_t>> reach(count, std::vector<uint64_t>(words, 0));
  auto has = [&](int from, int v) { return (reach[from][v / 64] >> (v % 64)) & 1; };
  std::vector<int> drawn;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const int u = *it;
    for (int e : out[u]) {
      const int v = node_of[data.links[e].to];
      bool implied = false;
      for (int f : out[u]) {
        const int w = node_of[data.links[f].to];
        if (w != v && has(w, v)) implied = true;
      }
      if (!implied) drawn.push_back(e);
      for (size_t k = 0; k < words; ++k) reach[u][k] |= reach[v][k];
      reach[u][v / 64] |= uint64_t{1} << (v % 64);
    }
  }
  std::sort(drawn.begin(), drawn.end());
  drawn.erase(std::unique(drawn.begin(), drawn.end()), drawn.end());
  return drawn;
}

constexpr int kMaxGraphTasks = 600;  // larger networks: `export dot` and Graphviz
constexpr int kSliceColumns = 8;     // columns on one printed slice of the graph

std::string NetworkSvg(const ReportData& data) {
  std::vector<int> node_of(data.tasks.size(), -1), task_of;
  for (size_t i = 0; i < data.tasks.size(); ++i)
    if (!data.tasks[i].group) {
      node_of[i] = static_cast<int>(task_of.size());
      task_of.push_back(static_cast<int>(i));
    }
  if (static_cast<int>(task_of.size()) > kMaxGraphTasks)
    return "<p class=\"empty\" id=\"graph-too-large\">" +
           Escape(Tr("The network is too large to draw here; 'rollout export dot' gives it to "
                     "Graphviz.")) +
           "</p>";
  const std::vector<int> drawn = DrawnLinks(data, node_of, static_cast<int>(task_of.size()));
  std::vector<std::pair<int, int>> edges;
  for (int e : drawn) edges.emplace_back(node_of[data.links[e].from], node_of[data.links[e].to]);
  const NetworkLayout layout = LayOutNetwork(static_cast<int>(task_of.size()), edges);
  auto cx = [](const LayoutNode& n) { return kGraphMargin + kNodeWidth / 2 + n.layer * kColumnPitch; };
  auto cy = [&](const LayoutNode& n) {
    const double shift = (layout.slots - layout.column_size[n.layer]) / 2.0;
    return kGraphMargin + kNodeHeight / 2 + (n.slot + shift) * kSlotPitch;
  };
  const double width = 2 * kGraphMargin + std::max(0, layout.layers - 1) * kColumnPitch + kNodeWidth;
  const double height = 2 * kGraphMargin + std::max(0, layout.slots - 1) * kSlotPitch + kNodeHeight;
  std::string out = "<svg class=\"chart network screen-only\" width=\"" + Num(width) +
                    "\" height=\"" + Num(height) + "\" viewBox=\"0 0 " + Num(width) + " " +
                    Num(height) + "\" role=\"img\" aria-label=\"" + Escape(Tr("Network graph")) +
                    "\" data-layers=\"" + std::to_string(layout.layers) + "\">";
  out +=
      "<defs><marker id=\"net-arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"9\" "
      "markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" class=\"arrowhead\"/></marker>"
      "<marker id=\"net-arrow-critical\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"9\" "
      "markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" class=\"arrowhead "
      "critical\"/></marker></defs><g id=\"net-content\"><g class=\"edges\">";
  // Non-critical edges first, so that the critical path is drawn on top.
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t j = 0; j < drawn.size(); ++j) {
      const ReportLink& k = data.links[drawn[j]];
      if (k.critical != (pass == 1)) continue;
      const std::vector<LayoutNode>& pts = layout.edges[j];
      double x = cx(pts.front()) + kNodeWidth / 2, y = cy(pts.front());
      std::string d = "M" + Num(x) + "," + Num(y);
      for (size_t p = 1; p < pts.size(); ++p) {
        const bool last = p + 1 == pts.size();
        const double nx = cx(pts[p]) - kNodeWidth / 2, ny = cy(pts[p]);
        const double mid = (x + nx) / 2;
        d += " C" + Num(mid) + "," + Num(y) + " " + Num(mid) + "," + Num(ny) + " " + Num(nx) + "," +
             Num(ny);
        x = nx;
        y = ny;
        if (!last) {  // a dummy point: run straight through its slot
          x += kNodeWidth;
          d += " H" + Num(x);
        }
      }
      out += "<path class=\"edge" + std::string(k.critical ? " critical" : "") + "\" d=\"" + d +
             "\" marker-end=\"url(#" + (k.critical ? "net-arrow-critical" : "net-arrow") +
             ")\" data-from=\"" + Escape(data.tasks[k.from].id) + "\" data-to=\"" +
             Escape(data.tasks[k.to].id) + "\"/>";
    }
  }
  out += "</g>";
  for (size_t n = 0; n < task_of.size(); ++n) {
    const ReportTask& t = data.tasks[task_of[n]];
    const double x = cx(layout.nodes[n]) - kNodeWidth / 2, y = cy(layout.nodes[n]) - kNodeHeight / 2;
    std::string cls = "node";
    if (t.critical) cls += " critical";
    if (t.gate) cls += " gate";
    if (t.milestone) cls += " milestone";
    if (t.state == "done" || t.state == "passed") cls += " done";
    out += "<g class=\"" + cls + "\" data-task=\"" + Escape(t.id) + "\" data-layer=\"" +
           std::to_string(layout.nodes[n].layer) + "\"><title>" + Escape(Tooltip(t)) + "</title>";
    if (t.gate || t.milestone) {
      const double c = 10;  // cut corners: a gate or milestone reads as a diamond-ish node
      out += "<polygon class=\"box\" points=\"" + Num(x + c) + "," + Num(y) + " " +
             Num(x + kNodeWidth - c) + "," + Num(y) + " " + Num(x + kNodeWidth) + "," +
             Num(y + kNodeHeight / 2) + " " + Num(x + kNodeWidth - c) + "," + Num(y + kNodeHeight) +
             " " + Num(x + c) + "," + Num(y + kNodeHeight) + " " + Num(x) + "," +
             Num(y + kNodeHeight / 2) + "\"/>";
    } else {
      out += "<rect class=\"box\" x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" +
             Num(kNodeWidth) + "\" height=\"" + Num(kNodeHeight) + "\" rx=\"5\"/>";
    }
    std::string dates = DayMonth(t.start);
    if (t.finish != t.start) dates += "\u2013" + DayMonth(t.finish);
    out += "<text class=\"node-id\" x=\"" + Num(x + 8) + "\" y=\"" + Num(y + 15) + "\">" +
           Escape(Clip(t.id, 20)) + "</text><text class=\"node-dates\" x=\"" + Num(x + 8) +
           "\" y=\"" + Num(y + 45) + "\">" + dates +
           (t.gate || t.milestone ? "" : " \u00b7 " + std::to_string(t.duration)) + "</text>";
    out += "<text class=\"node-name\" x=\"" + Num(x + 8) + "\" y=\"" + Num(y + 30) + "\">" +
           Escape(Clip(DisplayName(t), 22)) + "</text></g>";
  }
  out += "</g></svg>";
  // On paper: the same drawing in slices of a few columns, one under the
  // other, each at a readable scale (<use> draws the content again).
  // The rows each column uses (nodes and the links passing through it).
  std::vector<double> top(layout.layers, height), bottom(layout.layers, 0);
  auto take = [&](const LayoutNode& n) {
    top[n.layer] = std::min(top[n.layer], cy(n) - kNodeHeight / 2 - kGraphMargin);
    bottom[n.layer] = std::max(bottom[n.layer], cy(n) + kNodeHeight / 2 + kGraphMargin);
  };
  for (const LayoutNode& n : layout.nodes) take(n);
  for (const auto& pts : layout.edges)
    for (const LayoutNode& n : pts) take(n);
  out += "<div class=\"print-only\">";
  for (int first = 0; first < layout.layers; first += kSliceColumns - 1) {
    const double x0 = first * kColumnPitch;
    const int columns = std::min(kSliceColumns, layout.layers - first);
    const double w = std::min(width - x0, columns * kColumnPitch + 2 * kGraphMargin);
    double y0 = height, y1 = 0;
    for (int c = first; c < first + columns; ++c) {
      y0 = std::min(y0, top[c]);
      y1 = std::max(y1, bottom[c]);
    }
    y0 = std::max(0.0, y0);
    y1 = std::min(height, std::max(y1, y0 + kNodeHeight));
    out += "<svg class=\"chart network-slice\" width=\"" + Num(w) + "\" height=\"" + Num(y1 - y0) +
           "\" viewBox=\"" + Num(x0) + " " + Num(y0) + " " + Num(w) + " " + Num(y1 - y0) +
           "\"><use href=\"#net-content\"/></svg>";
    if (first + kSliceColumns >= layout.layers) break;
  }
  return out + "</div>";
}

// ---- the load chart ---------------------------------------------------------

std::string LoadSvg(const ReportData& data) {
  const Axis a = MakeAxis(data);
  const double height = kAxisHeight + static_cast<double>(data.load.size()) * kRowHeight + 18;
  const double width = a.width();
  std::string out = "<svg class=\"chart load\" width=\"" + Num(width) + "\" height=\"" +
                    Num(height) + "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
                    "\" role=\"img\" aria-label=\"" + Escape(Tr("Load per person")) + "\">";
  for (size_t i = 0; i < data.load.size(); ++i)
    if (i % 2 == 1)
      out += "<rect class=\"stripe\" x=\"0\" y=\"" +
             Num(kAxisHeight + static_cast<double>(i) * kRowHeight) + "\" width=\"" + Num(width - 10) +
             "\" height=\"" + Num(kRowHeight) + "\"/>";
  out += ShadeSvg(data, a, height) + AxisSvg(a, height);
  out += "<text class=\"head\" x=\"4\" y=\"34\">" + Escape(Tr("Person")) +
         "</text><text class=\"head\" x=\"" + Num(kNameWidth + 4) + "\" y=\"34\">" +
         Escape(Tr("Busy")) + "</text>";
  for (size_t i = 0; i < data.load.size(); ++i) {
    const ReportLoad& p = data.load[i];
    const double y = kAxisHeight + static_cast<double>(i) * kRowHeight;
    const int busy = p.busy_days;
    out += "<g class=\"person\" data-row=\"" + std::to_string(i) +
           "\"><text class=\"name\" x=\"4\" y=\"" + Num(y + 15) + "\">" +
           Escape(Clip(p.person, 50)) + "</text><text class=\"dates\" x=\"" + Num(kNameWidth + 4) +
           "\" y=\"" + Num(y + 15) + "\">" + Escape(Days(busy)) + "</text>";
    for (int k : p.tasks) {
      const ReportTask& t = data.tasks[k];
      if (t.duration == 0) continue;
      const double x = a.X(t.start), w = (t.finish - t.start + 1) * a.ppd;
      out += "<g class=\"" + std::string(t.critical ? "critical" : "") + "\" data-task=\"" +
             Escape(t.id) + "\"><title>" + Escape(Tooltip(t)) +
             "</title><rect class=\"bar task\" x=\"" + Num(x) + "\" y=\"" + Num(y + 4) +
             "\" width=\"" + Num(w) + "\" height=\"14\" rx=\"2\"" +
             DateAttrs("load", t.start, t.finish) + "/>";
      if (w > 40)
        out += "<text class=\"bar-label\" x=\"" + Num(x + 3) + "\" y=\"" + Num(y + 15) + "\">" +
               Escape(Clip(t.id, static_cast<size_t>(w / 7.5))) + "</text>";
      out += "</g>";
    }
    out += "</g>";
  }
  out += TodaySvg(data, a, height);
  return out + "</svg>";
}

// ---- the status tables --------------------------------------------------------

std::string TaskCell(const ReportTask& t) {
  return "<td class=\"id\">" + Escape(t.id) + "</td><td>" + Escape(t.name) + "</td>";
}

// A table's head row from its column titles.
std::string Head(std::initializer_list<std::string> titles) {
  std::string out = "<thead><tr>";
  for (const std::string& t : titles) out += "<th>" + Escape(t) + "</th>";
  return out + "</tr></thead>";
}

std::string Empty(const std::string& text) { return "<p class=\"empty\">" + Escape(text) + "</p>"; }

std::string GatesHtml(const ReportData& data) {
  if (data.next_gates.empty()) return Empty(Tr("No open gates."));
  std::string out = "<table class=\"gates\">" +
                    Head({Tr("Task"), Tr("Name"), Tr("State"), Tr("Forecast"), Tr("KPI criteria"),
                          Tr("Approvers")}) +
                    "<tbody>";
  for (const ReportGate& g : data.next_gates) {
    const ReportTask& t = data.tasks[g.task];
    out += "<tr data-task=\"" + Escape(t.id) + "\">" + TaskCell(t) + "<td class=\"state " +
           Escape(g.state) + "\">" + Escape(StateWord(g.state)) + "</td><td class=\"date\">" +
           Human(g.forecast) + "</td><td>";
    if (g.criteria.empty()) out += Escape(Tr("none"));
    for (const ReportCriterion& c : g.criteria) {
      std::string rule;
      if (c.min) rule += "≥ " + Metric(*c.min);
      if (c.max) rule += std::string(rule.empty() ? "" : ", ") + "≤ " + Metric(*c.max);
      out += "<div class=\"criterion " + std::string(c.met ? "met" : "unmet") + "\">" +
             Tr("{0} {1}: current {2} ({3})", Escape(c.metric), rule,
                c.current ? Metric(*c.current) : Escape(Tr("not recorded")),
                Escape(c.met ? Tr("met") : Tr("not met"))) +
             "</div>";
    }
    out += "</td><td>" + Escape(Join(g.approvers)) + "</td></tr>";
  }
  return out + "</tbody></table>";
}

std::string LateHtml(const ReportData& data) {
  std::string rows;
  for (const ReportTask& t : data.tasks) {
    if (t.group || !t.late) continue;
    rows += "<tr data-task=\"" + Escape(t.id) + "\">" + TaskCell(t) + "<td>" +
            Escape(StateWord(t.state)) + "</td><td class=\"date\">" +
            (t.baseline_finish ? Human(*t.baseline_finish) : "") + "</td><td class=\"date\">" +
            Human(t.finish) + "</td><td>" + Escape(Join(t.people)) + "</td></tr>";
  }
  if (rows.empty()) return Empty(Tr("No task is late."));
  return "<table class=\"late\">" +
         Head({Tr("Task"), Tr("Name"), Tr("State"), Tr("Baseline"), Tr("Forecast"), Tr("People")}) +
         "<tbody>" + rows + "</tbody></table>";
}

std::string DeadlinesHtml(const ReportData& data) {
  std::string rows;
  for (const ReportTask& t : data.tasks) {
    if (!t.deadline || t.deadline_margin >= 0) continue;
    rows += "<tr data-task=\"" + Escape(t.id) + "\">" + TaskCell(t) + "<td class=\"date\">" +
            Human(*t.deadline) + "</td><td class=\"date\">" + Human(t.finish) +
            "</td><td class=\"date\">" + Escape(SlipText(-t.deadline_margin)) + "</td></tr>";
  }
  if (rows.empty()) return Empty(Tr("Every deadline is kept."));
  return "<table class=\"deadlines\">" +
         Head({Tr("Task"), Tr("Name"), Tr("Deadline"), Tr("Forecast"), Tr("Margin")}) + "<tbody>" +
         rows + "</tbody></table>";
}

std::string AlertsHtml(const ReportData& data) {
  if (data.alerts.empty()) return Empty(Tr("No open alerts."));
  std::string out = "<table class=\"alerts\">" +
                    Head({Tr("Kind"), Tr("Task"), Tr("Raised"), Tr("Message")}) + "<tbody>";
  for (const ReportAlert& a : data.alerts)
    out += "<tr class=\"alert\"><td>" + Escape(a.kind) + "</td><td class=\"id\">" + Escape(a.task) +
           "</td><td class=\"date\">" + Escape(HumanStamp(a.created_at)) + "</td><td>" +
           Escape(a.message) + "</td></tr>";
  return out + "</tbody></table>";
}

// A count in its span ("<span id=ID>N</span>"), for messages such as
// TrN("{0} done", …) whose plural form follows N.
std::string Count(const char* id, int n) {
  return "<span id=\"" + std::string(id) + "\">" + std::to_string(n) + "</span>";
}

std::string HeaderHtml(const ReportData& data) {
  const std::string title = data.title.empty() ? data.plan_id : data.title;
  std::string out = "<header><h1>" + Escape(title) + "</h1><p class=\"sub\"><span class=\"id\">" +
                    Escape(data.plan_id) + "</span>";
  if (data.from_database)
    out += " · " + Escape(Tr("plan version {0}", data.version));
  else
    out += " · " + Escape(Tr("schedule of the plan file (no progress recorded)"));
  if (data.levelled) out += " · " + Escape(Tr("levelled (each person on one task a day)"));
  // The status date as a person reads it; ISO in the datetime attribute.
  out += " · " +
         Tr("Status at {0}", "<time id=\"status-date\" datetime=\"" + Escape(data.status_text) +
                                 "\">" + Escape(HumanStamp(data.status_text)) + "</time>") +
         "</p><div class=\"tiles\">";
  auto tile = [&](const std::string& cls, const std::string& label, const std::string& value,
                  const std::string& note) {
    out += "<div class=\"tile " + cls + "\"><div class=\"label\">" + Escape(label) +
           "</div><div class=\"value\">" + value + "</div><div class=\"note\">" + note +
           "</div></div>";
  };
  const bool has_baseline = data.baseline_finish.has_value();
  std::string slip_cls = !has_baseline ? "" : data.slip_days > 0 ? "bad" : "good";
  tile("finish " + slip_cls, data.from_database ? Tr("Forecast finish") : Tr("Scheduled finish"),
       Human(data.forecast_finish),
       has_baseline ? Tr("Baseline finish {0}: {1}", Human(*data.baseline_finish),
                         "<b id=\"slip\">" + Escape(SlipText(data.slip_days)) + "</b>")
                    : Escape(Tr("no baseline")));
  int missed = 0;
  for (const ReportTask& t : data.tasks)
    if (t.deadline && t.deadline_margin < 0) ++missed;
  tile(std::string("deadlines ") + (missed ? "bad" : "good"), Tr("Missed deadlines"),
       Count("missed-count", missed), "");
  tile(
      "counts", Tr("Tasks"), TrN("{0} done", "{0} done", data.done, Count("count-done", data.done)),
      TrN("{0} started", "{0} started", data.started, Count("count-started", data.started)) + ", " +
          TrN("{0} planned", "{0} planned", data.planned, Count("count-planned", data.planned)));
  tile("counts", Tr("Gates"),
       TrN("{0} passed", "{0} passed", data.gates_passed, Count("gates-passed", data.gates_passed)),
       TrN("{0} open", "{0} open", data.gates_open, Count("gates-open", data.gates_open)));
  int late = 0;
  for (const ReportTask& t : data.tasks)
    if (!t.group && t.late) ++late;
  tile(late ? "bad" : "good", Tr("Late tasks"), Count("late-count", late), "");
  tile(data.alerts.empty() ? "good" : "bad", Tr("Open alerts"),
       Count("alert-count", static_cast<int>(data.alerts.size())), "");
  return out + "</div></header>";
}

constexpr const char* kStyle = R"css(
:root{--ink:#1d2430;--muted:#5b6573;--line:#d5dae1;--task:#3f74c9;--crit:#d23f3f;--done:#7aa36f;--gate:#e3a21a;--base:#9aa3ad}
*{box-sizing:border-box}
body{font:14px/1.4 "DejaVu Sans","Noto Sans",Arial,sans-serif;color:var(--ink);margin:0;padding:18px 24px;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:26px 0 8px;border-bottom:2px solid var(--line);padding-bottom:3px}
.sub{color:var(--muted);margin:0 0 12px}.id{font-family:"DejaVu Sans Mono",monospace;font-size:12px}
.tiles{display:flex;flex-wrap:wrap;gap:10px}
.tile{border:1px solid var(--line);border-left:5px solid var(--base);border-radius:4px;padding:8px 12px;min-width:170px}
.tile.bad{border-left-color:var(--crit)}.tile.good{border-left-color:var(--done)}
.tile .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.tile .value{font-size:22px;font-weight:bold}.tile .note{font-size:12px;color:var(--muted)}
.scroll{overflow-x:auto;border:1px solid var(--line)}
svg.chart{display:block;font-size:11px}
svg text{fill:var(--ink)}
.stripe{fill:#f5f7fa}.weekend{fill:#eceff3}.holiday{fill:#fbe3c8}
.grid-week{stroke:#e1e5ea;stroke-width:1}.grid-month{stroke:#b9c1cb;stroke-width:1}
.axis-line{stroke:#8a94a0}.axis-month,.axis-year{font-weight:bold}.axis-week{fill:var(--muted)}
.head{font-weight:bold;fill:var(--muted)}
.row .name .wbs{fill:var(--muted);font-size:10px}.row.group .name{font-weight:bold}
.row.critical .name{fill:var(--crit)}.dates{fill:var(--muted);font-family:"DejaVu Sans Mono",monospace;font-size:10px}
.bar.task{fill:var(--task)}.critical .bar.task,.bar.task.critical{fill:var(--crit)}
.done .bar.task{fill:var(--done)}.bar.group{fill:#39424e}.bar.baseline{fill:var(--base)}
.float{fill:#5b6573}
.milestone{fill:#39424e}polygon.gate{fill:var(--gate);stroke:#8a5a00;stroke-width:1}
polygon.milestone.critical,polygon.gate.critical{fill:var(--crit);stroke:#7a1010}.done polygon.gate,.done polygon.milestone{fill:var(--done)}
.baseline-diamond{fill:none;stroke:var(--base);stroke-width:1.5}
.deadline{fill:#7a1010;stroke:#7a1010;stroke-width:1}.deadline.missed{fill:var(--crit);stroke:var(--crit)}
.link{fill:none;stroke:#8f99a6;stroke-width:1;opacity:.75}.link.critical{stroke:var(--crit);opacity:.9}
.arrowhead{fill:#8f99a6}.arrowhead.critical{fill:var(--crit)}
.today line,.today-swatch{stroke:#c01a7a;stroke-width:2;stroke-dasharray:5 3}.today text{fill:#c01a7a;font-weight:bold}
.row.late .dates{fill:var(--crit);font-weight:bold}
.hl .bar.task,.hl .box{stroke:#000;stroke-width:2}
.edge{fill:none;stroke:#98a2ae;stroke-width:1.2}.edge.critical{stroke:var(--crit);stroke-width:2.5}
.node .box{fill:#eef3fb;stroke:var(--task);stroke-width:1.2}.node.critical .box{fill:#fde8e8;stroke:var(--crit);stroke-width:2}
.node.gate .box{fill:#fff4d6;stroke:#8a5a00}.node.gate.critical .box{stroke:var(--crit)}.node.done .box{fill:#e6f1e3}
.node-id{font-weight:bold;font-size:11px}.node-name{font-size:10px}.node-dates{font-size:10px;fill:var(--muted)}
.bar-label{fill:#fff;font-size:10px}
.load .bar.task{stroke:#fff;stroke-width:1}
.print-only{display:none}
.legend{font-size:12px;color:var(--muted);margin:6px 0}.legend .item{margin-right:14px;white-space:nowrap}
.legend svg{vertical-align:middle;margin-right:4px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5}td.date,td.id{white-space:nowrap}.criterion.unmet{color:var(--crit)}.criterion.met{color:#2f6b24}
.empty{color:var(--muted)}.note{color:var(--muted);font-size:12px}
footer{margin-top:24px;color:var(--muted);font-size:11px}
@page{size:A3 landscape;margin:10mm}
@media print{
 body{padding:0;font-size:11px}
 .scroll{overflow:visible;border:none}
 svg.chart{max-width:100%;height:auto}
 svg.screen-only{display:none}
 .print-only{display:block}
 svg.network-slice{display:block;margin-bottom:6mm;break-inside:avoid}
 h2{break-after:avoid}
 section.gantt,section.graph,section.load{break-before:page}
 tr{break-inside:avoid}
 .tile{break-inside:avoid}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
)css";

// Marks that scripts run (the tests check it), and highlights a task in
// every chart while the pointer is over it. Reads ids through the DOM only.
constexpr const char* kScript = R"js(
(function () {
  document.documentElement.setAttribute('data-script', 'ran');
  var all = document.querySelectorAll('[data-task]');
  function mark(id, on) {
    all.forEach(function (e) { if (e.getAttribute('data-task') === id) e.classList.toggle('hl', on); });
  }
  all.forEach(function (e) {
    e.addEventListener('mouseenter', function () { mark(e.getAttribute('data-task'), true); });
    e.addEventListener('mouseleave', function () { mark(e.getAttribute('data-task'), false); });
  });
})();
)js";

}  // namespace

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if ((c < 0x20 && ch != '\n' && ch != '\t') || c == 0x7f) {
          out += "\uFFFD";
        } else {
          out += ch;
        }
    }
  }
  return out;
}

std::string IsoDate(Day day) {
  const Civil c = CivilOf(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
  return buf;
}

}  // namespace report

std::string RenderReportHtml(const report::ReportData& data) {
  using namespace report;
  // The page's language: data.lang when it names one, else the thread's.
  const std::optional<Lang> asked = LangFromCode(data.lang);
  LangScope scope(asked ? *asked : CurrentLang());
  const std::string title = data.title.empty() ? data.plan_id : data.title;
  std::string out;
  out.reserve(4096 + data.tasks.size() * 2048);
  out += "<!DOCTYPE html>\n<html lang=\"" + std::string(LangCode(CurrentLang())) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"rollout\">\n<title>" +
         Tr("{0} — Status report {1}", Escape(title), Escape(HumanStamp(data.status_text))) +
         "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += HeaderHtml(data);
  out += "\n<section class=\"status\" id=\"status\"><h2>" + Escape(Tr("Next gates")) + "</h2>" +
         GatesHtml(data);
  out += "<h2>" + Escape(Tr("Missed deadlines")) + "</h2>" + DeadlinesHtml(data);
  out += "<h2>" + Escape(Tr("Open alerts")) + "</h2>" + AlertsHtml(data) + "</section>\n";
  out += "<section class=\"gantt\" id=\"gantt\"><h2>" + Escape(Tr("Gantt chart")) + "</h2>" +
         LegendHtml() + "<div class=\"scroll\">" + GanttSvg(data) + "</div></section>\n";
  out += "<section class=\"late\" id=\"late\"><h2>" + Escape(Tr("Late tasks")) + "</h2>" +
         LateHtml(data) + "</section>\n";
  out += "<section class=\"graph\" id=\"network\"><h2>" + Escape(Tr("Network graph")) +
         "</h2><p class=\"note\">" +
         Escape(Tr("Tasks in columns by the longest chain of links before them; the critical path "
                   "in red.")) +
         "</p><div class=\"scroll\">" + NetworkSvg(data) + "</div></section>\n";
  if (data.levelled && !data.load.empty())
    out += "<section class=\"load\" id=\"load\"><h2>" + Escape(Tr("Load per person")) +
           "</h2><div class=\"scroll\">" + LoadSvg(data) + "</div></section>\n";
  out += "<footer>rollout · " + Escape(data.plan_id) + " · " + Escape(data.status_text) +
         "</footer>\n<script>" + kScript + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace rollout
