// Terminal injection through the real binary: ESC/OSC/BEL sequences, CR/LF,
// bidi overrides in names, notes, the title, person names (and ids where the
// reader takes them) never reach the terminal raw. Text output shows them as
// \xNN / \u{NNNN} (workflows/text_width.h VisibleText); --json keeps the exact
// strings, escaped by JSON.
#include <gtest/gtest.h>

#include "tests/testing/test_db.h"

#include <filesystem>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testing/engine_fixture.h"
#include "tests/testing/run_binary.h"
#include "workflows/text_width.h"

namespace rollout::testing {
namespace {

// The hostile texts, as the plan's YAML escapes write them.
const std::string kAuditName = "Аудит \x1b]0;pwned\x07";
const std::string kGateName = "Gate \x1b[2J";
const std::string kForgeName = "b\r\nFAKE LOG LINE";
const std::string kRloName = "\u202E" "evil";
const std::string kTitle = "Plan \x1b]0;pwned\x07 \u202E" "right";
const std::string kNote = "n \x1b[2J\r\nFAKE LOG LINE \u202E";

// Their visible forms.
const std::string kAuditShown = "Аудит \\x1b]0;pwned\\x07";
const std::string kGateShown = "Gate \\x1b[2J";
const std::string kForgeShown = "b\\x0d\\x0aFAKE LOG LINE";
const std::string kRloShown = "\\u{202e}evil";
const std::string kTitleShown = "Plan \\x1b]0;pwned\\x07 \\u{202e}right";
const std::string kNoteShown = "n \\x1b[2J\\x0d\\x0aFAKE LOG LINE \\u{202e}";

// kEnginePlan with hostile names (tests/testing/engine_fixture.h): at
// 2027-01-14T12:00 a is overdue, b due soon and at risk, the project slips.
const char* const kHostilePlan = R"(plan: evil
title: "Plan \x1b]0;pwned\x07 \u202Eright"
start: 2027-01-11
timezone: UTC
roles: {lead: {name: Lead}, manager: {name: Manager}}
people:
  - {id: boss, name: "Boss \x1b[2J", roles: [lead]}
  - {id: ann, name: "Анна\r\nFAKE LOG LINE", roles: [manager]}
  - {id: bob, name: "\u202Ebob", roles: [manager]}
metrics: {kpi: {name: "KPI \x1b]0;pwned\x07"}}
tasks:
  - {id: a, name: "Аудит \x1b]0;pwned\x07", duration: 2, assignee: ann}
  - {id: g, name: "Gate \x1b[2J", after: [a], gate: {approve: [boss], metrics: [{metric: kpi, min: 5}]}}
  - {id: b, name: "b\r\nFAKE LOG LINE", duration: 3, after: [g], needs: {manager: 1}, deadline: 2027-01-15}
  - {id: c, name: "\u202Eevil", duration: 1, after: [b], assignee: bob}
)";

// |s| with control bytes as <NN>, for failure messages that must not
// garble the terminal of whoever runs the tests.
std::string Printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\n') || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "<%02x>", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// No ESC, BEL, CR, other C0 but LF, DEL, C1 or bidi override in |text|, and
// no line that starts with the forged text.
void ExpectSafe(const std::string& text, const std::string& what) {
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) {
      ADD_FAILURE() << what << ": control byte " << static_cast<int>(c) << " at " << i << " in\n"
                    << Printable(text);
      return;
    }
  }
  EXPECT_FALSE(Has(text, "\u202E")) << what << ": U+202E in\n" << text;
  EXPECT_FALSE(Has(text, "\u0085")) << what << ": U+0085 in\n" << text;
  for (const std::string& line : Lines(text))
    EXPECT_NE(line.rfind("FAKE LOG LINE", 0), 0u) << what << ": a forged line in\n" << text;
}

// JSON output keeps the strings verbatim, escaped by JSON: no raw control
// byte (bidi overrides stay as they are, valid JSON text).
void ExpectJsonEscaped(const std::string& text, const std::string& what) {
  for (unsigned char c : text)
    if (c < 0x20 && c != '\n') {
      ADD_FAILURE() << what << ": raw control byte " << static_cast<int>(c) << " in\n"
                    << Printable(text);
      return;
    }
}

