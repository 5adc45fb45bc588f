// rollout export html (cli.md "The report", issue #16) in a real browser:
// the built binary writes the page, headless Debian Chromium opens it, and
// the tests read what Chromium made of it: the DOM after scripts ran
// (--dump-dom), a screenshot (PNG size) and the print to PDF (page size).
// Expected dates come from the binary's own JSON (`schedule --json`,
// `tasks --json`, `status --json`, `alerts --json`), never from the page.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/plan.h"
#include "tests/testing/http_receiver.h"
#include "tests/testing/run_binary.h"
#include "tests/testing/test_db.h"

namespace rollout {
namespace {

using testing::Rollout;
using testing::RunResult;
using testing::ScopedTempDir;

constexpr const char* kChromium = "/usr/bin/chromium";

// Headless Chromium on |url| with a fresh profile and nothing in the
// background; bounded by timeout(1). |offline| makes every host name fail
// to resolve.
RunResult Chromium(const std::vector<std::string>& extra, const std::string& path,
                   bool offline = false) {
  ScopedTempDir profile;
  std::vector<std::string> argv = {"/usr/bin/timeout",
                                   "120",
                                   kChromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--user-data-dir=" + profile.path()};
  if (offline) argv.push_back("--host-resolver-rules=MAP * ~NOTFOUND");
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back("file://" + path);
  return testing::Run(argv);
}

// The DOM after the page's scripts ran.
std::string DumpDom(const std::string& path, bool offline = false) {
  RunResult r = Chromium({"--dump-dom"}, path, offline);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("</html>"), std::string::npos) << r.err;
  return r.out;
}

std::string Unescape(std::string s) {
  static const std::vector<std::pair<std::string, std::string>> kEntities = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", "\xC2\xA0"},
      {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities)
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
      s.replace(at, from.size(), to);
  return s;
}

using Attrs = std::map<std::string, std::string>;

// The attributes of every start tag in |dom| (text has its '<' escaped, so
// each "<name" is an element).
std::vector<Attrs> AllElements(const std::string& dom);

// The attributes of every <|tag| ...> start tag in |dom| (quotes respected).
std::vector<Attrs> Elements(const std::string& dom, const std::string& tag) {
  std::vector<Attrs> out;
  const std::string open = "<" + tag;
  static const std::regex kAttr(R"re(([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"]*)")re");
  for (size_t at = dom.find(open); at != std::string::npos; at = dom.find(open, at + 1)) {
    const char next = dom[at + open.size()];
    if (next != ' ' && next != '>' && next != '/') continue;
    size_t end = at;
    bool quoted = false;
    while (++end < dom.size() && (quoted || dom[end] != '>'))
      if (dom[end] == '"') quoted = !quoted;
    const std::string text = dom.substr(at, end - at);
    Attrs attrs;
    for (std::sregex_iterator it(text.begin(), text.end(), kAttr), stop; it != stop; ++it)
      attrs[(*it)[1]] = Unescape((*it)[2]);
    out.push_back(std::move(attrs));
  }
  return out;
}

std::vector<Attrs> AllElements(const std::string& dom) {
  std::vector<Attrs> out;
  static const std::regex kName(R"re(<([A-Za-z][A-Za-z0-9]*))re");
  std::set<std::string> names;
  for (std::sregex_iterator it(dom.begin(), dom.end(), kName), stop; it != stop; ++it)
    names.insert((*it)[1]);
  for (const std::string& name : names)
    for (Attrs& a : Elements(dom, name)) out.push_back(std::move(a));
  return out;
}

Date DayOf(const std::string& iso) {
  Date d = 0;
  EXPECT_TRUE(ParseDate(iso, &d)) << iso;
  return d;
}

double Number(const Attrs& a, const std::string& key) {
  auto it = a.find(key);
  EXPECT_NE(it, a.end()) << key;
  return it == a.end() ? NAN : std::stod(it->second);
}

