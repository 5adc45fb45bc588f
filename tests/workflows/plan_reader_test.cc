// The plan reader and validator (plan-format.md §1), through ReadPlan on
// short plan texts. Error tests compare the whole rendered text: position,
// message, the echoed line, the caret and the hint.
#include "workflows/plan_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/testing/plan_text.h"
#include "tests/testing/run_binary.h"

namespace rollout {
namespace {

std::string Check(const std::string& text, const std::string& path = "plan.yaml") {
  return testing::CheckPlanText(text, path);
}
Plan Read(const std::string& text, const std::string& path = "plan.yaml") {
  return testing::ReadPlanText(text, path);
}

const Task& TaskById(const Plan& plan, const std::string& id) {
  static const Task kNone;
  const int i = plan.FindTask(id);
  return i < 0 ? kNone : plan.tasks[i];
}

const char kHead[] = "plan: p\nstart: 2027-01-11\n";

// ---------------------------------------------------------------- shape

TEST(PlanReader, EmptyFile) {
  EXPECT_EQ(Check(""),
            "plan.yaml: error: the plan file is empty\n"
            "hint: a plan needs at least 'plan', 'start' and 'tasks'\n");
  EXPECT_EQ(Check("  \n\n"), Check(""));
}

TEST(PlanReader, OnlyCommentsIsEmpty) {
  EXPECT_EQ(Check("# nothing yet\n"),
            "plan.yaml: error: the plan file is empty\n"
            "hint: a plan needs at least 'plan', 'start' and 'tasks'\n");
}

TEST(PlanReader, ListAtTop) {
  EXPECT_EQ(Check("- id: a\n  duration: 1\n"),
            "plan.yaml:1:1: error: expected a map of plan keys at the top, got a list\n"
            "    - id: a\n"
            "    ^\n"
            "hint: start the file with 'plan: ID', 'start: DATE' and 'tasks:'\n");
}

TEST(PlanReader, ScalarAtTop) {
  EXPECT_EQ(Check("hello\n"),
            "plan.yaml:1:1: error: expected a map of plan keys at the top, got a scalar\n"
            "    hello\n"
            "    ^\n"
            "hint: start the file with 'plan: ID', 'start: DATE' and 'tasks:'\n");
}

TEST(PlanReader, MissingTopKeys) {
  EXPECT_EQ(Check("title: x\n"),
            "plan.yaml:1:1: error: the plan has no 'plan' key\n"
            "    title: x\n"
            "    ^\n"
            "hint: add 'plan: ID' at the top\n"
            "plan.yaml:1:1: error: the plan has no 'start' date\n"
            "    title: x\n"
            "    ^\n"
            "hint: add 'start: YYYY-MM-DD'\n"
            "plan.yaml:1:1: error: the plan has no 'tasks'\n"
            "    title: x\n"
            "    ^\n"
            "hint: add a 'tasks:' list\n");
}

TEST(PlanReader, MalformedYamlReportsTheParserPosition) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - id: a\n   duration: 1\n"),
            "plan.yaml:5:4: error: malformed YAML: end of sequence not found\n"
            "       duration: 1\n"
            "       ^\n"
            "hint: check the indentation of line 5: the keys of one map start in the same "
            "column, a list's '- ' items line up, and a nested map is indented further than its "
            "key\n");
}

TEST(PlanReader, ATabInTheIndentationIsNamedWhereItIs) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - id: a\n  \tduration: 1\n"),
            "plan.yaml:5:3: error: tab character in the indentation\n"
            "      \\x09duration: 1\n"
            "      ^\n"
            "hint: YAML indents with spaces only: replace the tab with spaces\n");
}

TEST(PlanReader, AfterWithoutBracketsHintsAtTheList) {
  EXPECT_EQ(Check(std::string(kHead) +
                  "tasks:\n  - {id: a, duration: 1}\n  - {id: b, duration: 1}\n"
                  "  - id: c\n    duration: 1\n    after: a, b\n"),
            "plan.yaml:8:12: error: 'after' of 'c' is one text, 'a, b'\n"
            "        after: a, b\n"
            "               ^\n"
            "hint: list several tasks in brackets: after: [a, b]\n");
}

TEST(PlanReader, RenamedFromAndSlipThresholdAreRead) {
  const Plan p = Read(std::string(kHead) + "slip_threshold: 4\n"
                      "tasks:\n  - {id: b, renamed_from: a, duration: 1}\n");
  EXPECT_EQ(p.slip_threshold, 4);
  EXPECT_EQ(TaskById(p, "b").renamed_from, "a");
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: b, renamed_from: b, duration: 1}\n"),
            "plan.yaml:4:27: error: task 'b' is renamed from itself\n"
            "      - {id: b, renamed_from: b, duration: 1}\n"
            "                              ^\n"
            "hint: remove 'renamed_from', or name the id it had before\n");
}

TEST(PlanReader, MalformedYamlColumnCountsCharacters) {
  EXPECT_EQ(Check(std::string(kHead) + "title: \"Переход\" x: y\ntasks: []\n"),
            "plan.yaml:3:18: error: malformed YAML: end of map not found\n"
            "    title: \"Переход\" x: y\n"
            "                     ^\n");
}

TEST(PlanReader, MalformedYamlAtTheEndPointsAfterTheLastCharacter) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: \"ааа\", duration: [5\n\n"),
            "plan.yaml:4:29: error: malformed YAML: end of sequence flow not found\n"
            "      - {id: \"ааа\", duration: [5\n"
            "                                ^\n");
}

TEST(PlanReader, InvalidPlanId) {
  EXPECT_EQ(Check("plan: -x\nstart: 2027-01-11\ntasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:1:7: error: invalid plan id '-x'\n"
            "    plan: -x\n"
            "          ^\n"
            "hint: use letters, digits, '.', '_' and '-', starting with a letter or digit\n");
}

// ---------------------------------------------------------------- unknown keys

TEST(PlanReader, UnknownTopKeyWithHint) {
  EXPECT_EQ(Check(std::string(kHead) + "timezon: UTC\ntasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:3:1: error: unknown key 'timezon' in the plan\n"
            "    timezon: UTC\n"
            "    ^\n"
            "hint: did you mean 'timezone'?\n");
}

TEST(PlanReader, UnknownKeyWithoutACloseMatchListsTheAllowedKeys) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - id: a\n    duration: 1\n    colour: red\n"),
            "plan.yaml:6:5: error: unknown key 'colour' in a task\n"
            "        colour: red\n"
            "        ^\n"
            "hint: allowed keys: id name duration estimate after needs assignee not_before deadline "
            "gate deliverable notes renamed_from tasks\n");
}

TEST(PlanReader, UnknownTaskKeyWithHint) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - id: a\n    durration: 1\n"),
            "plan.yaml:4:9: error: task 'a' has no 'duration'\n"
            "      - id: a\n"
            "            ^\n"
            "hint: add 'duration: N' in working days, or 'duration: 0' for a milestone\n"
            "plan.yaml:5:5: error: unknown key 'durration' in a task\n"
            "        durration: 1\n"
            "        ^\n"
            "hint: did you mean 'duration'?\n");
}

TEST(PlanReader, TaskOnlyKeyOnAGroup) {
  EXPECT_EQ(Check(std::string(kHead) +
                  "tasks:\n  - id: g\n    duration: 3\n    tasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:5:5: error: a group cannot have 'duration'\n"
            "        duration: 3\n"
            "        ^\n"
            "hint: a group takes only id, name, after, tasks, deliverable and notes; put "
            "'duration' on its tasks\n");
}

TEST(PlanReader, UnknownKeyOnAGroup) {
  EXPECT_EQ(Check(std::string(kHead) +
                  "tasks:\n  - id: g\n    nmae: G\n    tasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:5:5: error: unknown key 'nmae' in a group\n"
            "        nmae: G\n"
            "        ^\n"
            "hint: did you mean 'name'?\n");
}

TEST(PlanReader, UnknownCalendarKey) {
  EXPECT_EQ(Check(std::string(kHead) +
                  "calendar:\n  holiday: [2027-01-12]\ntasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:4:3: error: unknown key 'holiday' in 'calendar'\n"
            "      holiday: [2027-01-12]\n"
            "      ^\n"
            "hint: did you mean 'holidays'?\n");
}

TEST(PlanReader, UnknownPersonKey) {
  EXPECT_EQ(Check(std::string(kHead) +
                  "people:\n  - {id: ann, role: [lead]}\ntasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:4:15: error: unknown key 'role' in a person\n"
            "      - {id: ann, role: [lead]}\n"
            "                  ^\n"
            "hint: did you mean 'roles'?\n");
}

TEST(PlanReader, UnknownRoleKey) {
  EXPECT_EQ(
      Check(std::string(kHead) + "roles:\n  lead: {title: Boss}\ntasks: [{id: a, duration: 1}]\n"),
      "plan.yaml:4:10: error: unknown key 'title' in 'roles.lead'\n"
      "      lead: {title: Boss}\n"
      "             ^\n"
      "hint: allowed keys: name\n");
}

TEST(PlanReader, UnknownLinkKey) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: a, duration: 1}\n  - {id: b, duration: 1, "
                                       "after: [{task: a, lagg: 1}]}\n"),
            "plan.yaml:5:44: error: unknown key 'lagg' in a link\n"
            "      - {id: b, duration: 1, after: [{task: a, lagg: 1}]}\n"
            "                                               ^\n"
            "hint: did you mean 'lag'?\n");
}

TEST(PlanReader, UnknownGateAndCriterionKeys) {
  EXPECT_EQ(Check(std::string(kHead) + "metrics: {m: {name: M}}\n"
                                       "tasks:\n"
                                       "  - id: g\n"
                                       "    gate:\n"
                                       "      aprove: [lead]\n"
                                       "      metrics: [{metric: m, minimum: 3}]\n"),
            "plan.yaml:7:7: error: unknown key 'aprove' in a gate\n"
            "          aprove: [lead]\n"
            "          ^\n"
            "hint: did you mean 'approve'?\n"
            "plan.yaml:8:17: error: criterion on 'm' has neither 'min' nor 'max'\n"
            "          metrics: [{metric: m, minimum: 3}]\n"
            "                    ^\n"
            "plan.yaml:8:29: error: unknown key 'minimum' in a gate criterion\n"
            "          metrics: [{metric: m, minimum: 3}]\n"
            "                                ^\n"
            "hint: allowed keys: metric min max\n");
}

TEST(PlanReader, DuplicateKeyInOneMap) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - id: a\n    duration: 1\n    duration: 2\n"),
            "plan.yaml:6:5: error: duplicate key 'duration'\n"
            "        duration: 2\n"
            "        ^\n"
            "hint: the first is at line 5; write each key once\n");
}

// ---------------------------------------------------------------- ids and references

TEST(PlanReader, MissingTaskId) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - name: x\n    duration: 1\n"),
            "plan.yaml:4:5: error: a task has no 'id'\n"
            "      - name: x\n"
            "        ^\n"
            "hint: add 'id: ...' (unique among all tasks)\n");
}

TEST(PlanReader, DuplicateTaskIds) {
  EXPECT_EQ(
      Check(std::string(kHead) +
            "tasks:\n  - {id: a, duration: 1}\n  - id: g\n    tasks: [{id: a, duration: 2}]\n"),
      "plan.yaml:6:18: error: duplicate task id 'a'\n"
      "        tasks: [{id: a, duration: 2}]\n"
      "                     ^\n"
      "hint: the first is at line 4; ids must be unique\n");
}

TEST(PlanReader, UnknownTaskInAfterIsPositionedAtTheEntry) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n"
                                       "  - {id: audit.partners, duration: 1}\n"
                                       "  - id: plan.transition\n"
                                       "    duration: 2\n"
                                       "    after:\n"
                                       "      - audit.partners\n"
                                       "      - audit.partner\n"),
            "plan.yaml:9:9: error: task 'plan.transition' depends on unknown task "
            "'audit.partner'\n"
            "          - audit.partner\n"
            "            ^\n"
            "hint: did you mean 'audit.partners'?\n");
}

TEST(PlanReader, UnknownTaskWithoutACloseMatchHasNoHint) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: a, duration: 1, after: [zzz]}\n"),
            "plan.yaml:4:34: error: task 'a' depends on unknown task 'zzz'\n"
            "      - {id: a, duration: 1, after: [zzz]}\n"
            "                                     ^\n");
}

TEST(PlanReader, UnknownRolePersonAndMetric) {
  EXPECT_EQ(Check(std::string(kHead) + "roles: {lead: {}, manager: {}}\n"
                                       "people:\n"
                                       "  - {id: petrova, roles: [managr]}\n"
                                       "metrics: {partners_checked: {}}\n"
                                       "tasks:\n"
                                       "  - id: a\n"
                                       "    duration: 1\n"
                                       "    needs: {manger: 1}\n"
                                       "    assignee: petrov\n"
                                       "  - id: g\n"
                                       "    gate:\n"
                                       "      approve: [leed]\n"
                                       "      metrics: [{metric: partner_checked, min: 1}]\n"),
            "plan.yaml:5:10: error: person 'petrova' has unknown role 'managr'\n"
            "      - {id: petrova, roles: [managr]}\n"
            "             ^\n"
            "hint: did you mean 'manager'?\n"
            "plan.yaml:10:13: error: task 'a' needs unknown role 'manger'\n"
            "        needs: {manger: 1}\n"
            "                ^\n"
            "hint: did you mean 'manager'?\n"
            "plan.yaml:11:15: error: task 'a' is assigned to unknown person 'petrov'\n"
            "        assignee: petrov\n"
            "                  ^\n"
            "hint: did you mean 'petrova'?\n"
            "plan.yaml:14:7: error: gate 'g' names unknown approver 'leed'\n"
            "          approve: [leed]\n"
            "          ^\n"
            "hint: did you mean 'lead'?\n"
            "plan.yaml:15:26: error: gate 'g' uses unknown metric 'partner_checked'\n"
            "          metrics: [{metric: partner_checked, min: 1}]\n"
            "                             ^\n"
            "hint: did you mean 'partners_checked'?\n");
}

// ---------------------------------------------------------------- cycles

//   a -> b -> c
//   ^         |
//   +---------+
TEST(PlanReader, CycleListsItsPath) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n"
                                       "  - {id: a, duration: 1, after: [c]}\n"
                                       "  - {id: b, duration: 1, after: [a]}\n"
                                       "  - {id: c, duration: 1, after: [b]}\n"),
            "plan.yaml:4:34: error: dependency cycle: a -> b -> c -> a\n"
            "      - {id: a, duration: 1, after: [c]}\n"
            "                                     ^\n"
            "hint: remove one of these links\n");
}

TEST(PlanReader, CycleThroughAGroup) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n"
                                       "  - id: g\n"
                                       "    after: [b]\n"
                                       "    tasks: [{id: a, duration: 1}]\n"
                                       "  - {id: b, duration: 1, after: [g]}\n"),
            "plan.yaml:5:13: error: dependency cycle: a -> b -> a\n"
            "        after: [b]\n"
            "                ^\n"
            "hint: remove one of these links\n");
}

TEST(PlanReader, SelfLink) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: a, duration: 1, after: [a]}\n"),
            "plan.yaml:4:34: error: task 'a' depends on itself\n"
            "      - {id: a, duration: 1, after: [a]}\n"
            "                                     ^\n"
            "hint: remove 'a' from its own 'after' list\n");
}

TEST(PlanReader, LinkToTheEnclosingGroup) {
  EXPECT_EQ(Check(std::string(kHead) +
                  "tasks:\n  - id: g\n    tasks: [{id: a, duration: 1, after: [g]}]\n"),
            "plan.yaml:5:42: error: 'a' depends on 'g', which contains it\n"
            "        tasks: [{id: a, duration: 1, after: [g]}]\n"
            "                                             ^\n"
            "hint: remove this link; a group's tasks cannot wait for the group itself\n");
}

// ---------------------------------------------------------------- durations

TEST(PlanReader, DurationSyntax) {
  Plan plan = Read(std::string(kHead) +
                   "tasks:\n"
                   "  - {id: a, duration: 5}\n"
                   "  - {id: b, duration: 5d}\n"
                   "  - {id: c, duration: \"2w\"}\n"
                   "  - {id: m, duration: 0}\n");
  EXPECT_EQ(TaskById(plan, "a").duration, 5);
  EXPECT_EQ(TaskById(plan, "b").duration, 5);
  EXPECT_EQ(TaskById(plan, "c").duration, 10);
  EXPECT_EQ(TaskById(plan, "m").duration, 0);
  EXPECT_TRUE(TaskById(plan, "m").has_duration);
}

TEST(PlanReader, InvalidDuration) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: a, duration: 5h}\n"),
            "plan.yaml:4:23: error: invalid duration '5h'\n"
            "      - {id: a, duration: 5h}\n"
            "                          ^\n"
            "hint: write working days as 5, \"5d\" or \"2w\" (a week is 5 days)\n");
}

TEST(PlanReader, NegativeDuration) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: a, duration: -1w}\n"),
            "plan.yaml:4:23: error: negative duration -5\n"
            "      - {id: a, duration: -1w}\n"
            "                          ^\n"
            "hint: durations are >= 0\n");
}

TEST(PlanReader, LeafWithoutDuration) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - id: a\n    name: A\n"),
            "plan.yaml:4:9: error: task 'a' has no 'duration'\n"
            "      - id: a\n"
            "            ^\n"
            "hint: add 'duration: N' in working days, or 'duration: 0' for a milestone\n");
}

// ---------------------------------------------------------------- links

TEST(PlanReader, LinkTypesLagsAndASingleId) {
  Plan plan = Read(std::string(kHead) +
                   "tasks:\n"
                   "  - {id: a, duration: 5}\n"
                   "  - {id: b, duration: 1, after: a}\n"
                   "  - id: c\n"
                   "    duration: 1\n"
                   "    after:\n"
                   "      - {task: a, type: ss, lag: -2}\n"
                   "      - {task: b, type: FF, lag: 1w}\n"
                   "      - {task: a, type: Sf, lag: \"3d\"}\n");
  const Task& b = TaskById(plan, "b");
  ASSERT_EQ(b.after.size(), 1u);
  EXPECT_EQ(b.after[0].task, "a");
  EXPECT_EQ(b.after[0].type, LinkType::kFS);
  EXPECT_EQ(b.after[0].lag, 0);
  const Task& c = TaskById(plan, "c");
  ASSERT_EQ(c.after.size(), 3u);
  EXPECT_EQ(c.after[0].type, LinkType::kSS);
  EXPECT_EQ(c.after[0].lag, -2);
  EXPECT_EQ(c.after[1].type, LinkType::kFF);
  EXPECT_EQ(c.after[1].lag, 5);
  EXPECT_EQ(c.after[2].type, LinkType::kSF);
  EXPECT_EQ(c.after[2].lag, 3);
}

TEST(PlanReader, UnknownLinkType) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: a, duration: 1}\n  - {id: b, duration: 1, "
                                       "after: [{task: a, type: XS}]}\n"),
            "plan.yaml:5:50: error: unknown link type 'XS'\n"
            "      - {id: b, duration: 1, after: [{task: a, type: XS}]}\n"
            "                                                     ^\n"
            "hint: use FS, SS, FF or SF\n");
}

TEST(PlanReader, StartLinksFromAGroupAreRefused) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n"
                                       "  - id: g\n"
                                       "    tasks: [{id: a, duration: 1}]\n"
                                       "  - id: b\n"
                                       "    duration: 1\n"
                                       "    after:\n"
                                       "      - {task: g, type: SS}\n"
                                       "      - {task: g, type: SF}\n"
                                       "      - {task: g, type: FF}\n"
                                       "      - g\n"),
            "plan.yaml:9:16: error: an SS link cannot start from group 'g'\n"
            "          - {task: g, type: SS}\n"
            "                   ^\n"
            "hint: link from a task inside the group, or use FS or FF\n"
            "plan.yaml:10:16: error: an SF link cannot start from group 'g'\n"
            "          - {task: g, type: SF}\n"
            "                   ^\n"
            "hint: link from a task inside the group, or use FS or FF\n");
}

