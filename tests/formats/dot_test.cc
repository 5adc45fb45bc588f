// Graphviz out, rendered by Graphviz itself (`dot -Tsvg`): the export must
// render without a warning, with a cluster per group, labelled links and the
// critical path in red.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "tests/testing/run_binary.h"

namespace rollout {
namespace {

using testing::Rollout;
using testing::Run;
using testing::RunResult;
using testing::ScopedTempDir;

// a -> b is critical; c runs beside with float; d waits SS+1 on the group.
const char* const kPlan = R"(plan: dot-test
title: "Сеть \"проекта\" \\ <b>bold</b>"
start: 2027-03-01
tasks:
  - id: grp
    name: "Группа \"1\"\n<script>"
    tasks:
      - {id: a, name: "A \\\"quoted\\\" \u001b[31m", duration: 3}
      - {id: b, name: "B", duration: 2, after: [a]}
      - {id: c, name: "C", duration: 1, after: [{task: a, type: SS, lag: 1}]}
  - {id: d, name: "D", duration: 2, after: [{task: grp, type: FS, lag: 2}]}
  - {id: m, name: "M", duration: 0, after: [d]}
)";

RunResult Render(const std::string& dot_file) {
  RunResult which = Run({"/usr/bin/dot", "-V"});
  EXPECT_EQ(which.exit_code, 0)
      << "Graphviz is needed by this test and is missing: apt-get install graphviz";
  return Run({"/usr/bin/dot", "-Tsvg", dot_file});
}

TEST(DotExport, GraphvizRendersItWithTheCriticalPathInRed) {
  ScopedTempDir dir;
  RunResult r = Rollout({"export", "dot", dir.Write("p.yaml", kPlan)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& dot = r.out;
  EXPECT_NE(dot.find("subgraph \"cluster_grp\" {"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"a\" -> \"b\" [color=red, penwidth=2];"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"a\" -> \"c\" [label=\"SS+1\"];"), std::string::npos) << dot;
  EXPECT_NE(
      dot.find("\"b\" -> \"d\" [label=\"FS+2\", ltail=\"cluster_grp\", color=red, penwidth=2];"),
      std::string::npos)
      << dot;
  EXPECT_NE(dot.find("\"d\" -> \"m\" [color=red, penwidth=2];"), std::string::npos) << dot;
  EXPECT_TRUE(std::regex_search(dot, std::regex("\"b\" \\[label=[^\\]]*color=red")));
  EXPECT_FALSE(std::regex_search(dot, std::regex("\"c\" \\[label=[^\\]]*color=red")))
      << "c has float";
  EXPECT_NE(dot.find("\"m\" [label=\"M\\nm\\n2027-03-11\", shape=diamond"), std::string::npos)
      << dot;
  // Names stay inside their quotes.
  EXPECT_NE(dot.find("label=\"Группа \\\"1\\\"\\n<script>\";"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\\\\x1b[31m"), std::string::npos) << dot;
  EXPECT_EQ(dot.find('\x1b'), std::string::npos);
  const std::string file = dir.Write("p.dot", dot);
  RunResult svg = Render(file);
  EXPECT_EQ(svg.exit_code, 0) << svg.err;
  EXPECT_EQ(svg.err, "") << "Graphviz warned";
  EXPECT_NE(svg.out.find("<svg"), std::string::npos);
  EXPECT_NE(svg.out.find("stroke=\"red\""), std::string::npos);
  EXPECT_NE(svg.out.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(svg.out.find("<script>"), std::string::npos);
}

TEST(DotExport, BuiltInWorkflowRenders) {
  ScopedTempDir dir;
  const std::string out = dir.path() + "/dt.dot";
  RunResult r = Rollout(
      {"export", "dot", std::string(ROLLOUT_SOURCE_DIR) + "/workflows/distribution-transition.yaml",
       "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  RunResult svg = Render(out);
  EXPECT_EQ(svg.exit_code, 0) << svg.err;
  EXPECT_EQ(svg.err, "");
  EXPECT_NE(svg.out.find("stroke=\"red\""), std::string::npos);
}

TEST(DotExport, AnInvalidPlanWritesNothing) {
  ScopedTempDir dir;
  const std::string out = dir.path() + "/x.dot";
  RunResult r = Rollout(
      {"export", "dot",
       dir.Write("bad.yaml",
                 "plan: x\nstart: 2027-03-01\ntasks:\n  - {id: a, duration: 1, after: [zz]}\n"),
       "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown task 'zz'"), std::string::npos) << r.err;
  EXPECT_EQ(testing::ReadFile(out), "");
  RunResult w = Rollout(
      {"export", "dot", std::string(ROLLOUT_SOURCE_DIR) + "/workflows/distribution-transition.yaml",
       "--out", dir.path() + "/no/such/dir/x.dot"});
  EXPECT_EQ(w.exit_code, 1);
  EXPECT_NE(w.err.find("cannot write"), std::string::npos) << w.err;
}

}  // namespace
}  // namespace rollout
