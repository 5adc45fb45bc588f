// The engine's refusals and plan errors in Russian (po/ru.engine.po), in
// process: a LangScope picks the language, as the server does per request.
// The English of the same calls is today's text, unchanged.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/email_address.h"
#include "engine/gates.h"
#include "engine/progress_rules.h"
#include "engine/spellcheck.h"
#include "po/messages.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

//   a --> g (kpi >= 5; approved by boss) --> b
class EngineRussianTest : public ::testing::Test {
 protected:
  EngineRussianTest() {
    Result<Plan> r = ReadPlan("test.yaml", R"(plan: p
start: 2027-01-11
roles: {lead: {name: L}, manager: {name: M}}
people:
  - {id: boss, roles: [lead]}
  - {id: ann, roles: [manager]}
metrics: {kpi: {name: K}}
tasks:
  - {id: a, duration: 2, assignee: ann}
  - {id: g, after: [a], gate: {approve: [boss], metrics: [{metric: kpi, min: 5}]}}
  - {id: b, duration: 1, after: [g]}
)");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.errors()[0].message);
    plan_ = std::move(r.value());
    net_ = std::move(BuildNetwork(plan_, IndexTasks(plan_)).value());
  }
  int T(const char* id) const { return plan_.FindTask(id); }

  Plan plan_;
  Network net_;
  Progress progress_;
};

TEST_F(EngineRussianTest, GateNotReadyNotApproverAndKpiShort) {
  LangScope ru(Lang::kRu);
  GateCheck ready = CheckApprove(plan_, net_, T("g"), progress_, "boss");
  EXPECT_EQ(ready.refusal, GateRefusal::kNotReady);
  EXPECT_EQ(ready.reasons,
            std::vector<std::string>{"контрольная точка «g» не готова: «a» не выполнена"});

  GateCheck who = CheckApprove(plan_, net_, T("g"), progress_, "ann");
  EXPECT_EQ(who.refusal, GateRefusal::kNotApprover);
  EXPECT_EQ(who.reasons,
            std::vector<std::string>{
                "«ann» не может утвердить контрольную точку «g»; её утверждающие: boss"});

  progress_.tasks["a"].state = TaskState::kDone;
  GateCheck none = CheckApprove(plan_, net_, T("g"), progress_, "boss");
  EXPECT_EQ(none.refusal, GateRefusal::kKpiShort);
  EXPECT_EQ(none.reasons, std::vector<std::string>{
                              "у показателя «kpi» нет записанного значения, нужно не меньше 5"});
  progress_.metrics["kpi"] = 3.5;
  GateCheck short_kpi = CheckApprove(plan_, net_, T("g"), progress_, "boss");
  EXPECT_EQ(
      short_kpi.reasons,
      std::vector<std::string>{"показатель «kpi» равен 3.5, нужно не меньше 5 (не хватает 1.5)"});

  progress_.gates["g"].passed = true;
  GateCheck passed = CheckReject(plan_, T("g"), progress_, "boss");
  EXPECT_EQ(passed.refusal, GateRefusal::kAlreadyPassed);
  EXPECT_EQ(passed.reasons,
            std::vector<std::string>{"контрольная точка «g» уже пройдена, и отклонить её нельзя"});
}

TEST_F(EngineRussianTest, TheSameRefusalInEnglishIsTodaysText) {
  LangScope en(Lang::kEn);
  GateCheck ready = CheckApprove(plan_, net_, T("g"), progress_, "boss");
  EXPECT_EQ(ready.reasons, std::vector<std::string>{"gate 'g' is not ready: 'a' is not done"});
  RuleCheck r = CanStart({"ann", true, false}, {"b", {"ann"}, TaskState::kPlanned, {"g"}, {}});
  EXPECT_EQ(r.reason, "cannot start 'b': gate 'g' has not passed");
}

TEST(ProgressRulesRussian, BlockedByGateNotAssignedAndNotLead) {
  LangScope ru(Lang::kRu);
  const Actor ann{"ann", true, false};
  RuleCheck start = CanStart(ann, {"b", {"ann"}, TaskState::kPlanned, {"g"}, {}});
  EXPECT_EQ(start.refusal, Refusal::kBlockedByGate);
  EXPECT_EQ(start.reason, "нельзя начать «b»: контрольная точка «g» не пройдена");
  RuleCheck finish = CanFinish(ann, {"b", {"ann"}, TaskState::kStarted, {"g"}, {}});
  EXPECT_EQ(finish.reason, "нельзя завершить «b»: контрольная точка «g» не пройдена");

  RuleCheck warned = CanStart(ann, {"b", {"ann"}, TaskState::kPlanned, {}, {"a", "c"}});
  EXPECT_TRUE(warned.allowed());
  EXPECT_EQ(warned.warnings, std::vector<std::string>{
                                 "«b» начинается раньше, чем выполнены её предшественники: a, c"});

  RuleCheck nobody = CanChange(ann, {"x", {}, TaskState::kPlanned, {}, {}});
  EXPECT_EQ(nobody.refusal, Refusal::kNotAssigned);
  EXPECT_EQ(nobody.reason,
            "«ann» не может изменять «x»: задача назначена: никому, и изменять её могут только "
            "они или руководитель проекта");

  RuleCheck stranger = CanChange({"eve", false, false}, {"x", {}, TaskState::kPlanned, {}, {}});
  EXPECT_EQ(stranger.reason, "«eve» — не участник плана");

  // The caller's English phrase is looked up as its own message.
  RuleCheck lead = CanLead(ann, Tr("load a plan"));
  EXPECT_EQ(lead.refusal, Refusal::kNotLead);
  EXPECT_EQ(lead.reason,
            "только руководитель проекта (участник с ролью «lead») может загружать план; «ann» — "
            "не руководитель");
}

TEST(PlanValidatorRussian, PluralFormsOfPeopleNeeded) {
  // 1 участник, 2 участника, 5 участников: the catalogue's plural rule.
  auto error_for = [](int count) {
    const std::string text =
        "plan: p\nstart: 2027-01-11\nroles: {m: {name: M}}\ntasks:\n"
        "  - {id: a, duration: 1, needs: {m: " +
        std::to_string(count) + "}}\n";
    LangScope ru(Lang::kRu);
    Result<Plan> r = ReadPlan("p.yaml", text);
    return r.ok() ? std::string() : r.errors()[0].message;
  };
  EXPECT_EQ(error_for(1), "задаче «a» нужен 1 участник с ролью «m», а эта роль есть только у 0");
  EXPECT_EQ(error_for(2), "задаче «a» нужны 2 участника с ролью «m», а эта роль есть только у 0");
  EXPECT_EQ(error_for(5), "задаче «a» нужно 5 участников с ролью «m», а эта роль есть только у 0");
  EXPECT_EQ(error_for(21), "задаче «a» нужен 21 участник с ролью «m», а эта роль есть только у 0");
}

TEST(SpellcheckRussian, DidYouMean) {
  LangScope ru(Lang::kRu);
  EXPECT_EQ(DidYouMean("nmae", {"name", "notes"}), "может быть, «name»?");
  EXPECT_EQ(DidYouMean("zzzzzz", {"name"}), "");
}

TEST(EmailAddressRussian, ProblemsAreTranslated) {
  LangScope ru(Lang::kRu);
  EXPECT_EQ(EmailAddressProblem("anna"), "в нём нет «@»");
  EXPECT_EQ(EmailAddressProblem("anna@localhost"),
            "в домене «localhost» нет точки (как в example.com)");
  EXPECT_EQ(EmailAddressProblem("anna@example.com"), "");
}

}  // namespace
}  // namespace rollout
