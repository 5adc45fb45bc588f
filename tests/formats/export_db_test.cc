// Exports without a plan file: the database's forecast at --now, with the
// progress and the baseline recorded against it (the plan of
// tests/cli/db_fixture.h; day 0 is Monday 2027-01-11).
//
// The story: a (3 d, petrova) started Tue 12, done Thu 14; b (2 d, sidorov)
// started Mon 18. Now is Tue 19 10:00. The baseline is the schedule at load:
// a on Jan 11..13.
#include <gtest/gtest.h>

#include "tests/testing/test_db.h"

#include <string>

#include "formats/xml_doc.h"
#include "tests/cli/db_fixture.h"

namespace rollout {
namespace {

using testing::DbFixture;
using testing::RunResult;

void Story(DbFixture& f) {
  f.OkAt("2027-01-12T09:00", "petrova", {"start", "a"});
  f.OkAt("2027-01-14T17:00", "petrova", {"done", "a"});
  f.OkAt("2027-01-18T09:00", "sidorov", {"start", "b"});
  f.now = "2027-01-19T10:00";
}

// The <Task> element whose UID is |uid|.
const xmlNode* TaskNamed(const XmlDoc& doc, const std::string& name) {
  for (const xmlNode* t : Children(Child(doc.root(), "Tasks"), "Task"))
    if (ChildText(t, "Name").find(name) == 0) return t;
  return nullptr;
}

class ExportFromDatabaseDb : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(ExportFromDatabaseDb, MspdiHoldsActualsPercentCompleteAndTheBaseline) {
  DbFixture f(GetParam());
  Story(f);
  RunResult r = f.Run({"export", "mspdi"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Result<XmlDoc> doc = XmlDoc::Parse(r.out, 1 << 24, 100000);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(ChildText(doc.value().root(), "StatusDate"), "2027-01-19T18:00:00");
  const xmlNode* a = TaskNamed(doc.value(), "Аудит");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(ChildText(a, "PercentComplete"), "100");
  EXPECT_EQ(ChildText(a, "ActualStart"), "2027-01-12T09:00:00");
  EXPECT_EQ(ChildText(a, "ActualFinish"), "2027-01-14T18:00:00");
  EXPECT_EQ(ChildText(a, "Start"), "2027-01-12T09:00:00");
  EXPECT_EQ(ChildText(a, "Finish"), "2027-01-14T18:00:00");
  const xmlNode* base = Child(a, "Baseline");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(ChildText(base, "Number"), "0");
  EXPECT_EQ(ChildText(base, "Start"), "2027-01-11T09:00:00");
  EXPECT_EQ(ChildText(base, "Finish"), "2027-01-13T18:00:00");
  EXPECT_EQ(ChildText(base, "Duration"), "PT27H0M0S");  // 3 days of 9 hours
  const xmlNode* b = TaskNamed(doc.value(), "b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(ChildText(b, "PercentComplete"), "50") << "1 of 2 working days done";
  EXPECT_EQ(ChildText(b, "ActualStart"), "2027-01-18T09:00:00");
  EXPECT_EQ(Child(b, "ActualFinish"), nullptr);
  // The people and their fixed assignments.
  EXPECT_NE(r.out.find("<Name>Мария Петрова</Name>"), std::string::npos);
  EXPECT_NE(r.out.find("<Assignment>"), std::string::npos);
}

TEST_P(ExportFromDatabaseDb, CsvAndIcsShowTheForecastAndStates) {
  DbFixture f(GetParam());
  Story(f);
  RunResult csv = f.Run({"export", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_NE(csv.out.find(
                "\r\na,\"Аудит; \"\"продаж\"\" 'x' -- DROP TABLE\",,1,3,,2027-01-12,2027-01-14,"),
            std::string::npos)
      << csv.out;
  EXPECT_NE(csv.out.find(",petrova,done\r\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find(",sidorov,started\r\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("\r\ng,,,3,0,b,"), std::string::npos) << csv.out;
  RunResult ics = f.Run({"export", "ics", "--person", "petrova"});
  ASSERT_EQ(ics.exit_code, 0) << ics.err;
  EXPECT_NE(ics.out.find("UID:a@p\r\n"), std::string::npos);
  EXPECT_NE(ics.out.find("UID:d@p\r\n"), std::string::npos);
  EXPECT_EQ(ics.out.find("UID:b@p\r\n"), std::string::npos) << "b is sidorov's";
  EXPECT_NE(ics.out.find("DTSTAMP:20270119T070000Z\r\n"), std::string::npos) << "--now, in UTC";
  EXPECT_NE(ics.out.find("state: done"), std::string::npos);
  // SEQUENCE: a was started and done (2), d never touched (0).
  EXPECT_NE(ics.out.find("UID:a@p\r\nDTSTAMP:20270119T070000Z\r\nSEQUENCE:2\r\n"),
            std::string::npos)
      << ics.out;
  EXPECT_NE(ics.out.find("UID:d@p\r\nDTSTAMP:20270119T070000Z\r\nSEQUENCE:0\r\n"),
            std::string::npos)
      << ics.out;
  // A new plan version (d takes longer) raises every event's SEQUENCE.
  std::string v2 = testing::kDbTestPlan;
  v2.replace(v2.find("{id: d, duration: 1"), 19, "{id: d, duration: 3");
  ASSERT_EQ(f.As("boss", {"load", f.WritePlan("v2.yaml", v2)}).exit_code, 0);
  RunResult again = f.Run({"export", "ics", "--person", "petrova"});
  EXPECT_NE(again.out.find("UID:a@p\r\nDTSTAMP:20270119T070000Z\r\nSEQUENCE:3\r\n"),
            std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find("UID:d@p\r\nDTSTAMP:20270119T070000Z\r\nSEQUENCE:1\r\n"),
            std::string::npos)
      << again.out;
  RunResult dot = f.Run({"export", "dot"});
  EXPECT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_NE(dot.out.find("subgraph \"cluster_grp\""), std::string::npos);
}

TEST(ExportFromDatabase, WithoutADatabaseItSaysSo) {
  testing::ScopedTempDir dir;
  RunResult r = testing::Rollout({"--db", dir.path() + "/none.db", "export", "csv"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("error:"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, ExportFromDatabaseDb, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout
