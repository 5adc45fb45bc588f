#include "formats/ics_writer.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "workflows/text_width.h"

namespace rollout {
namespace {

std::string IcsDate(Date d) {
  std::string s = FormatDate(d);
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}

std::string Stamp(Instant t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

bool Involves(const ExportTask& e, const std::string& person) {
  return person.empty() || std::find(e.people.begin(), e.people.end(), person) != e.people.end();
}

const char* Kind(const Task& t) {
  if (t.gate) return "gate";
  return t.duration == 0 ? "milestone" : "task";
}

void Event(const ExportView& v, int i, std::string* out) {
  const Task& t = v.plan->tasks[static_cast<size_t>(i)];
  const ExportTask& e = v.tasks[static_cast<size_t>(i)];
  auto line = [&](const std::string& l) { *out += FoldIcsLine(l) + "\r\n"; };
  std::string desc = std::string(Kind(t)) + " " + t.id;
  if (t.parent >= 0) {
    const Task& g = v.plan->tasks[static_cast<size_t>(t.parent)];
    desc += "\n" + (g.name.empty() ? g.id : g.name);
  }
  if (!e.people.empty()) {
    std::string who;
    for (const std::string& p : e.people) who += (who.empty() ? "" : ", ") + p;
    desc += "\n" + std::string(t.gate ? "approvers: " : "assigned: ") + who;
  }
  if (!e.state.empty()) desc += "\nstate: " + e.state;
  if (!t.deliverable.empty()) desc += "\n" + t.deliverable;
  if (!t.notes.empty()) desc += "\n" + t.notes;
  line("BEGIN:VEVENT");
  line("UID:" + IcsText(t.id + "@" + v.plan->id));
  line("DTSTAMP:" + Stamp(v.stamp));
  line("SEQUENCE:" + std::to_string(e.sequence));
  line("DTSTART;VALUE=DATE:" + IcsDate(e.start));
  line("DTEND;VALUE=DATE:" + IcsDate(e.finish + 1));
  line("SUMMARY:" + IcsText((t.gate            ? "◆ "
                             : t.duration == 0 ? "◇ "
                                               : "") +
                            (t.name.empty() ? t.id : t.name)));
  line("DESCRIPTION:" + IcsText(desc));
  line(std::string("CATEGORIES:") + Kind(t));
  line("TRANSP:TRANSPARENT");
  line("END:VEVENT");
}

}  // namespace

std::string IcsText(const std::string& text) {
  // Control characters (TAB and CR too, C1 and bidi controls) shown as
  // VisibleText shows them, line by line; then the TEXT escapes.
  std::string out;
  size_t from = 0;
  while (true) {
    const size_t nl = text.find('\n', from);
    const std::string shown = VisibleText(std::string_view(text).substr(from, nl - from));
    for (char c : shown) {
      if (c == '\\' || c == ';' || c == ',') out.push_back('\\');
      out.push_back(c);
    }
    if (nl == std::string::npos) break;
    out += "\\n";
    from = nl + 1;
  }
  return out;
}

std::string FoldIcsLine(const std::string& line) {
  std::string out;
  size_t pos = 0;
  size_t limit = 75;  // octets on the first line; later lines start with a space
  while (line.size() - pos > limit) {
    size_t cut = pos + limit;
    while (cut > pos && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line, pos, cut - pos);
    out += "\r\n ";
    pos = cut;
    limit = 74;
  }
  out.append(line, pos, std::string::npos);
  return out;
}

std::string WriteIcs(const ExportView& v, const std::string& person) {
  std::string out;
  auto line = [&](const std::string& l) { out += FoldIcsLine(l) + "\r\n"; };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//rollout//rollout " + std::string(ROLLOUT_FORMATS_VERSION) + "//EN");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  line("X-WR-CALNAME:" + IcsText(v.plan->title.empty() ? v.plan->id : v.plan->title));
  for (size_t i = 0; i < v.plan->tasks.size(); ++i) {
    if (v.plan->tasks[i].is_group || !Involves(v.tasks[i], person)) continue;
    Event(v, static_cast<int>(i), &out);
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace rollout
