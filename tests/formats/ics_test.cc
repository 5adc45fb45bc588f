// iCalendar out (RFC 5545), checked by a parser that is not ours: Debian's
// python3-icalendar reads every export back. Folding, CRLF and UID
// stability are checked octet by octet here.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/testing/run_binary.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

using testing::Rollout;
using testing::Run;
using testing::RunResult;
using testing::ScopedTempDir;

const char* const kPython = "/usr/bin/python3";

// Reads FILE with python3-icalendar; prints one JSON object per VEVENT.
const char* const kReader = R"(
import json, sys
import icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = {'version': str(cal['VERSION']), 'prodid': str(cal['PRODID']), 'events': []}
for ev in cal.walk('VEVENT'):
    out['events'].append({
        'uid': str(ev['UID']), 'summary': str(ev['SUMMARY']),
        'description': str(ev['DESCRIPTION']),
        'start': ev.decoded('DTSTART').isoformat(), 'end': ev.decoded('DTEND').isoformat(),
        'stamp': ev.decoded('DTSTAMP').isoformat(), 'categories': ev['CATEGORIES'].to_ical().decode()})
print(json.dumps(out, ensure_ascii=False))
)";

const char* const kPlan = R"(plan: ics-test
title: "Календарь; проекта, с \"кавычками\""
start: 2027-03-01
roles: {lead: {name: Lead}}
people:
  - {id: boss, name: "Босс", roles: [lead]}
  - {id: petrova, name: "Мария Петрова"}
tasks:
  - id: stage
    name: "Этап"
    tasks:
      - id: a
        name: "Очень длинное название задачи на русском языке, чтобы строка ICS была длиннее семидесяти пяти октетов; с точкой с запятой\\и обратной косой"
        duration: 3
        assignee: petrova
      - {id: b, name: "<script>alert(1)</script>\nвторая строка \u001b[31m", duration: 2, after: [a]}
  - {id: m, name: "Веха", duration: 0, after: [stage]}
  - {id: g, name: "Ворота", after: [m], gate: true}
)";