void ExpectSafe(const RunResult& r, const std::string& what) {
  ExpectSafe(r.out, what + " (stdout)");
  ExpectSafe(r.err, what + " (stderr)");
}

// Display column where |needle| starts in |line|, or -1.
int ColumnOf(const std::string& line, const std::string& needle) {
  const size_t at = line.find(needle);
  return at == std::string::npos ? -1 : DisplayWidth(line.substr(0, at));
}

constexpr const char* kLate = "2027-01-14T12:00";

class TerminalInjectionDb : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(TerminalInjectionDb, TasksTableShowsControlsAndKeepsColumns) {
  EngineFixture f(GetParam(), kHostilePlan);
  RunResult r = f.As("boss", kLate, {"tasks"});
  ASSERT_EQ(r.exit_code, 0) << Printable(r.err);
  ExpectSafe(r, "tasks");
  EXPECT_TRUE(Has(r.out, kAuditShown)) << r.out;
  EXPECT_TRUE(Has(r.out, kGateShown)) << r.out;
  EXPECT_TRUE(Has(r.out, kForgeShown)) << r.out;
  EXPECT_TRUE(Has(r.out, kRloShown)) << r.out;
  // Every row's START column lines up under the header's.
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_GE(lines.size(), 5u);
  const int start = ColumnOf(lines[0], "START");
  ASSERT_GT(start, 0);
  for (size_t i = 1; i + 1 < lines.size(); ++i)
    EXPECT_EQ(ColumnOf(lines[i], "2027-"), start) << r.out;
}

TEST_P(TerminalInjectionDb, TasksJsonKeepsTheExactStrings) {
  EngineFixture f(GetParam(), kHostilePlan);
  RunResult r = f.As("boss", kLate, {"tasks", "--json"});
  ASSERT_EQ(r.exit_code, 0) << Printable(r.err);
  ExpectJsonEscaped(r.out, "tasks --json");  // ESC as \u001b
  EXPECT_TRUE(Has(r.out, "\\u001b")) << Printable(r.out);
  std::map<std::string, std::string> names;
  for (const auto& t : nlohmann::json::parse(r.out))
    names[t["id"].get<std::string>()] = t["name"].get<std::string>();
  EXPECT_EQ(names["a"], kAuditName);
  EXPECT_EQ(names["g"], kGateName);
  EXPECT_EQ(names["b"], kForgeName);
  EXPECT_EQ(names["c"], kRloName);
}

TEST_P(TerminalInjectionDb, ProgressMessagesLogAndNotes) {
  EngineFixture f(GetParam(), kHostilePlan);
  RunResult start = f.As("ann", "2027-01-11T10:00", {"start", "a", "--note", kNote});
  ASSERT_EQ(start.exit_code, 0) << Printable(start.err);
  ExpectSafe(start, "start");
  EXPECT_EQ(start.out, "started 'a' (" + kAuditShown + ") on 2027-01-11\n");
  RunResult done = f.As("ann", "2027-01-12T10:00", {"done", "a", "--note", kNote});
  ASSERT_EQ(done.exit_code, 0) << Printable(done.err);
  ExpectSafe(done, "done");
  EXPECT_EQ(done.out, "done 'a' (" + kAuditShown + ") on 2027-01-12\n");
  RunResult again = f.As("ann", "2027-01-12T10:00", {"done", "a"});
  ExpectSafe(again, "done again");
  EXPECT_TRUE(Has(again.out, kAuditShown)) << again.out;
  RunResult metric = f.As("boss", "2027-01-12T11:00", {"metric", "set", "kpi", "5"});
  ASSERT_EQ(metric.exit_code, 0) << Printable(metric.err);
  ExpectSafe(metric, "metric");
  RunResult gate = f.As("boss", "2027-01-12T11:00", {"gate", "approve", "g", "--note", kNote});
  ASSERT_EQ(gate.exit_code, 0) << Printable(gate.err);
  ExpectSafe(gate, "gate");
  RunResult reopen = f.As("boss", "2027-01-12T12:00", {"reopen", "c", "--note", kNote});
  ExpectSafe(reopen, "reopen");
  EXPECT_TRUE(Has(reopen.out, kRloShown)) << reopen.out;

  RunResult log = f.As("boss", "2027-01-12T12:00", {"log"});
  ASSERT_EQ(log.exit_code, 0) << Printable(log.err);
  ExpectSafe(log, "log");
  EXPECT_TRUE(Has(log.out, kNoteShown)) << log.out;
  RunResult json = f.As("boss", "2027-01-12T12:00", {"log", "--json"});
  ASSERT_EQ(json.exit_code, 0);
  ExpectJsonEscaped(json.out, "--json");
  int notes = 0;
  for (const auto& e : nlohmann::json::parse(json.out))
    if (e["note"] == kNote) ++notes;
  EXPECT_EQ(notes, 3) << json.out;
}