TEST(PlanReader, LinkWithoutTask) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: a, duration: 1, after: [{lag: 1}]}\n"),
            "plan.yaml:4:34: error: a link has no 'task'\n"
            "      - {id: a, duration: 1, after: [{lag: 1}]}\n"
            "                                     ^\n"
            "hint: write {task: ID, type: FS, lag: 0}\n");
}

// ---------------------------------------------------------------- gates

TEST(PlanReader, GateTrueIsAMilestoneApprovedByLead) {
  Plan plan = Read(std::string(kHead) +
                   "roles: {lead: {name: Lead}}\n"
                   "people: [{id: ann, roles: [lead]}, {id: bob, roles: [lead]}, {id: cy}]\n"
                   "tasks:\n"
                   "  - {id: a, duration: 3}\n"
                   "  - {id: g, after: [a], gate: true}\n"
                   "  - {id: h, after: [a], gate: {approve: [cy, lead]}}\n");
  const int g = plan.FindTask("g");
  ASSERT_GE(g, 0);
  ASSERT_TRUE(plan.tasks[g].gate.has_value());
  EXPECT_TRUE(plan.tasks[g].gate->approve.empty());
  EXPECT_EQ(plan.tasks[g].duration, 0);
  EXPECT_EQ(plan.Approvers(g), (std::vector<std::string>{"ann", "bob"}));
  EXPECT_EQ(plan.Approvers(plan.FindTask("h")), (std::vector<std::string>{"cy", "ann", "bob"}));
}

TEST(PlanReader, GateFalseIsAnOrdinaryTask) {
  Plan plan = Read(std::string(kHead) + "tasks:\n  - {id: a, duration: 3, gate: false}\n");
  EXPECT_FALSE(TaskById(plan, "a").gate.has_value());
}

TEST(PlanReader, GateCriteria) {
  Plan plan = Read(std::string(kHead) +
                   "metrics: {m: {name: M}, n: {name: N}}\n"
                   "tasks:\n"
                   "  - id: g\n"
                   "    gate: {metrics: [{metric: m, min: 10}, {metric: n, max: 2.5}]}\n");
  const Task& g = TaskById(plan, "g");
  ASSERT_TRUE(g.gate.has_value());
  ASSERT_EQ(g.gate->metrics.size(), 2u);
  EXPECT_EQ(g.gate->metrics[0].metric, "m");
  EXPECT_EQ(g.gate->metrics[0].min, 10.0);
  EXPECT_FALSE(g.gate->metrics[0].max.has_value());
  EXPECT_EQ(g.gate->metrics[1].max, 2.5);
}

TEST(PlanReader, GateWithNonZeroDuration) {
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - id: g\n    duration: 2\n    gate: true\n"),
            "plan.yaml:5:15: error: gate 'g' has duration 2\n"
            "        duration: 2\n"
            "                  ^\n"
            "hint: a gate has duration 0; remove 'duration'\n");
  EXPECT_EQ(Check(std::string(kHead) + "tasks:\n  - {id: g, duration: 0, gate: true}\n"), "ok");
}

// ---------------------------------------------------------------- needs

TEST(PlanReader, NeedsMoreThanTheHolders) {
  EXPECT_EQ(Check(std::string(kHead) +
                  "roles: {manager: {}}\n"
                  "people: [{id: ann, roles: [manager]}, {id: bob, roles: [manager]}]\n"
                  "tasks:\n"
                  "  - {id: a, duration: 1, needs: {manager: 2}}\n"
                  "  - {id: b, duration: 1, needs: {manager: 3}}\n"
                  "  - {id: c, duration: 1, needs: {manager: 0}}\n"),
            "plan.yaml:7:34: error: task 'b' needs 3 people with role 'manager', but only 2 "
            "have it\n"
            "      - {id: b, duration: 1, needs: {manager: 3}}\n"
            "                                     ^\n"
            "hint: lower the count or give the role to more people\n");
}

TEST(PlanReader, NegativeNeed) {
  EXPECT_EQ(Check(std::string(kHead) +
                  "roles: {manager: {}}\ntasks:\n  - {id: a, duration: 1, needs: {manager: -1}}\n"),
            "plan.yaml:5:43: error: negative count -1 for role 'manager'\n"
            "      - {id: a, duration: 1, needs: {manager: -1}}\n"
            "                                              ^\n");
}

// ---------------------------------------------------------------- dates