nlohmann::json Parse(const std::string& path) {
  RunResult check = Run({kPython, "-c", "import icalendar"});
  EXPECT_EQ(check.exit_code, 0)
      << "python3-icalendar is needed by this test and is missing: "
         "apt-get install python3-icalendar (tools/dev deps installs it)\n"
      << check.err;
  RunResult r = Run({kPython, "-c", kReader, path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out.empty() ? "{}" : r.out);
}

TEST(IcsExport, AnIndependentParserReadsEveryEvent) {
  ScopedTempDir dir;
  const std::string plan = dir.Write("p.yaml", kPlan);
  const std::string ics = dir.path() + "/p.ics";
  RunResult r = Rollout({"export", "ics", plan, "--out", ics});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json cal = Parse(ics);
  EXPECT_EQ(cal["version"], "2.0");
  ASSERT_EQ(cal["events"].size(), 4u);  // a, b, the milestone and the gate; no group
  const nlohmann::json& a = cal["events"][0];
  EXPECT_EQ(a["uid"], "a@ics-test");
  EXPECT_EQ(
      a["summary"],
      "Очень длинное название задачи на русском языке, чтобы строка ICS была длиннее семидесяти "
      "пяти октетов; с точкой с запятой\\и обратной косой");
  EXPECT_EQ(a["start"], "2027-03-01");
  EXPECT_EQ(a["end"], "2027-03-04") << "DTEND is exclusive: the day after the finish";
  EXPECT_EQ(a["description"], "task a\nЭтап\nassigned: petrova\nstate: planned");
  const nlohmann::json& b = cal["events"][1];
  EXPECT_EQ(b["summary"], "<script>alert(1)</script>\nвторая строка \\x1b[31m")
      << "the newline is kept as TEXT, the escape character is shown, not sent";
  EXPECT_EQ(b["start"], "2027-03-04");
  EXPECT_EQ(b["end"], "2027-03-06");
  EXPECT_EQ(cal["events"][2]["uid"], "m@ics-test");
  EXPECT_EQ(cal["events"][2]["summary"], "◇ Веха");
  EXPECT_EQ(cal["events"][2]["start"], "2027-03-05");
  EXPECT_EQ(cal["events"][2]["end"], "2027-03-06");
  EXPECT_EQ(cal["events"][3]["summary"], "◆ Ворота");
  EXPECT_EQ(cal["events"][3]["categories"], "gate");
  EXPECT_EQ(cal["events"][3]["description"], "gate g\napprovers: boss\nstate: closed");
}

TEST(IcsExport, APlanFilesStampFollowsNowInThePlansZone) {
  ScopedTempDir dir;
  const std::string plan = dir.Write("p.yaml", std::string(kPlan) + "timezone: Europe/Moscow\n");
  const std::string ics = dir.path() + "/p.ics";
  RunResult r = Rollout({"export", "ics", plan, "--out", ics, "--now", "2027-02-01T10:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json cal = Parse(ics);
  ASSERT_EQ(cal["events"].size(), 4u);
  for (const nlohmann::json& e : cal["events"])
    EXPECT_EQ(e["stamp"], "2027-02-01T07:00:00+00:00") << "10:00 in Moscow is 07:00 UTC";
  r = Rollout({"export", "ics", plan, "--out", ics}, {"ROLLOUT_NOW=2027-02-02T12:30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  cal = Parse(ics);
  EXPECT_EQ(cal["events"][0]["stamp"], "2027-02-02T09:30:00+00:00");
  const std::string before = rollout::testing::ReadFile(ics);
  r = Rollout({"export", "ics", plan, "--out", ics, "--now", "2027-02-31T10:00"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_FALSE(r.err.empty());
  EXPECT_EQ(rollout::testing::ReadFile(ics), before) << "a refused export writes nothing";
}

TEST(IcsExport, LinesAreCrlfAndFoldedAtCharacterBoundaries) {
  ScopedTempDir dir;
  RunResult r = Rollout({"export", "ics", dir.Write("p.yaml", kPlan)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& t = r.out;
  ASSERT_GE(t.size(), 2u);
  EXPECT_EQ(t.substr(t.size() - 2), "\r\n");
  int folded = 0;
  size_t pos = 0;
  while (pos < t.size()) {
    const size_t end = t.find("\r\n", pos);
    ASSERT_NE(end, std::string::npos) << "a line without CRLF at " << pos;
    const std::string line = t.substr(pos, end - pos);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.find('\r'), std::string::npos);
    EXPECT_LE(line.size(), 75u) << line;
    // Every physical line is valid UTF-8 on its own: no character was split.
    const auto* p = reinterpret_cast<const unsigned char*>(line.data());
    const auto* e = p + line.size();
    while (p < e) {
      if (*p < 0x80) {
        ++p;
        continue;
      }
      const size_t n = Utf8SequenceLength(p, e);
      ASSERT_GT(n, 0u) << "a UTF-8 character split by folding: " << line;
      p += n;
    }
    if (!line.empty() && line[0] == ' ') ++folded;
    pos = end + 2;
  }
  EXPECT_GE(folded, 3) << "the long Cyrillic names must have been folded";
  EXPECT_NE(t.find("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rollout//rollout "),
            std::string::npos);
  EXPECT_NE(t.find("DTSTART;VALUE=DATE:20270301\r\n"), std::string::npos);
}

std::set<std::string> Uids(const std::string& ics) {
  std::set<std::string> out;
  for (size_t p = ics.find("\r\nUID:"); p != std::string::npos; p = ics.find("\r\nUID:", p + 1))
    out.insert(ics.substr(p + 6, ics.find("\r\n", p + 6) - p - 6));
  return out;
}

TEST(IcsExport, UidsStayTheSameAcrossExportsAndEdits) {
  ScopedTempDir dir;
  const std::string plan = dir.Write("p.yaml", kPlan);
  RunResult first = Rollout({"export", "ics", plan});
  // The plan changes (a longer task): the dates move, the UIDs do not.
  std::string edited = kPlan;
  edited.replace(edited.find("duration: 3"), 11, "duration: 5");
  RunResult second = Rollout({"export", "ics", dir.Write("p2.yaml", edited)});
  ASSERT_EQ(first.exit_code, 0);
  ASSERT_EQ(second.exit_code, 0);
  EXPECT_EQ(Uids(first.out),
            (std::set<std::string>{"a@ics-test", "b@ics-test", "m@ics-test", "g@ics-test"}));
  EXPECT_EQ(Uids(first.out), Uids(second.out));
  EXPECT_NE(first.out.substr(first.out.find("DTEND")), second.out.substr(second.out.find("DTEND")));
}

TEST(IcsExport, PersonGetsOnlyTheirTasks) {
  ScopedTempDir dir;
  const std::string plan = dir.Write("p.yaml", kPlan);
  RunResult petrova = Rollout({"export", "ics", plan, "--person", "petrova"});
  ASSERT_EQ(petrova.exit_code, 0) << petrova.err;
  EXPECT_EQ(Uids(petrova.out), (std::set<std::string>{"a@ics-test"}));
  RunResult boss = Rollout({"export", "ics", plan, "--person", "boss"});
  EXPECT_EQ(Uids(boss.out), (std::set<std::string>{"g@ics-test"})) << "the gates a person approves";
  RunResult nobody = Rollout({"export", "ics", plan, "--person", "nobody"});
  EXPECT_EQ(nobody.exit_code, 2);
  EXPECT_EQ(nobody.out, "");
  EXPECT_NE(nobody.err.find("--person 'nobody' is not a person of plan 'ics-test'"),
            std::string::npos)
      << nobody.err;
  EXPECT_EQ(Rollout({"export", "csv", plan, "--person", "boss"}).exit_code, 2);
}

}  // namespace
}  // namespace rollout
