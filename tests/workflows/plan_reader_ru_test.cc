// The plan reader's messages in Russian, in process (the CLI goldens are in
// tests/cli/plan_check_test.cc): yaml-cpp's own syntax words through the
// catalogue, the file-level errors, positions that do not depend on the
// language.
#include <gtest/gtest.h>

#include <string>

#include "po/messages.h"
#include "tests/testing/run_binary.h"
#include "workflows/plan_reader.h"

namespace rollout {
namespace {

std::string FirstError(const Result<Plan>& r) { return r.ok() ? "" : r.errors()[0].message; }

TEST(PlanReaderRussian, YamlCppSyntaxWordsAreTranslated) {
  const std::string text = "plan: p\nstart: 2027-01-11\ntasks: [{id: a, duration: 1}\n";
  Result<Plan> en = [&] {
    LangScope s(Lang::kEn);
    return ReadPlan("p.yaml", text);
  }();
  Result<Plan> ru = [&] {
    LangScope s(Lang::kRu);
    return ReadPlan("p.yaml", text);
  }();
  ASSERT_FALSE(en.ok());
  ASSERT_FALSE(ru.ok());
  EXPECT_EQ(FirstError(en), "malformed YAML: end of sequence flow not found");
  EXPECT_EQ(FirstError(ru), "ошибка в YAML: не найден конец списка в квадратных скобках");
  // The same place in both languages.
  EXPECT_EQ(en.errors()[0].loc.line, ru.errors()[0].loc.line);
  EXPECT_EQ(en.errors()[0].loc.col, ru.errors()[0].loc.col);
}

TEST(PlanReaderRussian, TabInTheIndentation) {
  LangScope s(Lang::kRu);
  Result<Plan> r = ReadPlan("p.yaml", "plan: p\nstart: 2027-01-11\ntasks:\n\t- {id: a}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].message, "символ табуляции в отступе");
  EXPECT_EQ(r.errors()[0].hint,
            "в YAML отступы делаются только пробелами: замените табуляцию пробелами");
  EXPECT_EQ(r.errors()[0].loc.line, 4);
}

TEST(PlanReaderRussian, JsonErrorsKeepTheirPositions) {
  // A JSON plan's errors are located through yaml-cpp; in Russian too.
  const std::string text =
      "{\"plan\": \"p\", \"start\": \"2027-01-11\",\n"
      " \"tasks\": [{\"id\": \"a\", \"durration\": 2}]}\n";
  LangScope s(Lang::kRu);
  Result<Plan> r = ReadPlan("p.json", text);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors().size(), 2u);
  EXPECT_EQ(r.errors()[0].message, "у задачи «a» нет «duration»");
  EXPECT_EQ(r.errors()[1].message, "неизвестный ключ «durration» в задаче");
  EXPECT_EQ(r.errors()[1].hint, "может быть, «duration»?");
  EXPECT_EQ(r.errors()[1].loc.line, 2);
  EXPECT_EQ(r.errors()[1].loc.col, 24);  // the key's opening quote
}

TEST(PlanReaderRussian, DuplicateKeySaysWhereTheFirstIs) {
  LangScope s(Lang::kRu);
  Result<Plan> r = ReadPlan("p.yaml", "plan: p\nstart: 2027-01-11\nplan: q\ntasks: []\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors()[0].message, "повторяющийся ключ «plan»");
  EXPECT_EQ(r.errors()[0].hint, "первый — в строке 1; пишите каждый ключ один раз");
}

TEST(PlanReaderRussian, FileErrors) {
  testing::ScopedTempDir tmp;
  const std::string path = tmp.Write("plan.yaml", "plan: p\n");
  LangScope s(Lang::kRu);
  std::string text;
  Errors big = ReadPlanFile(path, &text, 1);
  ASSERT_EQ(big.size(), 1u);
  EXPECT_EQ(big[0].message, "файл плана больше 1 байта");
  EXPECT_EQ(big[0].hint, "файл плана может занимать не больше 1 байта");
  EXPECT_EQ(ReadPlanFile(path, &text, 5)[0].message, "файл плана больше 5 байт");

  Result<Plan> missing = LoadPlanFile(tmp.path() + "/none.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.errors()[0].message, "не удаётся прочитать файл плана «" + tmp.path() +
                                             "/none.yaml»: файла нет или он недоступен для чтения");
  EXPECT_EQ(missing.errors()[0].hint, "проверьте путь");

  Result<Plan> empty = ReadPlan("p.yaml", " \n");
  EXPECT_EQ(FirstError(empty), "файл плана пуст");
}

TEST(PlanReaderRussian, EnglishFileErrorsAreUnchanged) {
  LangScope s(Lang::kEn);
  Result<Plan> missing = LoadPlanFile("/nonexistent/none.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.errors()[0].message,
            "cannot read plan file '/nonexistent/none.yaml': no such file or not readable");
  EXPECT_EQ(missing.errors()[0].hint, "check the path");
}

}  // namespace
}  // namespace rollout