TEST(PlanReader, DatesThatDoNotExist) {
  EXPECT_EQ(Check("plan: p\n"
                  "start: 2027-02-30\n"
                  "calendar: {holidays: [2027-02-29]}\n"
                  "people: [{id: ann, off: [\"2027-04-31..2027-05-02\"]}]\n"
                  "tasks:\n"
                  "  - {id: a, duration: 1, not_before: 2027-13-01, deadline: 2027-06-31}\n"),
            "plan.yaml:2:8: error: invalid date '2027-02-30' for 'start'\n"
            "    start: 2027-02-30\n"
            "           ^\n"
            "hint: dates are YYYY-MM-DD and must exist\n"
            "plan.yaml:3:23: error: invalid date '2027-02-29' in 'holidays'\n"
            "    calendar: {holidays: [2027-02-29]}\n"
            "                          ^\n"
            "hint: write YYYY-MM-DD or an inclusive range \"YYYY-MM-DD..YYYY-MM-DD\" of dates "
            "that exist\n"
            "plan.yaml:4:26: error: invalid date '2027-04-31..2027-05-02' in 'off'\n"
            "    people: [{id: ann, off: [\"2027-04-31..2027-05-02\"]}]\n"
            "                             ^\n"
            "hint: write YYYY-MM-DD or an inclusive range \"YYYY-MM-DD..YYYY-MM-DD\" of dates "
            "that exist\n"
            "plan.yaml:6:38: error: invalid date '2027-13-01' for 'not_before'\n"
            "      - {id: a, duration: 1, not_before: 2027-13-01, deadline: 2027-06-31}\n"
            "                                         ^\n"
            "hint: dates are YYYY-MM-DD and must exist\n"
            "plan.yaml:6:60: error: invalid date '2027-06-31' for 'deadline'\n"
            "      - {id: a, duration: 1, not_before: 2027-13-01, deadline: 2027-06-31}\n"
            "                                                               ^\n"
            "hint: dates are YYYY-MM-DD and must exist\n");
}

TEST(PlanReader, DateRanges) {
  Plan plan = Read(std::string(kHead) +
                   "calendar:\n"
                   "  holidays: [2027-02-23, \"2027-05-01..2027-05-03\", 2028-02-29]\n"
                   "  working: [2027-02-20]\n"
                   "tasks: [{id: a, duration: 1}]\n");
  ASSERT_EQ(plan.calendar.holidays.size(), 3u);
  EXPECT_EQ(FormatDate(plan.calendar.holidays[0].first), "2027-02-23");
  EXPECT_EQ(FormatDate(plan.calendar.holidays[0].last), "2027-02-23");
  EXPECT_EQ(FormatDate(plan.calendar.holidays[1].first), "2027-05-01");
  EXPECT_EQ(FormatDate(plan.calendar.holidays[1].last), "2027-05-03");
  EXPECT_EQ(FormatDate(plan.calendar.holidays[2].first), "2028-02-29");
  ASSERT_EQ(plan.calendar.working.size(), 1u);
  EXPECT_EQ(FormatDate(plan.calendar.working[0].first), "2027-02-20");
}

TEST(PlanReader, RangeThatEndsBeforeItStarts) {
  EXPECT_EQ(
      Check(std::string(kHead) +
            "calendar: {holidays: [\"2027-05-03..2027-05-01\"]}\ntasks: [{id: a, duration: 1}]\n"),
      "plan.yaml:3:23: error: date range '2027-05-03..2027-05-01' ends before it starts\n"
      "    calendar: {holidays: [\"2027-05-03..2027-05-01\"]}\n"
      "                          ^\n");
}

// ---------------------------------------------------------------- calendar and zone

TEST(PlanReader, TimeZoneFromTheTzDatabase) {
  Plan plan = Read(std::string(kHead) + "timezone: Europe/Moscow\ntasks: [{id: a, duration: 1}]\n");
  EXPECT_EQ(plan.timezone, "Europe/Moscow");
  EXPECT_EQ(Read(std::string(kHead) + "tasks: [{id: a, duration: 1}]\n").timezone, "UTC");
}

