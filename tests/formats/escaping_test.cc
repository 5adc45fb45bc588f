// The escaping helpers of formats/ on hostile text: every name must stay
// inside its field, quote or scalar, and come back as the same text.
#include <gtest/gtest.h>

#include <string>

#include "formats/csv_writer.h"
#include "formats/dot_writer.h"
#include "formats/ics_writer.h"
#include "formats/mspdi_writer.h"
#include "formats/plan_yaml.h"
#include "tests/testing/run_binary.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

const std::string kHostile =
    "<script>alert(\"x\")</script>, 'q'; \\ \x01\x1b[2J\r\n\t\u2028\u202e =1+1";

TEST(YamlQuoted, HostileNamesReadBackExactly) {
  const std::string yaml =
      "plan: x\nstart: 2027-03-01\ntasks:\n  - id: a\n    name: " + YamlQuoted(kHostile) +
      "\n    duration: 1\n";
  EXPECT_EQ(yaml.find('\x1b'), std::string::npos);
  EXPECT_EQ(yaml.find('\r'), std::string::npos);
  Result<Plan> plan = ReadPlan("x.yaml", yaml);
  ASSERT_TRUE(plan.ok()) << plan.errors().front().message << "\n" << yaml;
  EXPECT_EQ(plan.value().tasks[0].name, kHostile);
}

TEST(YamlQuoted, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  EXPECT_EQ(YamlQuoted("a\xff"
                       "b"),
            "\"a\\ufffdb\"");
  EXPECT_EQ(YamlQuoted("\xc2\x85"), "\"\\u0085\"");  // NEL, a YAML line break
}

TEST(CsvField, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(CsvField("plain текст", ','), "plain текст");
  EXPECT_EQ(CsvField("a,b", ','), "\"a,b\"");
  EXPECT_EQ(CsvField("a,b", ';'), "a,b");
  EXPECT_EQ(CsvField("a;b", ';'), "\"a;b\"");
  EXPECT_EQ(CsvField("say \"hi\"", ','), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines", ','), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r", ','), "\"cr\r\"");
}

TEST(GuardFormula, PrefixesWhatExcelWouldRun) {
  for (const char* f : {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"})
    EXPECT_EQ(GuardFormula(f), std::string("'") + f) << f;
  for (const char* f : {"", "1", "a=b", "'=x", " =x"}) EXPECT_EQ(GuardFormula(f), f) << f;
}

TEST(IcsText, EscapesTextAndShowsControls) {
  EXPECT_EQ(IcsText("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
  EXPECT_EQ(IcsText("\x1b[2J\r\t"), "\\\\x1b[2J\\\\x0d\\\\x09");
}

TEST(FoldIcsLine, FoldsAt75OctetsWithoutSplittingCharacters) {
  EXPECT_EQ(FoldIcsLine(std::string(75, 'a')), std::string(75, 'a'));
  EXPECT_EQ(FoldIcsLine(std::string(76, 'a')), std::string(75, 'a') + "\r\n a");
  // 74 ASCII octets then a 2-octet letter: the letter does not fit and moves.
  const std::string s = std::string(74, 'a') + "ж" + std::string(80, 'b');
  const std::string f = FoldIcsLine(s);
  EXPECT_EQ(f.substr(0, 76), std::string(74, 'a') + "\r\n");
  EXPECT_EQ(f.substr(76, 3), " ж");
  size_t pos = 0;
  while (pos < f.size()) {
    const size_t end = f.find("\r\n", pos);
    const size_t len = (end == std::string::npos ? f.size() : end) - pos;
    EXPECT_LE(len, 75u);
    if (end == std::string::npos) break;
    pos = end + 2;
  }
  std::string unfolded = f;
  for (size_t p; (p = unfolded.find("\r\n ")) != std::string::npos;) unfolded.erase(p, 3);
  EXPECT_EQ(unfolded, s);
}

TEST(DotQuoted, KeepsNamesInsideTheirQuotes) {
  EXPECT_EQ(DotQuoted("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
  EXPECT_EQ(DotQuoted("\x1b"), "\"\\\\x1b\"");
}

TEST(XmlSafe, DropsWhatXmlForbids) {
  EXPECT_EQ(XmlSafe("ok\tтекст\n"), "ok\tтекст\n");
  EXPECT_EQ(XmlSafe("a\x01"
                    "b\x1b"),
            "a\\x01b\\x1b");
  EXPECT_EQ(XmlSafe("bad\xff"), "bad\\xff");
}

TEST(CsvExport, LevelledPeopleAreAssigned) {
  testing::ScopedTempDir dir;
  const std::string plan = dir.Write("l.yaml",
                                     "plan: l\nstart: 2027-03-01\nroles: {dev: {name: Dev}}\n"
                                     "people: [{id: p1, roles: [dev]}, {id: p2, roles: [dev]}]\n"
                                     "tasks:\n  - {id: a, duration: 2, needs: {dev: 1}}\n  - {id: "
                                     "b, duration: 2, needs: {dev: 2}}\n");
  testing::RunResult plain = testing::Rollout({"export", "csv", plan});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find("\r\na,,,1,2,,2027-03-01,2027-03-02,0,true,,planned\r\n"),
            std::string::npos)
      << "needs alone assign nobody\n"
      << plain.out;
  testing::RunResult levelled = testing::Rollout({"export", "csv", plan, "--level"});
  ASSERT_EQ(levelled.exit_code, 0) << levelled.err;
  // Levelling picks one dev for a and both for b, one after the other.
  const std::string rows = levelled.out.substr(levelled.out.find("\r\na,"));
  const std::string b = rows.substr(rows.find("\r\nb,"));
  EXPECT_TRUE(b.find(",p1;p2,") != std::string::npos || b.find(",p2;p1,") != std::string::npos)
      << levelled.out;
  EXPECT_TRUE(rows.find(",p1,planned") != std::string::npos ||
              rows.find(",p2,planned") != std::string::npos)
      << levelled.out;
}

TEST(MspdiRoundTrip, FinishLinksToAGroupGoOnItsTasks) {
  testing::ScopedTempDir dir;
  const std::string plan =
      dir.Write("g.yaml",
                "plan: g\nstart: 2027-03-01\ntasks:\n  - {id: a, duration: 6}\n"
                "  - id: grp\n    after: [{task: a, type: FF, lag: 1}]\n    tasks:\n"
                "      - {id: x, duration: 2}\n      - {id: y, duration: 4}\n");
  testing::RunResult xml = testing::Rollout({"export", "mspdi", plan});
  ASSERT_EQ(xml.exit_code, 0) << xml.err;
  testing::RunResult back = testing::Rollout({"import", "mspdi", dir.Write("g.xml", xml.out)});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_NE(back.out.find("  - id: \"t3\"\n      name: \"x\"\n      duration: 2\n      after:\n    "
                          "    - {task: \"t1\", type: FF, lag: 1}\n"),
            std::string::npos)
      << back.out;
  testing::RunResult a = testing::Rollout({"schedule", plan});
  testing::RunResult b = testing::Rollout({"schedule", dir.Write("back.yaml", back.out)});
  EXPECT_EQ(a.out.substr(a.out.find("finish ")), b.out.substr(b.out.find("finish ")));
  // x (2 days) finishes one day after a: FF+1 holds for each task of the group.
  EXPECT_NE(a.out.find("x        2027-03-08  2027-03-09     2"), std::string::npos) << a.out;
  EXPECT_NE(b.out.find("x     2027-03-08  2027-03-09     2"), std::string::npos) << b.out;
}

}  // namespace
}  // namespace rollout
