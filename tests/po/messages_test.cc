// The message catalogue at run time: the Russian of po/ru.po as built into
// the binary, its plural rule, the thread's language and the dates people
// read. (That every message has a translation: tests/po/catalogue_test.sh.)
#include "po/messages.h"

#include <gtest/gtest.h>

#include <thread>

#include "tools/cli/cli.h"

namespace rollout {
namespace {

TEST(Messages, EnglishIsTheMessageItself) {
  LangScope en(Lang::kEn);
  EXPECT_EQ(Tr("task {0} is late by {1}", "a1", 3), "task a1 is late by 3");
  EXPECT_EQ(WorkingDays(1), "1 working day");
  EXPECT_EQ(WorkingDays(-1), "-1 working day");
  EXPECT_EQ(WorkingDays(5), "5 working days");
}

TEST(Messages, RussianPluralsFollowTheCataloguesRule) {
  LangScope ru(Lang::kRu);
  EXPECT_EQ(WorkingDays(1), "1 рабочий день");
  EXPECT_EQ(WorkingDays(2), "2 рабочих дня");
  EXPECT_EQ(WorkingDays(4), "4 рабочих дня");
  EXPECT_EQ(WorkingDays(5), "5 рабочих дней");
  EXPECT_EQ(WorkingDays(11), "11 рабочих дней");
  EXPECT_EQ(WorkingDays(12), "12 рабочих дней");
  EXPECT_EQ(WorkingDays(21), "21 рабочий день");
  EXPECT_EQ(WorkingDays(22), "22 рабочих дня");
  EXPECT_EQ(WorkingDays(111), "111 рабочих дней");
  EXPECT_EQ(WorkingDays(-2), "-2 рабочих дня");
}

TEST(Messages, AMessageWithoutATranslationStaysEnglish) {
  LangScope ru(Lang::kRu);
  EXPECT_EQ(Tr("no such message {0}", "x"), "no such message x");
}

TEST(Messages, PlaceholdersAndBraces) {
  EXPECT_EQ(FormatMessage("{1} before {0}", {"a", "b"}), "b before a");
  EXPECT_EQ(FormatMessage("{{0}} is {0}", {"x"}), "{0} is x");
  EXPECT_EQ(FormatMessage("{metric, min} {5} {", {"x"}), "{metric, min} {5} {");
  EXPECT_EQ(FormatMessage("{0}{0}", {std::string("ab")}), "abab");
}

TEST(Messages, TheLanguageIsTheThreadsAndScopesNest) {
  ASSERT_EQ(CurrentLang(), DefaultLang());
  {
    LangScope ru(Lang::kRu);
    EXPECT_EQ(CurrentLang(), Lang::kRu);
    Lang other = Lang::kRu;
    std::thread([&] { other = CurrentLang(); }).join();
    EXPECT_EQ(other, DefaultLang());
    {
      LangScope en(Lang::kEn);
      EXPECT_EQ(CurrentLang(), Lang::kEn);
    }
    EXPECT_EQ(CurrentLang(), Lang::kRu);
  }
  EXPECT_EQ(CurrentLang(), DefaultLang());
}

TEST(Messages, DatesAsPeopleReadThem) {
  {
    LangScope en(Lang::kEn);
    EXPECT_EQ(HumanDate("2027-03-15"), "2027-03-15");
    EXPECT_EQ(MonthName(5), "May");
    EXPECT_EQ(LongDate(2027, 3, 15), "15 March 2027");
  }
  LangScope ru(Lang::kRu);
  EXPECT_EQ(HumanDate("2027-03-15"), "15.03.2027");
  EXPECT_EQ(HumanDate("2027-03-15 09:30"), "15.03.2027 09:30");
  EXPECT_EQ(HumanDate("—"), "—");
  EXPECT_EQ(MonthName(3), "март");
  EXPECT_EQ(MonthName(5), "май");
  EXPECT_EQ(LongDate(2027, 3, 15), "15 марта 2027");
  EXPECT_EQ(LongDate(2027, 5, 1), "1 мая 2027");
}

TEST(Messages, LanguageCodesAndLocales) {
  EXPECT_EQ(LangFromCode("ru"), Lang::kRu);
  EXPECT_EQ(LangFromCode("en"), Lang::kEn);
  EXPECT_EQ(LangFromCode("de"), std::nullopt);
  EXPECT_EQ(LangFromCode("RU"), std::nullopt);
  EXPECT_EQ(LangFromLocale("ru_RU.UTF-8"), Lang::kRu);
  EXPECT_EQ(LangFromLocale("ru"), Lang::kRu);
  EXPECT_EQ(LangFromLocale("C.UTF-8"), Lang::kEn);
  EXPECT_EQ(LangFromLocale("en_GB"), Lang::kEn);
  EXPECT_STREQ(LangCode(Lang::kRu), "ru");
}

TEST(Messages, TheRunsLanguageFlagOverEnvironmentOverLocale) {
  std::string error;
  EXPECT_EQ(ChooseLang("ru", "en", "en_US", nullptr, nullptr, &error), Lang::kRu);
  EXPECT_EQ(ChooseLang("", "ru", "en_US", nullptr, nullptr, &error), Lang::kRu);
  EXPECT_EQ(ChooseLang("", "", "ru_RU.UTF-8", "en_US", "en_US", &error), Lang::kRu);
  EXPECT_EQ(ChooseLang("", nullptr, "", "ru_RU.UTF-8", "en_US", &error), Lang::kRu);
  EXPECT_EQ(ChooseLang("", nullptr, nullptr, nullptr, "ru_UA.UTF-8", &error), Lang::kRu);
  EXPECT_EQ(ChooseLang("", nullptr, "C", "ru_RU.UTF-8", nullptr, &error), Lang::kEn);
  EXPECT_EQ(ChooseLang("", nullptr, nullptr, nullptr, nullptr, &error), Lang::kEn);
  EXPECT_TRUE(error.empty());
  EXPECT_EQ(ChooseLang("de", nullptr, nullptr, nullptr, nullptr, &error), std::nullopt);
  EXPECT_NE(error.find("'de'"), std::string::npos);
  error.clear();
  EXPECT_EQ(ChooseLang("", "fr", nullptr, nullptr, nullptr, &error), std::nullopt);
  EXPECT_NE(error.find("ROLLOUT_LANG"), std::string::npos);
}

}  // namespace
}  // namespace rollout