TEST(PlanReader, UnknownTimeZoneWithHint) {
  EXPECT_EQ(Check(std::string(kHead) + "timezone: Europe/Moscw\ntasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:3:11: error: unknown time zone 'Europe/Moscw'\n"
            "    timezone: Europe/Moscw\n"
            "              ^\n"
            "hint: did you mean 'Europe/Moscow'?\n");
  EXPECT_EQ(Check(std::string(kHead) + "timezone: Mars/Olympus\ntasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:3:11: error: unknown time zone 'Mars/Olympus'\n"
            "    timezone: Mars/Olympus\n"
            "              ^\n"
            "hint: use an IANA name such as Europe/Moscow or UTC\n");
}

TEST(PlanReader, CalendarWithNoWorkingDay) {
  EXPECT_EQ(
      Check(std::string(kHead) + "calendar:\n  workdays: []\ntasks: [{id: a, duration: 1}]\n"),
      "plan.yaml:4:3: error: the calendar has no working day\n"
      "      workdays: []\n"
      "      ^\n"
      "hint: list at least one day in 'workdays'\n");
}

TEST(PlanReader, WorkdaysAndHours) {
  Plan plan = Read(std::string(kHead) +
                   "calendar: {workdays: [sun, mon], hours: \"08:30-17:00\"}\n"
                   "tasks: [{id: a, duration: 1}]\n");
  EXPECT_EQ(plan.calendar.workdays,
            (std::array<bool, 7>{true, false, false, false, false, false, true}));
  EXPECT_EQ(plan.calendar.day_start_minute, 8 * 60 + 30);
  EXPECT_EQ(plan.calendar.day_end_minute, 17 * 60);
}

TEST(PlanReader, WorkingDayEndsByMidnight) {
  EXPECT_EQ(Read(std::string(kHead) +
                 "calendar: {hours: \"00:00-24:00\"}\ntasks: [{id: a, duration: 1}]\n")
                .calendar.day_end_minute,
            24 * 60);
  EXPECT_EQ(Check(std::string(kHead) +
                  "calendar: {hours: \"09:00-24:30\"}\ntasks: [{id: a, duration: 1}]\n"),
            "plan.yaml:3:19: error: invalid working hours '09:00-24:30'\n"
            "    calendar: {hours: \"09:00-24:30\"}\n"
            "                      ^\n"
            "hint: write \"HH:MM-HH:MM\", e.g. \"09:00-18:00\"\n");
}

TEST(PlanReader, UnknownWeekdayAndBadHours) {
  EXPECT_EQ(
      Check(std::string(kHead) + "calendar:\n  workdays: [mon, thr]\n  hours: \"18:00-09:00\"\n"
                                 "tasks: [{id: a, duration: 1}]\n"),
      "plan.yaml:4:13: error: unknown weekday 'thr' in 'workdays'\n"
      "      workdays: [mon, thr]\n"
      "                ^\n"
      "hint: use mon, tue, wed, thu, fri, sat, sun\n"
      "plan.yaml:5:10: error: invalid working hours '18:00-09:00'\n"
      "      hours: \"18:00-09:00\"\n"
      "             ^\n"
      "hint: write \"HH:MM-HH:MM\", e.g. \"09:00-18:00\"\n");
}

// ---------------------------------------------------------------- groups

TEST(PlanReader, GroupWithoutTasks) {
  EXPECT_EQ(
      Check(std::string(kHead) + "tasks:\n  - {id: a, duration: 1}\n  - {id: g, tasks: []}\n"),
      "plan.yaml:5:10: error: group 'g' has no tasks\n"
      "      - {id: g, tasks: []}\n"
      "             ^\n"
      "hint: add tasks to it or remove its 'tasks' key\n");
}

TEST(PlanReader, GroupsNestInPlanOrder) {
  Plan plan = Read(std::string(kHead) +
                   "tasks:\n"
                   "  - id: s4\n"
                   "    tasks:\n"
                   "      - id: s4.1\n"
                   "        tasks: [{id: a, duration: 1}]\n"
                   "      - {id: b, duration: 2}\n"
                   "  - {id: c, duration: 1, deliverable: doc, notes: n}\n");
  ASSERT_EQ(plan.tasks.size(), 5u);
  EXPECT_EQ(plan.tasks[0].id, "s4");
  EXPECT_EQ(plan.tasks[1].id, "s4.1");
  EXPECT_EQ(plan.tasks[2].id, "a");
  EXPECT_EQ(plan.tasks[3].id, "b");
  EXPECT_EQ(plan.tasks[4].id, "c");
  EXPECT_TRUE(plan.tasks[0].is_group);
  EXPECT_TRUE(plan.tasks[1].is_group);
  EXPECT_EQ(plan.tasks[2].parent, 1);
  EXPECT_EQ(plan.tasks[3].parent, 0);
  EXPECT_EQ(plan.tasks[0].children, (std::vector<int>{1, 3}));
  EXPECT_EQ(plan.tasks[4].deliverable, "doc");
  EXPECT_EQ(plan.tasks[4].notes, "n");
}

// ---------------------------------------------------------------- one run, every problem

// The reader meets `timezone` before it reads the tasks, and the validator
// runs after the reader: the report is still in line order.
TEST(PlanReader, SeveralErrorsInLineOrder) {
  EXPECT_EQ(Check("plan: p\n"
                  "start: 2027-01-11\n"
                  "tasks:\n"
                  "  - {id: a, duration: 1, after: [x]}\n"
                  "  - {id: b, duration: 2, colour: red}\n"
                  "  - {id: c, duration: -3}\n"
                  "timezone: Nowhere\n"),
            "plan.yaml:4:34: error: task 'a' depends on unknown task 'x'\n"
            "      - {id: a, duration: 1, after: [x]}\n"
            "                                     ^\n"
            "plan.yaml:5:26: error: unknown key 'colour' in a task\n"
            "      - {id: b, duration: 2, colour: red}\n"
            "                             ^\n"
            "hint: allowed keys: id name duration estimate after needs assignee not_before deadline "
            "gate deliverable notes renamed_from tasks\n"
            "plan.yaml:6:23: error: negative duration -3\n"
            "      - {id: c, duration: -3}\n"
            "                          ^\n"
            "hint: durations are >= 0\n"
            "plan.yaml:7:11: error: unknown time zone 'Nowhere'\n"
            "    timezone: Nowhere\n"
            "              ^\n"
            "hint: use an IANA name such as Europe/Moscow or UTC\n");
}

// ---------------------------------------------------------------- texts

TEST(PlanReader, CyrillicNamesAndCaretUnderTheRightCharacter) {
  const std::string text = std::string(kHead) +
                           "title: \"Переход на управляемую систему\"\n"
                           "tasks:\n"
                           "  - {id: аудит, name: \"Оценка «партнёров»\", duration: 5}\n"
                           "  - {id: план, name: \"План\", duration: 1, after: [аудт]}\n";
  EXPECT_EQ(Check(text),
            "plan.yaml:6:51: error: task 'план' depends on unknown task 'аудт'\n"
            "      - {id: план, name: \"План\", duration: 1, after: [аудт]}\n"
            "                                                      ^\n"
            "hint: did you mean 'аудит'?\n");
  Plan plan = Read(std::string(kHead) +
                   "title: \"Переход на управляемую систему\"\n"
                   "tasks:\n"
                   "  - {id: аудит, name: \"Оценка «партнёров»\", duration: 5}\n");
  EXPECT_EQ(plan.title, "Переход на управляемую систему");
  EXPECT_EQ(TaskById(plan, "аудит").name, "Оценка «партнёров»");
}

// ---------------------------------------------------------------- JSON

TEST(PlanReader, JsonPlan) {
  Plan plan = Read(R"({"plan": "p", "start": "2027-01-11", "timezone": "Europe/Moscow",
 "roles": {"lead": {"name": "Руководитель"}},
 "people": [{"id": "ann", "roles": ["lead"]}],
 "tasks": [{"id": "g", "tasks": [{"id": "a", "duration": "1w"}]},
           {"id": "b", "duration": 2, "after": [{"task": "a", "type": "SS", "lag": -1}]},
           {"id": "gate", "after": ["g"], "gate": true}]})",
                   "plan.json");
  EXPECT_EQ(plan.id, "p");
  EXPECT_EQ(plan.tasks.size(), 4u);
  EXPECT_EQ(TaskById(plan, "a").duration, 5);
  EXPECT_EQ(TaskById(plan, "b").after[0].lag, -1);
  EXPECT_TRUE(TaskById(plan, "gate").gate.has_value());
}