// The geometry of the Gantt chart, read from its <svg> element.
struct GanttAxis {
  Date first = 0;
  double ppd = 0, left = 0, row = 0;
  double X(Date d) const { return left + (d - first) * ppd; }
};

GanttAxis AxisOf(const std::string& dom) {
  GanttAxis axis;
  for (const Attrs& svg : Elements(dom, "svg")) {
    if (svg.count("data-axis-first") == 0) continue;
    axis.first = DayOf(svg.at("data-axis-first"));
    axis.ppd = Number(svg, "data-px-per-day");
    axis.left = Number(svg, "data-chart-left");
    axis.row = Number(svg, "data-row-height");
  }
  EXPECT_GT(axis.ppd, 0) << "no Gantt chart in the page";
  return axis;
}

// Bars of |kind| (forecast, baseline, milestone, gate, group, load) by task id.
std::multimap<std::string, Attrs> Bars(const std::string& dom, const std::string& kind) {
  // A bar's task is the data-task of the row group it sits in: walk the
  // DOM in order and remember the last <g data-task>.
  std::multimap<std::string, Attrs> out;
  static const std::regex kTag(R"re(<(g|rect|polygon)\s[^>]*>)re");
  std::string task;
  for (std::sregex_iterator it(dom.begin(), dom.end(), kTag), stop; it != stop; ++it) {
    const std::string text = (*it)[0];
    const std::vector<Attrs> parsed = Elements(text, (*it)[1]);
    if (parsed.empty()) continue;
    const Attrs& a = parsed[0];
    if ((*it)[1] == "g") {
      if (a.count("data-task")) task = a.at("data-task");
      continue;
    }
    auto k = a.find("data-kind");
    if (k != a.end() && k->second == kind) out.emplace(task, a);
  }
  return out;
}

