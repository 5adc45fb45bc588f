// The built-in workflow (workflows/distribution-transition.yaml) carries the
// whole seed programme: six stages, sub-parts 4.1-4.3, the checkpoints with
// their KPI criteria, the 13 methodical documents a)-m) and results 1-5.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/testing/run_binary.h"
#include "tools/cli/builtin_workflow.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

class DistributionTransitionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = std::string(ROLLOUT_SOURCE_DIR) + "/workflows/distribution-transition.yaml";
    Result<Plan> r = LoadPlanFile(path);
    ASSERT_TRUE(r.ok()) << RenderErrors(path, testing::ReadFile(path), r.errors());
    plan_ = std::move(r.value());
  }

  const Task* Find(const std::string& id) const {
    const int i = plan_.FindTask(id);
    return i < 0 ? nullptr : &plan_.tasks[i];
  }

  std::string ParentOf(const std::string& id) const {
    const Task* t = Find(id);
    return t == nullptr || t->parent < 0 ? "" : plan_.tasks[t->parent].id;
  }

  Plan plan_;
};

TEST_F(DistributionTransitionTest, Header) {
  EXPECT_EQ(plan_.id, "distribution-transition");
  EXPECT_EQ(FormatDate(plan_.start), "2027-01-11");
  EXPECT_EQ(plan_.timezone, "Europe/Moscow");
}

TEST_F(DistributionTransitionTest, CompiledInCopyIsTheFile) {
  EXPECT_EQ(BuiltinWorkflowText(), testing::ReadFile(std::string(ROLLOUT_SOURCE_DIR) +
                                                     "/workflows/distribution-transition.yaml"));
}

TEST_F(DistributionTransitionTest, SixStageGroupsInOrder) {
  std::vector<std::string> top;
  for (const Task& t : plan_.tasks)
    if (t.parent < 0) top.push_back(t.id);
  EXPECT_EQ(top,
            (std::vector<std::string>{"stage1", "stage2", "stage3", "stage4", "stage5", "stage6"}));
  for (const std::string& id : top) EXPECT_TRUE(Find(id)->is_group) << id;
  EXPECT_EQ(Find("stage1")->name, "Этап 1. Аудит системы дистрибуции в Компании");
  // Each stage after the first waits for the whole previous stage.
  for (int s = 2; s <= 6; ++s) {
    const Task* t = Find("stage" + std::to_string(s));
    ASSERT_EQ(t->after.size(), 1u);
    EXPECT_EQ(t->after[0].task, "stage" + std::to_string(s - 1));
  }
}

TEST_F(DistributionTransitionTest, StageFourHasTheThreeSubParts) {
  const Task* stage4 = Find("stage4");
  ASSERT_NE(stage4, nullptr);
  std::vector<std::string> children;
  for (int c : stage4->children) children.push_back(plan_.tasks[c].id);
  EXPECT_EQ(children,
            (std::vector<std::string>{"stage4.analysis", "stage4.training", "stage4.support"}));
  EXPECT_EQ(Find("stage4.analysis")->name.rfind("4.1. ", 0), 0u);
  EXPECT_EQ(Find("stage4.training")->name.rfind("4.2. ", 0), 0u);
  EXPECT_EQ(Find("stage4.support")->name.rfind("4.3. ", 0), 0u);
  // The work items of the seed, five in 4.1 and seven in 4.2.
  int analysis = 0, training = 0;
  for (const Task& t : plan_.tasks) {
    if (t.gate || t.is_group) continue;
    if (ParentOf(t.id) == "stage4.analysis") ++analysis;
    if (ParentOf(t.id) == "stage4.training") ++training;
  }
  EXPECT_EQ(analysis, 5);
  EXPECT_EQ(training, 7);
}

TEST_F(DistributionTransitionTest, CheckpointGatesApprovedByTheLead) {
  // The checkpoints the seed calls for: the audit accepted (stage 2), the change
  // plan approved (stage 3), the transition plan "with checkpoints" (4.1) and the
  // implementation done (4.3); the others close the remaining stages.
  const std::set<std::string> required = {"gate.audit", "gate.change_plan", "gate.transition",
                                          "gate.implementation"};
  std::set<std::string> gates;
  for (const Task& t : plan_.tasks)
    if (t.gate) {
      gates.insert(t.id);
      EXPECT_EQ(t.duration, 0) << t.id;
      EXPECT_EQ(t.name.rfind("Контрольная точка: ", 0), 0u) << t.id;
      EXPECT_EQ(plan_.Approvers(plan_.FindTask(t.id)), (std::vector<std::string>{"sokolov"}))
          << t.id;
    }
  for (const std::string& g : required) EXPECT_EQ(gates.count(g), 1u) << g;
  EXPECT_EQ(gates.size(), 8u);
  EXPECT_EQ(ParentOf("gate.audit"), "stage2");
  EXPECT_EQ(ParentOf("gate.change_plan"), "stage3");
  EXPECT_EQ(ParentOf("gate.transition"), "stage4.analysis");
  EXPECT_EQ(ParentOf("gate.implementation"), "stage4.support");
}

TEST_F(DistributionTransitionTest, KpiCriteria) {
  auto criteria = [&](const std::string& gate) {
    std::vector<std::string> out;
    for (const MetricCriterion& c : Find(gate)->gate->metrics)
      out.push_back(c.metric + ">=" + std::to_string(static_cast<int>(*c.min)));
    return out;
  };
  EXPECT_EQ(criteria("gate.audit_done"), (std::vector<std::string>{"audit_areas>=5"}));
  EXPECT_EQ(criteria("gate.partners"),
            (std::vector<std::string>{"partners_checked>=12", "clients_level1>=20",
                                      "clients_level2>=50"}));
  EXPECT_EQ(criteria("gate.training"),
            (std::vector<std::string>{"managers_trained>=3", "field_visits>=6"}));
  EXPECT_EQ(criteria("gate.implementation"), (std::vector<std::string>{"documents_adopted>=12"}));
}

TEST_F(DistributionTransitionTest, AllThirteenDocumentsAndFiveResults) {
  std::set<std::string> documents, results;
  for (const Task& t : plan_.tasks) {
    const std::string& d = t.deliverable;
    if (d.size() >= 2 && d[0] >= 'a' && d[0] <= 'm' && d[1] == ')')
      documents.insert(d.substr(0, 2));
    if (d.size() >= 2 && d[0] >= '1' && d[0] <= '5' && d[1] == '.') results.insert(d.substr(0, 2));
  }
  EXPECT_EQ(documents, (std::set<std::string>{"a)", "b)", "c)", "d)", "e)", "f)", "g)", "h)", "i)",
                                              "j)", "k)", "l)", "m)"}));
  EXPECT_EQ(results, (std::set<std::string>{"1.", "2.", "3.", "4.", "5."}));
  EXPECT_EQ(Find("analysis.criteria")->deliverable,
            "f) Критерии оценки эффективности работы регионального партнера");
}

TEST_F(DistributionTransitionTest, EveryWorkItemOfTheSeedIsATask) {
  // A sample of the seed's own wording, one per stage part.
  for (const char* name : {
           "Оценка эффективности работы «региональных партнёров»",
           "Определение целевых показателей развития продаж и географии продаж",
           "Выделение региональных клиентов 1 и 2 уровня",
           "Переговоры с новым региональным партнером о начале сотрудничества",
           "Участие, проведение и организация рабочих совещаниях",
       }) {
    bool found = false;
    for (const Task& t : plan_.tasks) found = found || t.name == name;
    EXPECT_TRUE(found) << name;
  }
}

}  // namespace
}  // namespace rollout