TEST(PlanReader, JsonErrorsCarryLineAndColumn) {
  const std::string text =
      "{\"plan\": \"p\", \"start\": \"2027-01-11\",\n"
      " \"tasks\": [{\"id\": \"a\", \"duration\": 1},\n"
      "           {\"id\": \"b\", \"duraton\": 2, \"after\": [\"aa\"]}]}\n";
  EXPECT_EQ(Check(text, "plan.json"),
            "plan.json:3:19: error: task 'b' has no 'duration'\n"
            "               {\"id\": \"b\", \"duraton\": 2, \"after\": [\"aa\"]}]}\n"
            "                      ^\n"
            "hint: add 'duration: N' in working days, or 'duration: 0' for a milestone\n"
            "plan.json:3:24: error: unknown key 'duraton' in a task\n"
            "               {\"id\": \"b\", \"duraton\": 2, \"after\": [\"aa\"]}]}\n"
            "                           ^\n"
            "hint: did you mean 'duration'?\n"
            "plan.json:3:48: error: task 'b' depends on unknown task 'aa'\n"
            "               {\"id\": \"b\", \"duraton\": 2, \"after\": [\"aa\"]}]}\n"
            "                                                   ^\n"
            "hint: did you mean 'a'?\n");
}

TEST(PlanReader, MalformedJson) {
  EXPECT_EQ(Check("{\"plan\": \"p\",\n \"start\": 2027-01-11}\n", "plan.json"),
            "plan.json:2:16: error: malformed JSON: syntax error while parsing object - "
            "unexpected number literal; expected '}'\n"
            "     \"start\": 2027-01-11}\n"
            "                   ^\n");
}

// ---------------------------------------------------------------- files

TEST(PlanReader, MissingFile) {
  Result<Plan> r = LoadPlanFile("/nonexistent/plan.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(RenderErrors("/nonexistent/plan.yaml", "", r.errors()),
            "/nonexistent/plan.yaml: error: cannot read plan file '/nonexistent/plan.yaml': no "
            "such file or not readable\n"
            "hint: check the path\n");
}

TEST(PlanReader, ContractExamplesRead) {
  const std::filesystem::path dir = testing::ExamplesPath("");
  int read = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    Result<Plan> r = LoadPlanFile(entry.path().string());
    EXPECT_TRUE(r.ok()) << entry.path() << "\n"
                        << RenderErrors(entry.path().string(), testing::ReadFile(entry.path()),
                                        r.ok() ? Errors{} : r.errors());
    ++read;
  }
  EXPECT_GE(read, 5);  // constraints, fs-101, mixed-102, mixed-103, psplibish-104
}

}  // namespace
}  // namespace rollout