nlohmann::json Json(const RunResult& r) {
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

// Nothing in the page may point outside it.
void ExpectSelfContained(const std::string& dom) {
  EXPECT_EQ(dom.find("http://"), std::string::npos);
  EXPECT_EQ(dom.find("https://"), std::string::npos);
  EXPECT_EQ(dom.find("//www."), std::string::npos);
  for (const char* tag : {"link", "img", "iframe", "object", "embed", "audio", "video", "source"})
    EXPECT_TRUE(Elements(dom, tag).empty()) << "a <" << tag << "> in the page";
  for (const Attrs& s : Elements(dom, "script")) EXPECT_EQ(s.count("src"), 0u) << "an external script";
  for (const char* tag : {"use", "a", "image"})
    for (const Attrs& a : Elements(dom, tag))
      if (a.count("href")) {
        EXPECT_EQ(a.at("href").rfind("#", 0), 0u) << a.at("href");
      }
}

// Every forecast bar sits where its dates say on the axis the chart
// declares, each row below the previous one.
void ExpectBarsMatch(const std::string& dom, const std::map<std::string, std::pair<std::string, std::string>>& dates) {
  const GanttAxis axis = AxisOf(dom);
  const auto bars = Bars(dom, "forecast");
  for (const auto& [id, span] : dates) {
    auto it = bars.find(id);
    ASSERT_NE(it, bars.end()) << "no bar for " << id;
    const Attrs& bar = it->second;
    EXPECT_EQ(bar.at("data-start"), span.first) << id;
    EXPECT_EQ(bar.at("data-finish"), span.second) << id;
    EXPECT_NEAR(Number(bar, "x"), axis.X(DayOf(span.first)), 0.06) << id;
    EXPECT_NEAR(Number(bar, "width"), (DayOf(span.second) - DayOf(span.first) + 1) * axis.ppd, 0.11)
        << id;
  }
  // Rows: one per task, in order, none overlapping.
  double previous = -1;
  int rows = 0;
  for (const Attrs& g : Elements(dom, "g")) {
    if (g.count("data-row") == 0 || g.count("data-y") == 0 || g.count("data-task") == 0) continue;
    const double y = Number(g, "data-y");
    if (previous >= 0) {
      EXPECT_GE(y - previous, axis.row - 0.01) << g.at("data-task") << " overlaps the row above";
    }
    previous = y;
    ++rows;
  }
  EXPECT_GT(rows, 0);
}

uint32_t BigEndian(const std::string& s, size_t at) {
  return (uint32_t{static_cast<unsigned char>(s[at])} << 24) |
         (uint32_t{static_cast<unsigned char>(s[at + 1])} << 16) |
         (uint32_t{static_cast<unsigned char>(s[at + 2])} << 8) | static_cast<unsigned char>(s[at + 3]);
}

// ---------------------------------------------------------------------------

class BuiltinReport : public ::testing::Test {
 protected:
  void SetUp() override {
    html_ = dir_.path() + "/report.html";
    RunResult r = Rollout({"export", "html", "builtin:distribution-transition", "--now",
                           "2027-02-15T10:00", "--out", html_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "");  // --out: nothing on stdout
  }
  ScopedTempDir dir_;
  std::string html_;
};

TEST_F(BuiltinReport, EveryTaskHasARowAndEveryBarSitsOnItsScheduledDates) {
  const nlohmann::json schedule =
      Json(Rollout({"schedule", "builtin:distribution-transition", "--json"}));
  const std::string dom = DumpDom(html_);
  ExpectSelfContained(dom);
  EXPECT_NE(dom.find("<html lang=\"en\" data-script=\"ran\""), std::string::npos)
      << "the page's own script did not run";
  std::set<std::string> rows;
  for (const Attrs& g : Elements(dom, "g"))
    if (g.count("data-row") && g.count("data-task")) rows.insert(g.at("data-task"));
  std::map<std::string, std::pair<std::string, std::string>> dates;
  int critical_nodes = 0;
  for (const auto& t : schedule["tasks"]) {
    const std::string id = t["id"];
    EXPECT_EQ(rows.count(id), 1u) << id << " has no row";
    if (t["group"].get<bool>()) continue;
    if (t["duration"].get<int>() > 0)
      dates[id] = {t["start"].get<std::string>(), t["finish"].get<std::string>()};
    if (t["critical"].get<bool>()) ++critical_nodes;
  }
  EXPECT_EQ(rows.size(), schedule["tasks"].size());
  ExpectBarsMatch(dom, dates);
  // Gates and milestones are diamonds at the end of their day.
  const GanttAxis axis = AxisOf(dom);
  const auto gates = Bars(dom, "gate");
  int gate_count = 0;
  for (const auto& t : schedule["tasks"]) {
    if (t["group"].get<bool>() || t["duration"].get<int>() != 0) continue;
    auto it = gates.find(t["id"].get<std::string>());
    if (it == gates.end()) continue;
    ++gate_count;
    EXPECT_EQ(it->second.at("data-finish"), t["finish"].get<std::string>());
    const std::string points = it->second.at("points");
    EXPECT_NEAR(std::stod(points), axis.X(DayOf(t["finish"])) + axis.ppd, 0.06) << t["id"];
  }
  EXPECT_EQ(gate_count, 8);  // the workflow's checkpoints
  // The network graph: one node per leaf task, the critical ones marked.
  int nodes = 0, marked = 0;
  for (const Attrs& g : Elements(dom, "g")) {
    if (g.count("data-layer") == 0) continue;
    ++nodes;
    if (g.at("class").find("critical") != std::string::npos) ++marked;
  }
  int leaves = 0;
  for (const auto& t : schedule["tasks"]) leaves += t["group"].get<bool>() ? 0 : 1;
  EXPECT_EQ(nodes, leaves);
  EXPECT_EQ(marked, critical_nodes);
  // The Russian names arrive as UTF-8 text.
  EXPECT_NE(dom.find("Переход на управляемую систему дистрибуции"), std::string::npos);
}

TEST_F(BuiltinReport, TheNetworkGraphPutsEveryLinkLeftToRightWithoutTwoNodesInOnePlace) {
  const std::string dom = DumpDom(html_);
  std::map<std::string, std::pair<int, double>> where;  // id -> (layer, box y)
  std::set<std::pair<double, double>> boxes;
  for (size_t at = dom.find("<g class=\"node"); at != std::string::npos;
       at = dom.find("<g class=\"node", at + 1)) {
    const Attrs node = Elements(dom.substr(at, dom.find('>', at) - at + 1), "g").at(0);
    const size_t box = dom.find("class=\"box\"", at);
    ASSERT_NE(box, std::string::npos);
    const size_t open = dom.rfind('<', box);
    const std::string tag = dom.substr(open, dom.find('>', box) - open + 1);
    double x = 0, y = 0;
    if (tag.rfind("<rect", 0) == 0) {
      const Attrs r = Elements(tag, "rect").at(0);
      x = Number(r, "x");
      y = Number(r, "y");
    } else {  // a gate's polygon starts at its top-left corner (+ the cut)
      const std::string points = Elements(tag, "polygon").at(0).at("points");
      x = std::stod(points);
      y = std::stod(points.substr(points.find(',') + 1));
    }
    const std::string id = node.at("data-task");
    where[id] = {std::stoi(node.at("data-layer")), y};
    EXPECT_TRUE(boxes.insert({std::round(x / 10), std::round(y)}).second) << id << " on another node";
  }
  ASSERT_GT(where.size(), 40u);
  int edges = 0;
  for (const Attrs& p : Elements(dom, "path")) {
    if (p.count("data-from") == 0 || p.at("class").rfind("edge", 0) != 0) continue;
    ++edges;
    ASSERT_EQ(where.count(p.at("data-from")), 1u);
    ASSERT_EQ(where.count(p.at("data-to")), 1u);
    EXPECT_LT(where[p.at("data-from")].first, where[p.at("data-to")].first)
        << p.at("data-from") << " -> " << p.at("data-to");
  }
  EXPECT_GT(edges, 40);
}

TEST_F(BuiltinReport, AScreenshotHasTheWindowSize) {
  const std::string png = dir_.path() + "/report.png";
  RunResult r = Chromium({"--screenshot=" + png, "--window-size=1280,900", "--hide-scrollbars"}, html_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string data = testing::ReadFile(png);
  ASSERT_GT(data.size(), 10000u);  // a page with charts, not a blank one
  ASSERT_EQ(data.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  ASSERT_EQ(data.substr(12, 4), "IHDR");
  EXPECT_EQ(BigEndian(data, 16), 1280u);
  EXPECT_EQ(BigEndian(data, 20), 900u);
}

TEST_F(BuiltinReport, PrintsToA3LandscapePages) {
  const std::string pdf = dir_.path() + "/report.pdf";
  RunResult r = Chromium({"--print-to-pdf=" + pdf, "--no-pdf-header-footer"}, html_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string data = testing::ReadFile(pdf);
  ASSERT_EQ(data.substr(0, 5), "%PDF-");
  static const std::regex kPage(R"re(/Type\s*/Page[^s])re");
  const auto pages = std::distance(std::sregex_iterator(data.begin(), data.end(), kPage),
                                   std::sregex_iterator());
  EXPECT_GE(pages, 2);  // the status and the charts do not fit one sheet
  static const std::regex kBox(R"re(/MediaBox\s*\[\s*([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s*\])re");
  int boxes = 0;
  for (std::sregex_iterator it(data.begin(), data.end(), kBox), stop; it != stop; ++it) {
    const double w = std::stod((*it)[3]) - std::stod((*it)[1]);
    const double h = std::stod((*it)[4]) - std::stod((*it)[2]);
    EXPECT_NEAR(w, 1190.55, 2) << "A3 landscape is 420 mm wide";
    EXPECT_NEAR(h, 841.89, 2) << "A3 landscape is 297 mm high";
    ++boxes;
  }
  EXPECT_GE(boxes, 1);
}

// ---------------------------------------------------------------------------

TEST(ReportBrowser, HostileNamesShowAsTextAndNothingFromThemRunsOrLoads) {
  testing::HttpReceiver receiver(0);
  const std::string origin = receiver.url().substr(0, receiver.url().rfind('/'));
  // Each payload would mark the page (data-pwned, the title) or fetch from
  // the receiver if the report let it through as markup.
  const std::string script = "<script>document.title='pwned';document.documentElement.setAttribute('data-pwned','1')</script>";
  const std::string img = "<img src=\\\"" + origin + "/img\\\" onerror=\\\"document.documentElement.setAttribute('data-pwned','2')\\\">";
  const std::string attr = "\\\" onmouseover=\\\"x\\\" data-pwned=\\\"3";
  const std::string svg = "</text></svg><svg onload=\\\"document.documentElement.setAttribute('data-pwned','4')\\\">";
  auto plan = [&](bool hostile) {
    auto name = [&](const std::string& payload) { return hostile ? payload : std::string("x"); };
    return "plan: hostile\n"
           "title: \"" + name("</title><script>document.documentElement.setAttribute('data-pwned','5')</script>") + "\"\n"
           "start: 2027-01-11\n"
           "roles: {lead: {name: Lead}}\n"
           "people:\n"
           "  - {id: boss, name: \"" + name(img) + "\", roles: [lead]}\n"
           "metrics: {m: {name: \"" + name(svg) + "\"}}\n"
           "tasks:\n"
           "  - id: grp\n"
           "    name: \"" + name(attr) + "\"\n"
           "    tasks:\n"
           "      - {id: a, name: \"" + name(script) + "\", duration: 3, assignee: boss}\n"
           "  - {id: b, name: \"" + name("<link rel=stylesheet href=" + origin + "/css>") +
           "\", duration: 2, after: [a]}\n"
           "  - {id: g, name: \"" + name(svg) + "\", after: [b], gate: {metrics: [{metric: m, min: 1}]}}\n";
  };
  ScopedTempDir dir;
  const std::string html = dir.path() + "/hostile.html", plain = dir.path() + "/plain.html";
  for (bool hostile : {true, false}) {
    const std::string path = dir.Write(hostile ? "hostile.yaml" : "plain.yaml", plan(hostile));
    RunResult r = Rollout({"export", "html", path, "--now", "2027-01-12", "--out", hostile ? html : plain});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // The page's own <svg> elements: as many as with harmless names.
  const size_t svgs = Elements(DumpDom(plain), "svg").size();
  ASSERT_GT(svgs, 3u);
  for (bool offline : {false, true}) {
    const std::string dom = DumpDom(html, offline);
    EXPECT_NE(dom.find("data-script=\"ran\""), std::string::npos) << "scripts did not run at all";
    // No element carries an attribute a payload would have set or smuggled in.
    for (const Attrs& a : AllElements(dom))
      for (const char* bad : {"data-pwned", "onmouseover", "onerror", "onload"})
        EXPECT_EQ(a.count(bad), 0u) << bad;
    EXPECT_EQ(dom.find("<title>pwned"), std::string::npos);
    EXPECT_TRUE(Elements(dom, "img").empty());
    EXPECT_TRUE(Elements(dom, "link").empty());
    EXPECT_EQ(Elements(dom, "script").size(), 1u) << "only the page's own script";
    EXPECT_EQ(Elements(dom, "svg").size(), svgs) << "a name opened an <svg>";
    // The names are there, as text.
    EXPECT_NE(dom.find("&lt;script&gt;document.title="), std::string::npos);
    EXPECT_NE(dom.find("&lt;img src="), std::string::npos);
    // The page rendered: every task has its row, offline too.
    std::set<std::string> rows;
    for (const Attrs& g : Elements(dom, "g"))
      if (g.count("data-row") && g.count("data-task")) rows.insert(g.at("data-task"));
    EXPECT_EQ(rows, (std::set<std::string>{"grp", "a", "b", "g"}));
  }
  EXPECT_TRUE(receiver.requests().empty()) << "the page fetched from " << origin;
}

// ---------------------------------------------------------------------------

// The built-in workflow in a database, mid-project: the audit half done,
// a KPI recorded, the engine's alerts raised.
class MidProjectReport : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    Ok("2027-01-11T09:00", {"load", "builtin:distribution-transition"});
    Ok("2027-01-11T10:00", {"start", "audit.sales"});
    Ok("2027-01-11T10:00", {"start", "audit.management"});
    Ok("2027-01-20T17:00", {"done", "audit.sales"});
    Ok("2027-01-21T17:00", {"done", "audit.management"});
    Ok("2027-01-22T10:00", {"start", "audit.policy"});
    Ok("2027-01-22T10:00", {"metric", "set", "audit_areas", "3"});
    Ok(kNow, {"engine", "--once"});
  }
  RunResult At(const std::string& now, std::vector<std::string> args) const {
    args.insert(args.begin(), {"--db", db_.location(), "--as", "sokolov", "--now", now});
    return Rollout(args);
  }
  void Ok(const std::string& now, std::vector<std::string> args) {
    RunResult r = At(now, args);
    ASSERT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
  }
  static constexpr const char* kNow = "2027-02-01T10:00";
  ScopedTempDir dir_;
  testing::TestDatabase db_{GetParam()};
};

TEST_P(MidProjectReport, ShowsTheForecastBesideTheBaselineTheSlipTheMissedDeadlineAndTheAlerts) {
  const std::string html = dir_.path() + "/status.html";
  RunResult r = At(kNow, {"export", "html", "--out", html});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json tasks = Json(At(kNow, {"tasks", "--json"}));
  const nlohmann::json status = Json(At(kNow, {"status", "--json"}));
  const nlohmann::json alerts = Json(At(kNow, {"alerts", "--json"}));
  const std::string dom = DumpDom(html);
  ExpectSelfContained(dom);
  // The header: the slip in working days, counts by state, late tasks.
  const int slip = status["slip_days"];
  ASSERT_GT(slip, 0);
  EXPECT_NE(dom.find("<b id=\"slip\">" + std::to_string(slip) + " working days late</b>"),
            std::string::npos);
  EXPECT_NE(dom.find("<span id=\"count-done\">" + std::to_string(status["done"].get<int>()) + "</span>"),
            std::string::npos);
  EXPECT_NE(dom.find("<span id=\"count-started\">" + std::to_string(status["started"].get<int>()) + "</span>"),
            std::string::npos);
  EXPECT_NE(dom.find("<span id=\"late-count\">" + std::to_string(status["late"].size()) + "</span>"),
            std::string::npos);
  EXPECT_NE(dom.find(status["forecast_finish"].get<std::string>()), std::string::npos);
  // Forecast bars on the forecast dates, baseline bars on the baseline's.
  std::map<std::string, std::pair<std::string, std::string>> forecast, baseline;
  for (const auto& t : tasks) {
    if (t["start"].is_null() || t["forecast_start"].is_null()) continue;
    const std::string id = t["id"];
    if (t["kind"] != "task") continue;  // gates and milestones are diamonds
    forecast[id] = {t["forecast_start"], t["forecast_finish"]};
    baseline[id] = {t["start"], t["finish"]};
  }
  ASSERT_GE(forecast.size(), 30u);  // the workflow's tasks with a duration
  ExpectBarsMatch(dom, forecast);
  const GanttAxis axis = AxisOf(dom);
  const auto bars = Bars(dom, "baseline");
  for (const auto& [id, span] : baseline) {
    auto it = bars.find(id);
    ASSERT_NE(it, bars.end()) << "no baseline bar for " << id;
    EXPECT_EQ(it->second.at("data-start"), span.first) << id;
    EXPECT_EQ(it->second.at("data-finish"), span.second) << id;
    EXPECT_NEAR(Number(it->second, "x"), axis.X(DayOf(span.first)), 0.06) << id;
  }
  // A late task's forecast is right of its baseline.
  const std::string late = status["late"][0];
  EXPECT_GT(Number(Bars(dom, "forecast").find(late)->second, "x") +
                Number(Bars(dom, "forecast").find(late)->second, "width"),
            Number(bars.find(late)->second, "x") + Number(bars.find(late)->second, "width"));
  // Today's line at the status date.
  EXPECT_NE(dom.find("<g class=\"today\" data-date=\"2027-02-01\">"), std::string::npos);
  // The missed deadline: gate.change_plan (deadline 2027-03-12) now forecast later.
  std::string change_finish;
  for (const auto& t : tasks)
    if (t["id"] == "gate.change_plan") change_finish = t["forecast_finish"];
  ASSERT_GT(change_finish, std::string("2027-03-12"));
  EXPECT_NE(dom.find("<span id=\"missed-count\">1</span>"), std::string::npos);
  EXPECT_NE(dom.find("<table class=\"deadlines\">"), std::string::npos);
  const size_t table = dom.find("<table class=\"deadlines\">");
  EXPECT_NE(dom.find("<tr data-task=\"gate.change_plan\">", table), std::string::npos);
  // The next gate's KPI with its recorded value.
  EXPECT_NE(dom.find("Оценено направлений аудита ≥ 5: current 3 (not met)"), std::string::npos);
  // Every open alert, with its words.
  ASSERT_GE(alerts.size(), 2u);
  int alert_rows = 0;
  for (const Attrs& tr : Elements(dom, "tr"))
    if (tr.count("class") && tr.at("class") == "alert") ++alert_rows;
  EXPECT_EQ(alert_rows, static_cast<int>(alerts.size()));
  for (const auto& a : alerts) EXPECT_NE(dom.find(a["kind"].get<std::string>()), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, MidProjectReport, testing::AllBackends(), testing::BackendName);

TEST(ReportBrowser, ALevelledPlanShowsEachPersonsTasksAndNoOneOnTwoAtOnce) {
  ScopedTempDir dir;
  const std::string html = dir.path() + "/levelled.html";
  RunResult r = Rollout({"export", "html", "builtin:distribution-transition", "--level", "--now",
                         "2027-01-11", "--out", html});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json schedule =
      Json(Rollout({"schedule", "builtin:distribution-transition", "--level", "--json"}));
  const std::string dom = DumpDom(html);
  ExpectSelfContained(dom);
  ASSERT_NE(dom.find("<section class=\"load\" id=\"load\">"), std::string::npos);
  std::map<std::string, std::pair<std::string, std::string>> dates;
  std::map<std::string, size_t> people;  // task -> people levelling chose
  for (const auto& t : schedule["tasks"]) {
    if (t["group"].get<bool>() || t["duration"].get<int>() == 0) continue;
    dates[t["id"]] = {t["start"], t["finish"]};
    people[t["id"]] = t.contains("assigned") ? t["assigned"].size() : 0;
  }
  ExpectBarsMatch(dom, dates);  // the Gantt shows the levelled dates
  // The load chart: a bar per (person, task) on the levelled dates, and
  // within one person's row no two bars overlap.
  const size_t section = dom.find("<section class=\"load\"");
  const std::string load = dom.substr(section, dom.find("</section>", section) - section);
  std::map<std::string, size_t> bars_per_task;
  static const std::regex kPerson(R"re(<g class="person" data-row="(\d+)">)re");
  std::vector<size_t> starts;
  for (std::sregex_iterator it(load.begin(), load.end(), kPerson), stop; it != stop; ++it)
    starts.push_back(static_cast<size_t>(it->position()));
  ASSERT_GE(starts.size(), 5u);
  starts.push_back(load.size());
  for (size_t p = 0; p + 1 < starts.size(); ++p) {
    const std::string row = load.substr(starts[p], starts[p + 1] - starts[p]);
    std::vector<std::pair<Date, Date>> spans;
    for (const auto& [id, bar] : Bars(row, "load")) {
      ASSERT_EQ(dates.count(id), 1u) << id;
      EXPECT_EQ(bar.at("data-start"), dates[id].first);
      EXPECT_EQ(bar.at("data-finish"), dates[id].second);
      spans.emplace_back(DayOf(bar.at("data-start")), DayOf(bar.at("data-finish")));
      ++bars_per_task[id];
    }
    std::sort(spans.begin(), spans.end());
    for (size_t k = 1; k < spans.size(); ++k)
      EXPECT_GT(spans[k].first, spans[k - 1].second) << "person row " << p << " double-booked";
  }
  for (const auto& [id, n] : people) EXPECT_EQ(bars_per_task[id], n) << id;
}

// ---------------------------------------------------------------------------

TEST(ReportCli, BadInputWritesNothingAndSaysWhy) {
  ScopedTempDir dir;
  const std::string out = dir.path() + "/r.html";
  RunResult missing = Rollout({"export", "html", dir.path() + "/nope.yaml", "--out", out});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("nope.yaml"), std::string::npos) << missing.err;
  const std::string bad = dir.Write("bad.yaml", "plan: x\nstart: 2027-01-11\ntasks:\n  - {id: a, duration: -1}\n");
  RunResult invalid = Rollout({"export", "html", bad, "--out", out});
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_NE(invalid.err.find("bad.yaml:4:"), std::string::npos) << invalid.err;
  RunResult level = Rollout({"--db", dir.path() + "/none.db", "export", "html", "--level", "--out", out});
  EXPECT_EQ(level.exit_code, 2);
  EXPECT_NE(level.err.find("--level"), std::string::npos) << level.err;
  RunResult nodir = Rollout({"export", "html", "builtin:distribution-transition", "--out",
                             dir.path() + "/no/such/dir/r.html"});
  EXPECT_EQ(nodir.exit_code, 1);
  EXPECT_NE(nodir.err.find("cannot write"), std::string::npos) << nodir.err;
  RunResult nodb = Rollout({"--db", dir.path() + "/none.db", "export", "html", "--out", out});
  EXPECT_NE(nodb.exit_code, 0);
  EXPECT_FALSE(std::ifstream(out).good()) << "a failed export wrote " << out;
  EXPECT_FALSE(std::ifstream(out + ".tmp").good());
}

TEST(ReportCli, WithoutOutThePageGoesToStdout) {
  RunResult r = Rollout({"export", "html", "builtin:distribution-transition", "--now", "2027-01-11"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(r.out.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_EQ(r.out.substr(r.out.size() - 8), "</html>\n");
}

TEST(ReportCli, APlanFilesStatusDateIsNowOrRolloutNow) {
  const RunResult flag =
      Rollout({"export", "html", "builtin:distribution-transition", "--now", "2027-02-15T10:00"});
  const RunResult env = Rollout({"export", "html", "builtin:distribution-transition"},
                                {"ROLLOUT_NOW=2027-02-15T10:00"});
  const RunResult other =
      Rollout({"export", "html", "builtin:distribution-transition", "--now", "2027-03-15"});
  ASSERT_EQ(flag.exit_code, 0) << flag.err;
  ASSERT_EQ(env.exit_code, 0) << env.err;
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(env.out, flag.out) << "$ROLLOUT_NOW is --now's default";
  EXPECT_NE(other.out, flag.out) << "the status date is on the page";
  const RunResult bad = Rollout({"export", "html", "builtin:distribution-transition"},
                                {"ROLLOUT_NOW=someday"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(bad.out.empty());
  EXPECT_NE(bad.err.find("--now 'someday' is not a date"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace rollout
