// The refusals of the use cases in the thread's language (po/messages.h):
// each in English outside any scope (today's words, unchanged) and in
// Russian inside LangScope(kRu), with the same code and subject; on both
// backends (a real SQLite file, a real PostgreSQL database) with the
// engine fixture's plan loaded.
#include <gtest/gtest.h>

#include "app/inbox.h"
#include "app/lead_acts.h"
#include "app/progress_acts.h"
#include "app/session.h"
#include "app/tokens.h"
#include "po/messages.h"
#include "tests/testing/engine_fixture.h"

namespace rollout::testing {
namespace {

constexpr Instant kNow = 1799665200;  // 2027-01-11T11:00Z, day 0 of kEnginePlan

struct Said {
  ErrorCode code = ErrorCode::kFailure;
  std::string message, hint, subject;
};

template <class R>
Said First(const R& r) {
  EXPECT_FALSE(r.ok());
  if (r.ok()) return {};
  const Error& e = r.errors().front();
  return {e.code, e.message, e.hint, e.subject};
}

class AppLang : public ::testing::TestWithParam<Backend> {
 protected:
  Session As(const std::string& person) {
    SessionRequest r;
    r.actor = person;
    r.clock = kNow;
    Result<Session> s = OpenSession(*store, r, true);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.errors()[0].message);
    return s.ok() ? std::move(s.value()) : Session{};
  }

  // |act| outside any scope and in Russian: the same code and subject.
  template <class F>
  void Expect(F act, const std::string& en, const std::string& ru) {
    const Said e = act();
    Said r;
    {
      LangScope scope(Lang::kRu);
      r = act();
    }
    EXPECT_EQ(e.message, en);
    EXPECT_EQ(r.message, ru);
    EXPECT_EQ(e.code, r.code) << en;
    EXPECT_EQ(e.subject, r.subject) << en;
    EXPECT_EQ(CurrentLang(), Lang::kEn);  // the scope ended
  }

  EngineFixture f{GetParam()};
  std::unique_ptr<Store> store = f.OpenStore();
};

TEST_P(AppLang, ProgressRefusals) {
  Expect([&] { return First(RecordProgress(As("ann"), ProgressVerb::kStart, "nope", "")); },
         "unknown task 'nope'", "неизвестная задача «nope»");
  Expect([&] { return First(RecordProgress(As("boss"), ProgressVerb::kDone, "g", "")); },
         "'g' is a gate: it passes by approval", "«g» — контрольная точка: она проходится утверждением");
  RemainingRequest two;
  two.remaining = 2;
  Expect([&] { return First(RecordRemaining(As("ann"), "a", two, "")); },
         "'a' is planned: remaining work is recorded on a started task",
         "задача «a» только запланирована: оставшуюся работу отмечают у начатой задачи");
  RemainingRequest both = two;
  both.percent = 50;
  Expect([&] { return First(RecordRemaining(As("ann"), "a", both, "")); },
         "give either the remaining work or a percentage",
         "укажите либо оставшуюся работу, либо процент выполнения");
}

TEST_P(AppLang, LeadActsAndTokens) {
  Expect([&] { return First(DecideGate(As("boss"), "g", false, "")); }, "a rejection needs a reason",
         "для отклонения нужна причина");
  Expect([&] { return First(DecideGate(As("boss"), "a", true, "")); }, "'a' is not a gate",
         "«a» — не контрольная точка");
  Expect([&] { return First(SetMetricValue(As("boss"), "kpi", "много")); },
         "bad value 'много' for metric 'kpi': expected a number",
         "неверное значение «много» показателя «kpi»: нужно число");
  Expect([&] { return First(IssueToken(As("ann"), "ann", 0, "")); },
         "only a lead may issue tokens; 'ann' is not a lead",
         "выдавать токены может только руководитель проекта; «ann» им не является");
  Expect([&] { return First(IssueToken(As("boss"), "boss", 99999, "")); },
         "a token expires after 0 (never) to 3650 days, not 99999",
         "срок действия токена — от 0 (бессрочно) до 3650 дней, а не 99999");
  Expect([&] { return First(AckAlert(As("ann"), 12345)); }, "no alert #12345", "нет оповещения №12345");
}

TEST_P(AppLang, SessionAndStorage) {
  Expect(
      [&] {
        SessionRequest r;
        r.project = "nope";
        r.actor = "boss";
        r.clock = kNow;
        return First(OpenSession(*store, r, false));
      },
      "no project 'nope' in the database " + f.db() + "; it holds: eng",
      "в базе данных " + f.db() + " нет проекта «nope»; в ней есть: eng");
  Expect(
      [&] {
        SessionRequest r;
        r.actor = "boss";
        r.now_text = "tomorrow";
        r.clock = kNow;
        return First(OpenSession(*store, r, false));
      },
      "bad time 'tomorrow': expected YYYY-MM-DDTHH:MM",
      "неверное время «tomorrow»: нужно ГГГГ-ММ-ДДTЧЧ:ММ (YYYY-MM-DDTHH:MM)");
  const std::string missing = f.dir() + "/missing.db";
  Expect([&] { return First(rollout::OpenStore(missing, OpenMode::kExisting)); },
         "cannot open the database " + missing + ": no such file",
         "не удалось открыть базу данных " + missing + ": нет такого файла");
}

INSTANTIATE_TEST_SUITE_P(Backends, AppLang, AllBackends(), BackendName);

}  // namespace
}  // namespace rollout::testing
