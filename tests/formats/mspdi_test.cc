// MS Project XML in and out (cli.md "Interchange"), through the real binary.
//
// Conformance: tests/data/mspdi/*.xml are small files written by hand from
// the MS Project XML documentation; each task holds the Start and Finish MS
// Project computes for it (the comments of each file say what it covers).
// `import mspdi` then `schedule --json` must give those dates for every
// task. Round trip: `export mspdi` then `import mspdi` must give the same
// schedule, task by task, for those files and the built-in workflow.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "formats/xml_doc.h"
#include "tests/formats/mspdi_schema_order.h"
#include "tests/testing/run_binary.h"

namespace rollout {
namespace {

using testing::DataPath;
using testing::ReadFile;
using testing::Rollout;
using testing::RunResult;
using testing::ScopedTempDir;

nlohmann::json Schedule(const std::string& plan) {
  RunResult r = Rollout({"schedule", plan, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

// Imports |xml| into |dir|/NAME.yaml; returns its path.
std::string Import(const ScopedTempDir& dir, const std::string& xml, const std::string& name,
                   std::string* err = nullptr) {
  RunResult r = Rollout({"import", "mspdi", xml});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (err) *err = r.err;
  return dir.Write(name + ".yaml", r.out);
}

struct MsDates {
  std::string start, finish;
};

// UID -> the Start and Finish dates the file holds, for every task but the
// project summary (UID 0).
std::map<std::string, MsDates> FileDates(const std::string& path) {
  Result<XmlDoc> doc = XmlDoc::Parse(ReadFile(path), 1 << 24, 100000);
  EXPECT_TRUE(doc.ok());
  std::map<std::string, MsDates> out;
  for (const xmlNode* t : Children(Child(doc.value().root(), "Tasks"), "Task")) {
    if (ChildText(t, "UID") == "0") continue;
    out["t" + ChildText(t, "UID")] = {ChildText(t, "Start").substr(0, 10),
                                      ChildText(t, "Finish").substr(0, 10)};
  }
  return out;
}

class MspdiConformance : public ::testing::TestWithParam<const char*> {};

TEST_P(MspdiConformance, ScheduleGivesTheDatesMsProjectStored) {
  ScopedTempDir dir;
  const std::string xml = DataPath(std::string("mspdi/") + GetParam() + ".xml");
  std::string err;
  const nlohmann::json s = Schedule(Import(dir, xml, GetParam(), &err));
  EXPECT_EQ(err, "") << "these files hold nothing the plan format cannot";
  const std::map<std::string, MsDates> expected = FileDates(xml);
  ASSERT_EQ(s["tasks"].size(), expected.size());
  for (const auto& task : s["tasks"]) {
    const std::string id = task["id"];
    ASSERT_TRUE(expected.count(id)) << id;
    std::string start = task.value("start", ""), finish = task.value("finish", "");
    if (task["group"]) {  // a summary task: the schedule JSON gives offsets only
      continue;
    }
    EXPECT_EQ(start, expected.at(id).start) << GetParam() << " " << id << " " << task["name"];
    EXPECT_EQ(finish, expected.at(id).finish) << GetParam() << " " << id << " " << task["name"];
  }
}

TEST_P(MspdiConformance, SummaryTasksSpanTheirTasks) {
  ScopedTempDir dir;
  const std::string xml = DataPath(std::string("mspdi/") + GetParam() + ".xml");
  const std::string yaml = Import(dir, xml, GetParam());
  // The table shows a group's dates: its first leaf's start, last leaf's finish.
  RunResult table = Rollout({"schedule", yaml});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  for (const auto& [id, d] : FileDates(xml)) {
    const size_t at = table.out.find("\n" + id + " ") != std::string::npos
                          ? table.out.find("\n" + id + " ")
                          : table.out.find(" " + id + " ");
    ASSERT_NE(at, std::string::npos) << id << "\n" << table.out;
    const std::string line = table.out.substr(at + 1, table.out.find('\n', at + 1) - at - 1);
    EXPECT_NE(line.find(d.start + "  " + d.finish), std::string::npos)
        << GetParam() << ": " << line;
  }
}

TEST_P(MspdiConformance, ExportThenImportKeepsTheSchedule) {
  ScopedTempDir dir;
  const std::string xml = DataPath(std::string("mspdi/") + GetParam() + ".xml");
  const std::string first = Import(dir, xml, "first");
  const std::string out = dir.path() + "/again.xml";
  RunResult e = Rollout({"export", "mspdi", first, "--out", out});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  std::string err;
  const std::string second = Import(dir, out, "second", &err);
  EXPECT_EQ(err, "");
  const nlohmann::json a = Schedule(first), b = Schedule(second);
  ASSERT_EQ(a["tasks"].size(), b["tasks"].size());
  EXPECT_EQ(a["finish"], b["finish"]);
  for (size_t i = 0; i < a["tasks"].size(); ++i) {
    for (const char* k :
         {"id", "name", "group", "es", "ef", "ls", "lf", "total_float", "start", "finish"})
      EXPECT_EQ(a["tasks"][i].value(k, nlohmann::json()), b["tasks"][i].value(k, nlohmann::json()))
          << GetParam() << " task " << i << " " << k;
  }
  // The plan text itself survives (ids are t<UID>, and UIDs are kept in order).
  EXPECT_EQ(ReadFile(first).substr(ReadFile(first).find("calendar:")),
            ReadFile(second).substr(ReadFile(second).find("calendar:")));
}

INSTANTIATE_TEST_SUITE_P(Files, MspdiConformance,
                         ::testing::Values("links", "holiday_summary", "snet_hours"));

TEST(MspdiRoundTrip, BuiltInWorkflowKeepsItsSchedule) {
  ScopedTempDir dir;
  const std::string plan =
      std::string(ROLLOUT_SOURCE_DIR) + "/workflows/distribution-transition.yaml";
  const std::string out = dir.path() + "/dt.xml";
  ASSERT_EQ(Rollout({"export", "mspdi", plan, "--out", out}).exit_code, 0);
  const std::string back = Import(dir, out, "dt");
  const nlohmann::json a = Schedule(plan), b = Schedule(back);
  ASSERT_EQ(a["tasks"].size(), b["tasks"].size());
  EXPECT_EQ(a["finish"], b["finish"]);
  EXPECT_EQ(a["duration"], b["duration"]);
  for (size_t i = 0; i < a["tasks"].size(); ++i) {
    for (const char* k :
         {"name", "group", "es", "ef", "ls", "lf", "total_float", "start", "finish", "critical"})
      EXPECT_EQ(a["tasks"][i].value(k, nlohmann::json()), b["tasks"][i].value(k, nlohmann::json()))
          << a["tasks"][i]["id"] << " " << k;
  }
  // People come back with their names and days off; fixed assignees too.
  const std::string yaml = ReadFile(back);
  EXPECT_NE(yaml.find("name: \"Мария Петрова\""), std::string::npos);
  EXPECT_NE(yaml.find("off: [\"2027-05-04..2027-05-07\"]"), std::string::npos)
      << yaml.substr(0, 2000);
}

// Walks every element and checks its children against the schema's sequence.
void CheckOrder(const xmlNode* node, const std::string& path, std::vector<std::string>* problems,
                std::set<std::string>* seen) {
  const auto& seqs = testing::MspdiSequences();
  const std::string name = reinterpret_cast<const char*>(node->name);
  auto seq = seqs.find(name == "Baseline" || name == "Project" || name.empty() ? name : name);
  std::vector<const xmlNode*> kids;
  for (const xmlNode* c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) kids.push_back(c);
  if (kids.empty()) return;
  seen->insert(name);
  if (seq == seqs.end()) {
    problems->push_back(path + ": no sequence transcribed for <" + name + ">");
    return;
  }
  int last = -1;
  for (const xmlNode* c : kids) {
    const std::string child = reinterpret_cast<const char*>(c->name);
    const auto& order = seq->second;
    const auto it = std::find(order.begin(), order.end(), child);
    if (it == order.end()) {
      problems->push_back(path + "/" + child + ": not a child of <" + name + "> in the schema");
      continue;
    }
    const int pos = static_cast<int>(it - order.begin());
    if (pos < last) problems->push_back(path + "/" + child + ": out of the schema's order");
    last = pos;
    CheckOrder(c, path + "/" + child, problems, seen);
  }
}

TEST(MspdiExport, ElementsFollowTheSchemaOrder) {
  const std::string plan =
      std::string(ROLLOUT_SOURCE_DIR) + "/workflows/distribution-transition.yaml";
  RunResult r = Rollout({"export", "mspdi", plan});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Result<XmlDoc> doc = XmlDoc::Parse(r.out, 1 << 26, 1000000);
  ASSERT_TRUE(doc.ok());
  std::vector<std::string> problems;
  std::set<std::string> seen;
  CheckOrder(doc.value().root(), "Project", &problems, &seen);
  EXPECT_TRUE(problems.empty()) << problems.front();
  // The export holds every part the contract lists.
  for (const char* part : {"Project", "Calendar", "WeekDay", "Exception", "Task", "PredecessorLink",
                           "Resource", "Assignment"})
    EXPECT_TRUE(seen.count(part)) << part;
  for (const char* text :
       {"<ConstraintType>4</ConstraintType>", "<Deadline>2027-03-12T18:00:00</Deadline>",
        "<LagFormat>7</LagFormat>", "<Type>3</Type>", "<LinkLag>10800</LinkLag>",
        "<Summary>1</Summary>", "<Milestone>1</Milestone>", "<MinutesPerDay>540</MinutesPerDay>",
        "<OutlineNumber>4.1.1</OutlineNumber>", "<OutlineLevel>3</OutlineLevel>",
        "<DayWorking>0</DayWorking>", "<FromDate>2027-02-23T00:00:00</FromDate>"})
    EXPECT_NE(r.out.find(text), std::string::npos) << text;
}

TEST(MspdiImport, WarnsAboutEverythingThePlanCannotHold) {
  RunResult r = Rollout({"import", "mspdi", DataPath("mspdi/unsupported.xml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string f = DataPath("mspdi/unsupported.xml");
  const std::vector<std::string> expected = {
      f + ":29: warning: task 't1' ('alap'): constraint 'as late as possible' is not supported; "
          "the task is scheduled as soon as possible",
      f + ":30: warning: task 't2' ('mso'): constraint 'must start on' 2027-03-03 is imported as "
          "'start no earlier than' (not_before); the task may start later",
      f + ":31: warning: task 't3' ('mfo'): constraint 'must finish on' 2027-03-03 is not "
          "supported",
      f + ":32: warning: task 't4' ('fnlt'): constraint 'finish no later than' 2027-03-05 is "
          "imported as a deadline",
      f + ":33: warning: task 't5' ('elapsed'): an elapsed duration (PT72H0M0S) is imported as "
          "working days",
      f + ":34: warning: task 't6' ('manual'): a manually scheduled task is imported as "
          "automatically scheduled",
      f + ":35: warning: task 't7' ('costly'): costs are not imported",
      f + ":36: warning: task 't8' ('half day'): duration PT12H0M0S is 1.50 working days of 480 "
          "minutes; rounded up to 2",
      f + ":38: warning: task 't9' ('percent lag'): a lag in percent of the predecessor's duration "
          "is not supported; lag 0 is used",
      f + ":40: warning: task 't10' ('elapsed lag'): an elapsed lag is imported as 2 working days",
      f + ":41: warning: task 't11' ('started'): progress (ActualStart, ActualFinish, "
          "PercentComplete) is not imported",
      f + ":42: warning: task 't12' ('snlt'): constraint 'start no later than' 2027-03-10 is not "
          "supported",
      f + ":43: warning: task 't13' ('fnet'): constraint 'finish no earlier than' 2027-03-10 is "
          "not supported",
      f + ":15: warning: calendar 'Standard': exception 'New Year' recurs",
      f + ":46: warning: resource 'Ночной сторож': its calendar's own week days",
      f + ":47: warning: resource 'Бетон' is a material resource",
  };
  for (const std::string& w : expected)
    EXPECT_NE(r.err.find(w), std::string::npos) << w << "\n--- stderr:\n" << r.err;
  int lines = 0;
  for (char c : r.err) lines += c == '\n';
  EXPECT_EQ(lines, static_cast<int>(expected.size())) << r.err;
  // What was representable is in the plan: MSO and SNET as not_before, FNLT as a deadline.
  EXPECT_NE(r.out.find("not_before: 2027-03-03"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("deadline: 2027-03-05"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("duration: 3"), std::string::npos) << "72 elapsed hours = 3 days\n" << r.out;
  ScopedTempDir dir;
  EXPECT_EQ(Rollout({"plan", "check", dir.Write("u.yaml", r.out)}).exit_code, 0);
}

TEST(MspdiImport, MalformedXmlIsRefusedWithItsPosition) {
  ScopedTempDir dir;
  const std::string bad =
      dir.Write("bad.xml", "<Project>\n  <Tasks>\n    <Task><UID>1</UID></Tsk>\n");
  RunResult r = Rollout({"import", "mspdi", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind(bad + ":3:", 0), 0u) << r.err;
  EXPECT_NE(
      r.err.find("error: malformed XML: Opening and ending tag mismatch: Task line 3 and Tsk"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("hint: expected an MS Project XML file"), std::string::npos) << r.err;
}

TEST(MspdiImport, EntitiesAndDoctypesAreRefused) {
  ScopedTempDir dir;
  // The "billion laughs" and an external entity (XXE): neither is expanded.
  const std::string bomb =
      dir.Write("bomb.xml",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE Project [\n <!ENTITY a \"aaaaaaaaaa\">\n"
                " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n <!ENTITY x SYSTEM "
                "\"file:///etc/passwd\">\n]>\n"
                "<Project><Name>&b;&x;</Name></Project>\n");
  RunResult r = Rollout({"import", "mspdi", bomb});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("a DOCTYPE is not allowed"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("root:"), std::string::npos) << "nothing of /etc/passwd may show";
}

// Damaged files (bytes changed, cut or inserted, with a fixed seed) are read
// or refused with an error; never a crash, a hang or a silent half plan.
TEST(MspdiImport, DamagedFilesAreReadOrRefused) {
  ScopedTempDir dir;
  const std::string src = ReadFile(DataPath("mspdi/holiday_summary.xml"));
  std::mt19937 rng(5);
  const char* const inserts[] = {"<", ">", "\"", "&", "</Task>", "<Task>", "9999999999", "-"};
  for (int i = 0; i < 60; ++i) {
    std::string b = src;
    for (int k = 0, n = 1 + static_cast<int>(rng() % 6); k < n; ++k) {
      const size_t at = rng() % b.size();
      switch (rng() % 3) {
        case 0: b[at] = static_cast<char>(rng() % 256); break;
        case 1: b.erase(at, 1 + rng() % 40); break;
        default: b.insert(at, inserts[rng() % 8]);
      }
    }
    RunResult r = Rollout({"import", "mspdi", dir.Write("d.xml", b)});
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 2) << r.exit_code << r.err;
    if (r.exit_code == 2) {
      EXPECT_EQ(r.out, "");
      EXPECT_NE(r.err.find("error: "), std::string::npos) << r.err;
    } else {
      EXPECT_NE(r.out.find("tasks:"), std::string::npos);
    }
  }
}

TEST(MspdiImport, StructuralErrorsNameTheLine) {
  ScopedTempDir dir;
  RunResult root =
      Rollout({"import", "mspdi", dir.Write("r.xml", "<?xml version=\"1.0\"?>\n<Plan/>\n")});
  EXPECT_EQ(root.exit_code, 2);
  EXPECT_NE(root.err.find(":2:1: error: the root element is <Plan>, not <Project>"),
            std::string::npos)
      << root.err;
  RunResult link =
      Rollout({"import", "mspdi",
               dir.Write("l.xml",
                         "<Project><StartDate>2027-03-01T08:00:00</"
                         "StartDate><Tasks>\n<Task><UID>1</UID><Duration>PT8H0M0S</Duration>\n"
                         "<PredecessorLink><PredecessorUID>9</PredecessorUID></PredecessorLink></"
                         "Task></Tasks></Project>\n")});
  EXPECT_EQ(link.exit_code, 2);
  EXPECT_NE(link.err.find(":3:1: error: task UID 1 links to unknown task UID 9"), std::string::npos)
      << link.err;
  RunResult dur = Rollout(
      {"import", "mspdi",
       dir.Write("d.xml",
                 "<Project><StartDate>2027-03-01T08:00:00</StartDate><Tasks>\n<Task><UID>1</"
                 "UID>\n<Duration>eight hours</Duration></Task></Tasks></Project>\n")});
  EXPECT_EQ(dur.exit_code, 2);
  EXPECT_NE(dur.err.find(":3:1: error: <Duration> is not a duration (PT#H#M#S): 'eight hours'"),
            std::string::npos)
      << dur.err;
  EXPECT_EQ(Rollout({"import", "mspdi", dir.path() + "/missing.xml"}).exit_code, 2);
}

TEST(MspdiExport, HostileNamesStayText) {
  ScopedTempDir dir;
  const std::string plan =
      dir.Write("h.yaml",
                "plan: hostile\ntitle: \"<script>alert(1)</script> & co\"\nstart: 2027-03-01\n"
                "tasks:\n  - id: a\n    name: \"</Name><Task><UID>99</UID> \\\"q\\\" "
                "\\x01\\x1b[31m\"\n    duration: 2\n"
                "  - id: b\n    name: \"]]> <!-- &amp;\"\n    duration: 1\n    after: [a]\n");
  RunResult r = Rollout({"export", "mspdi", plan});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("<script>"), std::string::npos);
  EXPECT_NE(r.out.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"), std::string::npos);
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.out.find('\x01'), std::string::npos);
  // The file parses, holds two tasks, and the names come back as text.
  const std::string xml = dir.Write("h.xml", r.out);
  RunResult back = Rollout({"import", "mspdi", xml});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_NE(back.out.find("name: \"</Name><Task><UID>99</UID> \\\"q\\\" \\\\x01\\\\x1b[31m\""),
            std::string::npos)
      << back.out;
  EXPECT_NE(back.out.find("name: \"]]> <!-- &amp;\""), std::string::npos) << back.out;
  EXPECT_EQ(back.out.find("t99"), std::string::npos);
}

}  // namespace
}  // namespace rollout