TEST_P(TerminalInjectionDb, StatusAndProjects) {
  EngineFixture f(GetParam(), kHostilePlan);
  RunResult status = f.As("boss", kLate, {"status"});
  ASSERT_EQ(status.exit_code, 0) << Printable(status.err);
  ExpectSafe(status, "status");
  EXPECT_EQ(Lines(status.out).at(0), "evil: " + kTitleShown);
  EXPECT_TRUE(Has(status.out, kAuditShown)) << status.out;  // a is late
  EXPECT_TRUE(Has(status.out, kGateShown)) << status.out;   // the next gate
  RunResult sj = f.As("boss", kLate, {"status", "--json"});
  ASSERT_EQ(sj.exit_code, 0);
  ExpectJsonEscaped(sj.out, "status --json");
  EXPECT_EQ(nlohmann::json::parse(sj.out)["plan"], "evil");

  RunResult projects = f.As("boss", kLate, {"projects"});
  ASSERT_EQ(projects.exit_code, 0) << Printable(projects.err);
  ExpectSafe(projects, "projects");
  EXPECT_TRUE(Has(projects.out, kTitleShown)) << projects.out;
  RunResult pj = f.As("boss", kLate, {"projects", "--json"});
  ASSERT_EQ(pj.exit_code, 0);
  ExpectJsonEscaped(pj.out, "projects --json");
  EXPECT_EQ(nlohmann::json::parse(pj.out).at(0)["title"], kTitle);

  RunResult schedule = f.As("boss", kLate, {"schedule"});  // the forecast from the database
  ASSERT_EQ(schedule.exit_code, 0) << Printable(schedule.err);
  ExpectSafe(schedule, "schedule (database)");
  EXPECT_TRUE(Has(schedule.out, kForgeShown)) << schedule.out;
}

TEST_P(TerminalInjectionDb, PlanFileViews) {
  EngineFixture f(GetParam(), kHostilePlan);
  const std::string plan = f.Write("evil.yaml", kHostilePlan);
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"schedule", plan},
                                             {"schedule", plan, "--level"},
                                             {"schedule", plan, "--by-person"},
                                             {"gantt", plan, "--width", "120"},
                                             {"critical", plan},
                                             {"load-chart", plan},
                                             {"plan", "check", plan}}) {
    RunResult r = Rollout(args);
    const std::string what = args[0] + " " + args.back();
    ASSERT_EQ(r.exit_code, 0) << what << "\n" << Printable(r.err);
    ExpectSafe(r, what);
  }
  RunResult table = Rollout({"schedule", plan});
  EXPECT_TRUE(Has(table.out, kAuditShown)) << table.out;
  EXPECT_TRUE(Has(table.out, kRloShown)) << table.out;
  const std::vector<std::string> lines = Lines(table.out);
  const int start = ColumnOf(lines.at(0), "START");
  for (size_t i = 1; i + 1 < lines.size(); ++i)
    EXPECT_EQ(ColumnOf(lines[i], "2027-"), start) << table.out;
  RunResult gantt = Rollout({"gantt", plan, "--width", "120"});
  EXPECT_TRUE(Has(gantt.out, "a " + kAuditShown)) << gantt.out;
  for (const std::string& line : Lines(gantt.out)) EXPECT_LE(DisplayWidth(line), 120) << line;

  RunResult json = Rollout({"schedule", plan, "--json"});
  ASSERT_EQ(json.exit_code, 0);
  ExpectJsonEscaped(json.out, "--json");
  std::map<std::string, std::string> names;
  const nlohmann::json schedule = nlohmann::json::parse(json.out);
  for (const auto& t : schedule["tasks"])
    names[t["id"].get<std::string>()] = t.value("name", std::string());
  EXPECT_EQ(names["a"], kAuditName);
  EXPECT_EQ(names["b"], kForgeName);
  EXPECT_EQ(names["c"], kRloName);
}

