#include "formats/plan_yaml.h"

#include <cstdio>

#include "workflows/text_width.h"

namespace rollout {
namespace {

const char* const kDayNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string Hex4(unsigned v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "\\u%04x", v & 0xffffu);
  return buf;
}

std::string Minutes(int m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
  return buf;
}

std::string Ranges(const std::vector<DateRange>& ranges) {
  std::string out = "[";
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (i > 0) out += ", ";
    const DateRange& r = ranges[i];
    out += r.first == r.last ? FormatDate(r.first)
                             : "\"" + FormatDate(r.first) + ".." + FormatDate(r.last) + "\"";
  }
  return out + "]";
}

void WriteCalendar(const Calendar& c, std::string* y) {
  *y += "calendar:\n  workdays: [";
  bool first = true;
  for (int d = 0; d < 7; ++d) {
    if (!c.workdays[d]) continue;
    if (!first) *y += ", ";
    *y += kDayNames[d];
    first = false;
  }
  *y += "]\n  hours: \"" + Minutes(c.day_start_minute) + "-" + Minutes(c.day_end_minute) + "\"\n";
  if (!c.holidays.empty()) *y += "  holidays: " + Ranges(c.holidays) + "\n";
  if (!c.working.empty()) *y += "  working: " + Ranges(c.working) + "\n";
}

void WritePeople(const Plan& plan, std::string* y) {
  if (!plan.roles.empty()) {
    *y += "roles:\n";
    for (const Role& r : plan.roles)
      *y += "  " + YamlQuoted(r.id) + ": {name: " + YamlQuoted(r.name.empty() ? r.id : r.name) +
            "}\n";
  }
  if (plan.people.empty()) return;
  *y += "people:\n";
  for (const Person& p : plan.people) {
    *y += "  - id: " + YamlQuoted(p.id) + "\n";
    if (!p.name.empty()) *y += "    name: " + YamlQuoted(p.name) + "\n";
    if (!p.roles.empty()) {
      *y += "    roles: [";
      for (size_t i = 0; i < p.roles.size(); ++i) *y += (i ? ", " : "") + YamlQuoted(p.roles[i]);
      *y += "]\n";
    }
    if (!p.off.empty()) *y += "    off: " + Ranges(p.off) + "\n";
  }
}

void WriteLinks(const Task& t, const std::string& pad, std::string* y) {
  if (t.after.empty()) return;
  *y += pad + "after:\n";
  for (const Link& l : t.after) {
    if (l.type == LinkType::kFS && l.lag == 0) {
      *y += pad + "  - " + YamlQuoted(l.task) + "\n";
    } else {
      *y += pad + "  - {task: " + YamlQuoted(l.task) + ", type: " + LinkTypeName(l.type) +
            ", lag: " + std::to_string(l.lag) + "}\n";
    }
  }
}

void WriteTask(const Plan& plan, int i, int depth, std::string* y) {
  const Task& t = plan.tasks[i];
  const std::string pad(static_cast<size_t>(2 * depth + 4), ' ');
  *y += std::string(static_cast<size_t>(2 * depth + 2), ' ') + "- id: " + YamlQuoted(t.id) + "\n";
  if (!t.name.empty()) *y += pad + "name: " + YamlQuoted(t.name) + "\n";
  if (!t.is_group && !t.gate) *y += pad + "duration: " + std::to_string(t.duration) + "\n";
  if (t.gate) *y += pad + "gate: true\n";
  WriteLinks(t, pad, y);
  if (!t.assignee.empty()) {
    *y += pad + "assignee: [";
    for (size_t k = 0; k < t.assignee.size(); ++k)
      *y += (k ? ", " : "") + YamlQuoted(t.assignee[k]);
    *y += "]\n";
  }
  if (t.not_before) *y += pad + "not_before: " + FormatDate(*t.not_before) + "\n";
  if (t.deadline) *y += pad + "deadline: " + FormatDate(*t.deadline) + "\n";
  if (!t.deliverable.empty()) *y += pad + "deliverable: " + YamlQuoted(t.deliverable) + "\n";
  if (!t.notes.empty()) *y += pad + "notes: " + YamlQuoted(t.notes) + "\n";
  if (!t.is_group) return;
  *y += pad + "tasks:\n";
  for (int c : t.children) WriteTask(plan, c, depth + 1, y);
}

}  // namespace

std::string YamlQuoted(const std::string& text) {
  std::string out = "\"";
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      if (c == '"')
        out += "\\\"";
      else if (c == '\\')
        out += "\\\\";
      else if (c == '\n')
        out += "\\n";
      else if (c == '\t')
        out += "\\t";
      else if (c < 0x20 || c == 0x7f)
        out += Hex4(c);
      else
        out.push_back(static_cast<char>(c));
      ++p;
      continue;
    }
    const size_t n = Utf8SequenceLength(p, end);
    if (n == 0) {
      out += "\\ufffd";
      ++p;
      continue;
    }
    unsigned cp = 0;
    if (n == 2) cp = ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu);
    if (n == 3) cp = ((p[0] & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
    // C1 controls, NEL and the line/paragraph separators are escaped: YAML
    // treats some of them as line breaks, terminals as commands.
    if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff) {
      out += Hex4(cp);
    } else {
      out.append(reinterpret_cast<const char*>(p), n);
    }
    p += n;
  }
  return out + "\"";
}

std::string PlanYaml(const Plan& plan) {
  std::string y = "plan: " + YamlQuoted(plan.id) + "\n";
  if (!plan.title.empty()) y += "title: " + YamlQuoted(plan.title) + "\n";
  y += "start: " + FormatDate(plan.start) + "\n";
  if (plan.timezone != "UTC") y += "timezone: " + YamlQuoted(plan.timezone) + "\n";
  WriteCalendar(plan.calendar, &y);
  WritePeople(plan, &y);
  y += "tasks:\n";
  for (size_t i = 0; i < plan.tasks.size(); ++i)
    if (plan.tasks[i].parent < 0) WriteTask(plan, static_cast<int>(i), 0, &y);
  return y;
}

}  // namespace rollout
