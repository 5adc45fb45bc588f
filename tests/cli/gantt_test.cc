// `rollout gantt`, `schedule --gantt` and `rollout critical` on real plans.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "engine/plan.h"
#include "tests/testing/run_binary.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

using testing::ExamplesPath;
using testing::Rollout;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Display column of the first occurrence of |glyph| at or after display column |from|.
int ColumnOf(const std::string& line, const std::string& glyph, int from) {
  for (size_t pos = line.find(glyph); pos != std::string::npos; pos = line.find(glyph, pos + 1)) {
    const int col = DisplayWidth(line.substr(0, pos));
    if (col >= from) return col;
  }
  return -1;
}

TEST(GanttCli, EveryLineFitsTheWidth) {
  for (int width : {40, 63, 100, 180}) {
    auto r = Rollout({"gantt", ExamplesPath("mixed-102.yaml"), "--width", std::to_string(width)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const std::string& line : Lines(r.out))
      EXPECT_LE(DisplayWidth(line), width) << width << ": " << line;
  }
  auto r = Rollout({"schedule", ExamplesPath("fs-101.yaml"), "--gantt"}, {"COLUMNS=50"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string& line : Lines(r.out)) EXPECT_LE(DisplayWidth(line), 50) << line;
}

TEST(GanttCli, NoColourWhenNotATerminal) {
  auto r = Rollout({"gantt", ExamplesPath("constraints.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
}

// Bars sit on the calendar: with one or more columns per day, a task's
// first and last bar cells are its start and finish dates on the week axis.
TEST(GanttCli, BarsMatchTheScheduleDates) {
  const std::string plan = ExamplesPath("mixed-102.yaml");
  auto j = Rollout({"schedule", plan, "--json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const nlohmann::json sched = nlohmann::json::parse(j.out);
  auto r = Rollout({"gantt", plan, "--width", "220"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  // The axis: "DD.MM" labels on Mondays; two neighbours give the scale.
  const int first = ColumnOf(lines[0], ".", 0) - 2;
  const int second = ColumnOf(lines[0], ".", first + 3) - 2;
  ASSERT_GT(second, first);
  ASSERT_EQ((second - first) % 7, 0);
  const int per_day = (second - first) / 7;
  Date monday = 0;
  ASSERT_TRUE(ParseDate("2027-01-11", &monday));  // the plan starts on Wed 2027-01-13
  EXPECT_EQ(lines[0].substr(lines[0].find("11.01"), 5), "11.01");
  int checked = 0;
  for (const auto& t : sched["tasks"]) {
    const std::string id = t["id"];
    const std::string* row = nullptr;
    for (const std::string& line : lines)
      if (line.find(id + " ") == line.find_first_not_of(' ') && line.find(id + " ") != std::string::npos)
        row = &line;
    ASSERT_NE(row, nullptr) << id;
    const bool critical = t.contains("critical") ? t["critical"].get<bool>() : t["total_float"] <= 0;
    EXPECT_EQ(row->find(" ! ") != std::string::npos, critical) << *row;
    if (t["group"]) {
      EXPECT_NE(row->find("▀"), std::string::npos) << *row;
      continue;
    }
    Date start = 0, finish = 0;
    ASSERT_TRUE(ParseDate(t["start"], &start));
    ASSERT_TRUE(ParseDate(t["finish"], &finish));
    const int bar = ColumnOf(*row, "█", first);
    EXPECT_EQ(bar, first + (start - monday) * per_day) << *row;
    int last = bar;
    for (int c = ColumnOf(*row, "█", bar + 1); c == last + 1; c = ColumnOf(*row, "█", c + 1)) last = c;
    EXPECT_EQ(last, first + (finish - monday + 1) * per_day - 1) << *row;
    ++checked;
  }
  EXPECT_EQ(checked, 30);
}

TEST(GanttCli, GatesAndMilestonesAreDiamonds) {
  auto r = Rollout({"gantt", ExamplesPath("constraints.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int gates = 0;
  for (const std::string& line : Lines(r.out)) {
    if (line.rfind("g1 ", 0) != 0) continue;
    ++gates;
    EXPECT_NE(line.find("◆"), std::string::npos) << line;
  }
  EXPECT_EQ(gates, 1);
  EXPECT_NE(r.out.find("▀"), std::string::npos);  // the group `audit`
}

TEST(GanttCli, RefusesJsonAndBadFiles) {
  EXPECT_EQ(Rollout({"schedule", ExamplesPath("fs-101.yaml"), "--gantt", "--json"}).exit_code, 2);
  EXPECT_EQ(Rollout({"gantt", "/nonexistent/plan.yaml"}).exit_code, 2);
}

TEST(GanttCli, DemoShowsTheChart) {
  auto r = Rollout({"demo"}, {"COLUMNS=120"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("◆"), std::string::npos);
  EXPECT_NE(r.out.find("11.01"), std::string::npos);
}

// a(3) -> b(2) -> d(1) and a -> c(2) -> d: two chains of 6 days; e floats.
constexpr const char* kDiamond = R"(plan: diamond
start: 2027-01-11
tasks:
  - {id: a, duration: 3}
  - {id: b, duration: 2, after: [a]}
  - {id: c, duration: 2, after: [a]}
  - {id: d, duration: 1, after: [b, c]}
  - {id: e, duration: 1}
)";

TEST(CriticalCli, PrintsEveryChainWithItsLength) {
  testing::ScopedTempDir tmp;
  auto r = Rollout({"critical", tmp.Write("d.yaml", kDiamond)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "a -> b -> d  (6 working days, 2027-01-11..2027-01-18)\n"
            "a -> c -> d  (6 working days, 2027-01-11..2027-01-18)\n");
}

TEST(CriticalCli, JsonAndLimit) {
  testing::ScopedTempDir tmp;
  const std::string path = tmp.Write("d.yaml", kDiamond);
  auto r = Rollout({"critical", path, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["total"], 2);
  ASSERT_EQ(j["chains"].size(), 2u);
  EXPECT_EQ(j["chains"][1]["tasks"], nlohmann::json({"a", "c", "d"}));
  EXPECT_EQ(j["chains"][1]["length"], 6);
  auto one = Rollout({"critical", path, "--limit", "1"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_NE(one.out.find("a -> b -> d"), std::string::npos);
  EXPECT_NE(one.out.find("and 1 more"), std::string::npos);
  EXPECT_EQ(one.out.find("a -> c -> d"), std::string::npos);
}

TEST(CriticalCli, NegativeFloatChainFollowsDrivingLinks) {
  auto r = Rollout({"critical", ExamplesPath("constraints.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "a1 -> a2 -> g1 -> p1 -> p2 -> p4  (17 working days, 2027-02-19..2027-03-17)\n");
}

}  // namespace
}  // namespace rollout