TEST_P(TerminalInjectionDb, EnginePlainLogAndAlerts) {
  EngineFixture f(GetParam(), kHostilePlan);
  RunResult once = f.Once(kLate);
  ASSERT_EQ(once.exit_code, 0) << Printable(once.err);
  ExpectSafe(once, "engine --once");
  EXPECT_TRUE(Has(once.out, kForgeShown)) << once.out;
  // One line per alert: each starts with its time (or is the engine's own).
  for (const std::string& line : Lines(once.out))
    EXPECT_TRUE(line.rfind("2027-", 0) == 0 || line.rfind("engine: ", 0) == 0) << line;

  RunResult alerts = f.As("boss", kLate, {"alerts"});
  ASSERT_EQ(alerts.exit_code, 0) << Printable(alerts.err);
  ExpectSafe(alerts, "alerts");
  EXPECT_TRUE(Has(alerts.out, kForgeShown)) << alerts.out;
  EXPECT_TRUE(Has(alerts.out, kAuditShown)) << alerts.out;

  RunResult aj = f.As("boss", kLate, {"alerts", "--json"});
  ExpectJsonEscaped(aj.out, "alerts --json");
  int forged = 0;
  for (const auto& a : f.Alerts())
    if (Has(a["message"].get<std::string>(), "(" + kForgeName + ")")) ++forged;
  EXPECT_GE(forged, 1);
}

TEST_P(TerminalInjectionDb, EngineJsonLogStaysJson) {
  EngineFixture f(GetParam(), kHostilePlan);
  RunResult once = f.Once(kLate, {"--log-json"});
  ASSERT_EQ(once.exit_code, 0) << Printable(once.err);
  ExpectJsonEscaped(once.out, "engine --log-json");
  EXPECT_TRUE(Has(once.out, "\\r\\nFAKE LOG LINE")) << once.out;
  int forged = 0;
  for (const std::string& line : Lines(once.out)) {
    const nlohmann::json j = nlohmann::json::parse(line);  // every line is JSON
    if (j.contains("message") && j["message"].is_string() &&
        Has(j["message"].get<std::string>(), kForgeName))
      ++forged;
  }
  EXPECT_GE(forged, 1) << once.out;
}

TEST_P(TerminalInjectionDb, ErrorMessagesQuotingUserText) {
  EngineFixture f(GetParam(), kHostilePlan);
  const std::string osc = "x\x1b]0;pwned\x07";
  const std::string osc_shown = "x\\x1b]0;pwned\\x07";
  struct Case {
    std::vector<std::string> args;
    std::string person = "boss";
  };
  const std::vector<Case> cases = {
      {{"start", osc}},
      {{"done", osc}},
      {{"reopen", "a\r\nFAKE LOG LINE"}},
      {{"gate", "approve", osc}},
      {{"gate", "reject", osc}},
      {{"metric", "set", osc, "5"}},
      {{"metric", "set", "kpi", osc}},
      {{"ack", osc}},
      {{"start", "a"}, osc},
      {{osc}},
      {{"--project", osc, "tasks"}},
  };
  for (const Case& c : cases) {
    RunResult r = f.As(c.person, kLate, c.args);
    const std::string what = Printable(c.args[0] + " " + c.args.back() + " as " + c.person);
    EXPECT_NE(r.exit_code, 0) << what;
    ExpectSafe(r, what);
  }
  EXPECT_TRUE(Has(f.As("boss", kLate, {"start", osc}).err, "'" + osc_shown + "'"));
  EXPECT_TRUE(Has(f.As(osc, kLate, {"start", "a"}).err, osc_shown));
  RunResult now = Rollout({"--db", f.db(), "--now", osc, "--as", "boss", "tasks"});
  ExpectSafe(now, "--now");
  EXPECT_TRUE(Has(now.err, osc_shown)) << now.err;
}

