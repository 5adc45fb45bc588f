// formats/report in process: escaping, the network layout, and the page's
// structure for values built here (the browser tests are in
// tests/cli/report_browser_test.cc).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "formats/report/network_layout.h"
#include "formats/report/report_html.h"

namespace rollout {
namespace {

using report::LayOutNetwork;
using report::NetworkLayout;
using report::ReportData;
using report::ReportLink;
using report::ReportTask;

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ReportEscape, MarkupQuotesAndControlCharactersBecomeText) {
  EXPECT_EQ(report::Escape("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(report::Escape("a\" onload=\"b & c"), "a&quot; onload=&quot;b &amp; c");
  EXPECT_EQ(report::Escape("tab\tnew\nbell\x07" "del\x7f"), "tab\tnew\nbell\uFFFDdel\uFFFD");
  EXPECT_EQ(report::Escape("Аудит «продаж»"), "Аудит «продаж»");
}

TEST(ReportLayout, EveryEdgeRunsRightAndNoTwoNodesShareAPlace) {
  // 0 -> 1 -> 2 -> 3, 0 -> 3 (spans three columns), 4 -> 2.
  const std::vector<std::pair<int, int>> edges = {{0, 1}, {1, 2}, {2, 3}, {0, 3}, {4, 2}};
  const NetworkLayout layout = LayOutNetwork(5, edges);
  EXPECT_EQ(layout.layers, 4);
  EXPECT_EQ(layout.nodes[0].layer, 0);
  EXPECT_EQ(layout.nodes[3].layer, 3);
  EXPECT_EQ(layout.nodes[4].layer, 1);  // the longest chain before 2 is 0 -> 1
  std::set<std::pair<int, int>> places;
  for (const auto& n : layout.nodes) EXPECT_TRUE(places.insert({n.layer, n.slot}).second);
  for (size_t e = 0; e < edges.size(); ++e) {
    const auto& pts = layout.edges[e];
    ASSERT_GE(pts.size(), 2u);
    EXPECT_EQ(static_cast<int>(pts.size()), layout.nodes[edges[e].second].layer - layout.nodes[edges[e].first].layer + 1);
    for (size_t k = 1; k < pts.size(); ++k) EXPECT_EQ(pts[k].layer, pts[k - 1].layer + 1);
    // The edge's dummy points take places of their own, off the nodes.
    for (size_t k = 1; k + 1 < pts.size(); ++k) EXPECT_TRUE(places.insert({pts[k].layer, pts[k].slot}).second);
  }
}

ReportData Small() {
  ReportData d;
  d.plan_id = "p";
  d.title = "План <b>";
  d.status_text = "2027-01-11";
  d.today = 20829;  // 2027-01-11, a Monday
  d.calendar_first = d.today - 7;
  d.non_working.assign(60, 0);
  for (int i = 0; i < 60; ++i)
    if ((i + 0) % 7 >= 5) d.non_working[i] = 1;  // d.today - 7 is a Monday too
  auto task = [&](const std::string& id, int start, int days) {
    ReportTask t;
    t.id = id;
    t.name = "Задача " + id;
    t.start = d.today + start;
    t.finish = d.today + start + days - 1;
    t.duration = days;
    t.state = "planned";
    d.tasks.push_back(t);
  };
  task("a", 0, 3);
  task("b", 3, 2);
  task("c", 7, 1);
  d.links = {ReportLink{0, 1}, ReportLink{1, 2}, ReportLink{0, 2}};
  d.plan_links = d.links;
  d.forecast_finish = d.tasks.back().finish;
  return d;
}

TEST(ReportHtml, OnePageWithItsOwnScriptOnlyAndNothingToFetch) {
  const std::string page = RenderReportHtml(Small());
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">", 0), 0u);
  EXPECT_EQ(Count(page, "<script"), 1u);
  EXPECT_EQ(Count(page, "http:"), 0u);
  EXPECT_EQ(Count(page, "https:"), 0u);
  EXPECT_EQ(Count(page, "<b>"), 0u);  // the title's markup is text
  EXPECT_EQ(Count(page, "План &lt;b&gt;"), 2u);  // in <title> and <h1>
  EXPECT_NE(page.find("@page{size:A3 landscape"), std::string::npos);
}

TEST(ReportHtml, TheGraphDrawsOnlyTheLinksNoChainImplies) {
  // a -> b -> c makes a -> c implied: two arrows in the graph, three in the Gantt.
  const std::string page = RenderReportHtml(Small());
  EXPECT_EQ(Count(page, "<path class=\"edge"), 2u);
  EXPECT_EQ(Count(page, "<path class=\"link"), 3u);
  EXPECT_EQ(Count(page, "data-from=\"a\" data-to=\"c\""), 1u);  // the Gantt's only
}

TEST(ReportHtml, ALongPlanGetsAMonthAxis) {
  ReportData d = Small();
  EXPECT_NE(RenderReportHtml(d).find("class=\"axis-week\""), std::string::npos);
  d.tasks.back().finish = d.today + 400;
  const std::string page = RenderReportHtml(d);
  EXPECT_EQ(page.find("class=\"axis-week\""), std::string::npos);
  EXPECT_NE(page.find("class=\"axis-year\""), std::string::npos);
}

}  // namespace
}  // namespace rollout