TEST(TerminalInjection, PlanCheckEchoesTheSourceLineVisibly) {
  ScopedTempDir dir;
  // Raw ESC and BEL bytes in a name on the line of the error.
  const std::string yaml = dir.Write(
      "raw.yaml",
      "plan: p\nstart: 2027-01-11\ntimezone: UTC\ntasks:\n"
      "  - {id: a, name: \"x\x1b]0;pwned\x07 \xd0\x90\", duration: -3}\n");
  RunResult r = Rollout({"plan", "check", yaml});
  EXPECT_EQ(r.exit_code, 2);
  ExpectSafe(r, "plan check raw.yaml");
  const std::vector<std::string> err = Lines(r.err);
  const std::string shown = "      - {id: a, name: \"x\\x1b]0;pwned\\x07 А\", duration: -3}";
  size_t echo = 0;
  while (echo < err.size() && err[echo] != shown) ++echo;
  ASSERT_LT(echo + 1, err.size()) << r.err;
  // The caret stands under the character the error is at.
  const std::string& caret = err[echo + 1];
  ASSERT_FALSE(caret.empty());
  EXPECT_EQ(caret.back(), '^');
  const int at = DisplayWidth(caret) - 1;
  EXPECT_EQ(caret.find_first_not_of(' '), caret.size() - 1) << caret;
  EXPECT_TRUE(at == ColumnOf(shown, "-3") || at == ColumnOf(shown, "x\\x1b")) << r.err;

  // JSON forbids raw control characters in strings: the error is at one.
  const std::string json = dir.Write(
      "raw.json",
      "{\"plan\": \"p\", \"start\": \"2027-01-11\",\n"
      " \"tasks\": [{\"id\": \"a\", \"name\": \"\xd0\x90\x1b[2J\r\nFAKE LOG LINE\"}]}\n");
  RunResult rj = Rollout({"plan", "check", json});
  EXPECT_EQ(rj.exit_code, 2);
  ExpectSafe(rj, "plan check raw.json");
  EXPECT_TRUE(Has(rj.err, "\\x1b[2J")) << rj.err;
}

// Ids may hold letters, digits, '.', '_' and '-' only (docs/plan-format.md):
// hostile ids are refused by plan check and load, and the refusal itself
// shows them visibly.
TEST(TerminalInjection, HostileIdsAreRefusedAndTheRefusalIsSafe) {
  const std::string plan = std::string(R"(plan: evil
start: 2027-01-11
timezone: UTC
roles: {lead: {name: Lead}}
people:
  - {id: boss, roles: [lead]}
  - {id: "p\x1b]0;pwned\x07", roles: [lead]}
tasks:
  - {id: "x\x1b[2J", duration: 2, assignee: "p\x1b]0;pwned\x07"}
  - {id: "y\r\nFAKE LOG LINE", duration: 3, after: ["x\x1b[2J"], assignee: boss, deadline: 2027-01-12}
)");
  ScopedTempDir dir;
  const std::string file = dir.Write("ids.yaml", plan);
  const std::string db = dir.path() + "/rollout.db";
  RunResult check = Rollout({"plan", "check", file});
  EXPECT_EQ(check.exit_code, 2);
  ExpectSafe(check, "plan check ids.yaml");
  EXPECT_TRUE(Has(check.err, "x\\x1b[2J")) << Printable(check.err);
  RunResult load = Rollout({"--db", db, "--as", "boss", "load", file});
  EXPECT_EQ(load.exit_code, 2);
  ExpectSafe(load, "load ids.yaml");
  EXPECT_FALSE(std::filesystem::exists(db));  // a refused load writes nothing
}

INSTANTIATE_TEST_SUITE_P(Backends, TerminalInjectionDb, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout::testing
