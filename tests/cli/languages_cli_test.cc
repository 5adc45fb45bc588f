// The command line in Russian (issue #18, cli.md "Languages"): the help of
// rollout and of its commands (CLI11's own words included), usage errors,
// refusals and outputs; how the language is chosen (--lang over
// $ROLLOUT_LANG over the locale); and --json that does not change with it.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/testing/run_binary.h"
#include "tests/testing/test_db.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

using testing::Rollout;
using testing::RunResult;

// No language from the developer's environment: only what a test sets.
const std::vector<std::string> kNoLocale = {"ROLLOUT_LANG=", "LC_ALL=", "LC_MESSAGES=", "LANG="};

std::vector<std::string> Env(std::vector<std::string> extra) {
  std::vector<std::string> env = extra;
  env.insert(env.end(), kNoLocale.begin(), kNoLocale.end());  // the first match wins
  return env;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool HasLine(const std::string& text, const std::string& line) {
  for (const std::string& l : Lines(text))
    if (l == line) return true;
  return false;
}

TEST(LanguagesCli, CommandHelpIsRussian) {
  RunResult r = Rollout({"--lang", "ru", "critical", "--help"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "критические цепочки PLAN по порядку, с их длительностью\n"
            "Использование: rollout critical [ПАРАМЕТРЫ] [PLAN]\n"
            "\n"
            "Аргументы:\n"
            "  PLAN ТЕКСТ                  файл плана (YAML или JSON); без него — прогноз из базы "
            "данных на момент --now\n"
            "\n"
            "Параметры:\n"
            "  -h,--help                   Показать эту справку и выйти\n"
            "  --limit ЦЕЛОЕ:ПОЛОЖИТЕЛЬНОЕ вывести не больше N цепочек (по умолчанию 50)\n"
            "\n"
            "Общие параметры (до или после команды):\n"
            "  --db ПУТЬ          база данных (иначе $ROLLOUT_DB, иначе "
            "$XDG_DATA_HOME/rollout/rollout.db)\n"
            "  --as УЧАСТНИК      действовать от имени этого участника (иначе $ROLLOUT_USER, "
            "иначе имя входа)\n"
            "  --now ВРЕМЯ        ГГГГ-ММ-ДДTЧЧ:ММ в часовом поясе плана (иначе $ROLLOUT_NOW, "
            "иначе текущее время)\n"
            "  --project ID       проект (иначе $ROLLOUT_PROJECT, иначе единственный)\n"
            "  --json             JSON вместо текста\n"
            "  --timings          строки `phase NAME MS` в stderr\n"
            "  --version          версия rollout\n");
}

TEST(LanguagesCli, MainHelpIsRussianAndEnglishStaysCli11s) {
  RunResult ru = Rollout({"--help"}, Env({"ROLLOUT_LANG=ru"}));
  ASSERT_EQ(ru.exit_code, 0) << ru.err;
  EXPECT_TRUE(HasLine(ru.out, "Использование: rollout [ПАРАМЕТРЫ] КОМАНДА")) << ru.out;
  EXPECT_TRUE(HasLine(ru.out, "Параметры:")) << ru.out;
  EXPECT_TRUE(HasLine(ru.out, "Команды:")) << ru.out;
  EXPECT_TRUE(HasLine(ru.out, "  --json                      выводить JSON вместо текста"))
      << ru.out;
  EXPECT_TRUE(HasLine(ru.out, "  --version                   Показать версию программы и выйти"))
      << ru.out;
  EXPECT_TRUE(HasLine(ru.out, "  plan                        работа с файлами планов")) << ru.out;
  EXPECT_TRUE(HasLine(ru.out, "  token                       токены доступа к серверу команды"))
      << ru.out;

  RunResult en = Rollout({"--help"});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_TRUE(HasLine(en.out, "Usage: rollout [OPTIONS] SUBCOMMAND")) << en.out;
  EXPECT_TRUE(HasLine(en.out, "  --json                      print JSON instead of text"))
      << en.out;
  EXPECT_TRUE(HasLine(en.out, "Subcommands:")) << en.out;
}

// CLI11 pads its left column by bytes; a Russian type name ("ТЕКСТ") is
// twice as many bytes as columns. Every description starts at column 30.
TEST(LanguagesCli, RussianHelpColumnsAlignByDisplayWidth) {
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
           {"schedule"}, {"risk"}, {"token", "issue"}, {"serve"}, {"progress"}, {"export"}}) {
    std::vector<std::string> args = {"--lang", "ru"};
    args.insert(args.end(), command.begin(), command.end());
    args.push_back("--help");
    RunResult r = Rollout(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    int rows = 0;
    bool in_footer = false;
    for (const std::string& line : Lines(r.out)) {
      if (line.rfind("Общие параметры", 0) == 0) in_footer = true;  // aligned by hand
      if (in_footer || line.rfind("  ", 0) != 0 || line.size() < 32) continue;
      const size_t gap = line.find("  ", 2);
      if (gap == std::string::npos || DisplayWidth(line.substr(0, gap)) >= 30) continue;
      const size_t text = line.find_first_not_of(' ', gap);
      EXPECT_EQ(DisplayWidth(line.substr(0, text)), 30) << command[0] << ": " << line;
      ++rows;
    }
    EXPECT_GE(rows, 2) << r.out;
  }
}

TEST(LanguagesCli, UsageErrorsAreRussian) {
  RunResult missing = Rollout({"--lang", "ru", "gate", "approve"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err,
            "rollout: error: нужно указать GATE\n"
            "hint: см. 'rollout --help' или 'rollout КОМАНДА --help'\n");
  EXPECT_EQ(missing.out, "");

  RunResult range = Rollout({"--lang", "ru", "critical", "--limit", "0"});
  EXPECT_EQ(range.exit_code, 2);
  EXPECT_EQ(range.err.substr(0, range.err.find('\n')),
            "rollout: error: --limit: 0 — не положительное число");

  RunResult effort = Rollout({"--lang", "ru", "schedule", "x.yaml", "--effort", "0"});
  EXPECT_EQ(effort.exit_code, 2);
  EXPECT_EQ(effort.err.substr(0, effort.err.find('\n')),
            "rollout: error: --effort: значение 0 вне диапазона от 1 до 100000000");

  RunResult extra = Rollout({"--lang", "ru", "critical", "a.yaml", "b.yaml"});
  EXPECT_EQ(extra.exit_code, 2);
  EXPECT_EQ(extra.err.substr(0, extra.err.find('\n')), "rollout: error: лишний аргумент: b.yaml");

  RunResult command = Rollout({"--lang", "ru", "frobnicate"});
  EXPECT_EQ(command.exit_code, 2);
  EXPECT_EQ(command.err,
            "rollout: error: неизвестная команда «frobnicate»\n"
            "hint: список команд: 'rollout --help'\n");

  RunResult format = Rollout({"--lang", "ru", "export", "pdf", "plan.yaml"});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_EQ(format.err,
            "rollout: error: неизвестный формат экспорта «pdf»\n"
            "hint: форматы: dot, csv, ics, mspdi и html\n");
}

TEST(LanguagesCli, TheSameUsageErrorsStayEnglish) {
  RunResult missing = Rollout({"gate", "approve"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err,
            "rollout: error: GATE is required\n"
            "hint: run 'rollout --help' or 'rollout COMMAND --help'\n");
  RunResult effort = Rollout({"schedule", "x.yaml", "--effort", "0"});
  EXPECT_EQ(effort.err.substr(0, effort.err.find('\n')),
            "rollout: error: --effort: Value 0 not in range 1 to 100000000");
}

const char* kShop = R"(plan: shop
title: "Магазин"
start: 2027-01-11
roles:
  lead: {name: "Руководитель"}
  manager: {name: "Менеджер"}
people:
  - {id: ivanov, name: "Иван Иванов", roles: [lead]}
  - {id: petrov, name: "Пётр Петров", roles: [manager]}
tasks:
  - {id: a, name: "Оценка", duration: 5, assignee: [ivanov]}
  - {id: b, name: "Закупка", duration: 3, after: [a], assignee: [petrov]}
  - {id: g, after: [b], gate: {approve: [ivanov]}}
)";

// The shop's plan in a database of |backend|.
struct Shop {
  explicit Shop(testing::Backend backend) : database(backend) {}
  testing::ScopedTempDir dir;
  std::string plan = dir.Write("shop.yaml", kShop);
  testing::TestDatabase database;
  std::string db = database.location();
  RunResult Run(const std::string& lang, const std::string& as,
                std::vector<std::string> args) const {
    std::vector<std::string> all = {"--lang", lang, "--db",  db,
                                    "--as",   as,   "--now", "2027-01-12T10:00"};
    all.insert(all.end(), args.begin(), args.end());
    return Rollout(all);
  }
};

// What the database commands print, on both backends.
class LanguagesDb : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(LanguagesDb, OutputsAndRefusalsAreRussian) {
  Shop shop(GetParam());
  RunResult load = shop.Run("ru", "ivanov", {"load", shop.plan});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  EXPECT_EQ(load.out, "план shop загружен как версия 1 в " + shop.db +
                          ": 3 задачи, окончание по базовому плану 20.01.2027 (8 рабочих дней)\n");

  // Refused (exit 3), nothing written: the line and the hint in Russian.
  RunResult approve = shop.Run("ru", "petrov", {"gate", "approve", "g"});
  EXPECT_EQ(approve.exit_code, 3);
  const std::vector<std::string> lines = Lines(approve.err);
  ASSERT_EQ(lines.size(), 3u) << approve.err;
  EXPECT_EQ(lines[0], "rollout: error: нельзя утвердить контрольную точку «g»:");
  EXPECT_EQ(lines[2], "hint: укажите в --as одного из утверждающих");
  EXPECT_EQ(approve.out, "");

  RunResult done = shop.Run("ru", "petrov", {"done", "a"});
  EXPECT_EQ(done.exit_code, 3);
  EXPECT_EQ(Lines(done.err).back(),
            "hint: попросите исполнителя или руководителя проекта отметить это");

  RunResult start = shop.Run("ru", "ivanov", {"start", "a"});
  ASSERT_EQ(start.exit_code, 0) << start.err;
  EXPECT_EQ(start.out, "задача «a» (Оценка) начата 12.01.2027\n");
  RunResult again = shop.Run("ru", "ivanov", {"start", "a"});
  EXPECT_EQ(again.out, "«a» (Оценка) уже начата (12.01.2027); ничего не изменилось\n");
  RunResult left = shop.Run("ru", "ivanov", {"progress", "a", "--remaining", "2"});
  ASSERT_EQ(left.exit_code, 0) << left.err;
  EXPECT_EQ(left.out, "«a» (Оценка): осталось 2 рабочих дня на 12.01.2027\n");
  RunResult reopen = shop.Run("ru", "ivanov", {"reopen", "a"});
  EXPECT_EQ(reopen.out, "задача «a» (Оценка) открыта снова: теперь запланирована\n");
  RunResult started_en = shop.Run("en", "ivanov", {"start", "a"});
  EXPECT_EQ(started_en.out, "started 'a' (Оценка) on 2027-01-12\n");

  RunResult baseline = shop.Run("ru", "ivanov", {"baseline"});
  ASSERT_EQ(baseline.exit_code, 0) << baseline.err;
  EXPECT_EQ(baseline.out.rfind("новый базовый план: окончание ", 0), 0u) << baseline.out;

  RunResult forecast = shop.Run("ru", "ivanov", {"schedule"});
  ASSERT_EQ(forecast.exit_code, 0) << forecast.err;
  EXPECT_EQ(Lines(forecast.out)[0], "прогноз на 12.01.2027 10:00:00+00:00");

  RunResult issued = shop.Run("ru", "ivanov", {"token", "issue", "petrov"});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  EXPECT_EQ(Lines(issued.out)[0], "токен №1 для petrov");
  EXPECT_EQ(issued.err,
            "rollout: этот токен показан один раз; база данных хранит только его хеш\n");
  RunResult tokens = shop.Run("ru", "ivanov", {"token", "list"});
  ASSERT_EQ(tokens.exit_code, 0) << tokens.err;
  EXPECT_EQ(tokens.out,
            "ID  УЧАСТНИК  СОСТОЯНИЕ  ДЕЙСТВУЕТ ДО  СОЗДАН                             НАЗВАНИЕ\n"
            "1   petrov    действует  бессрочно     12.01.2027 10:00:00+00:00, ivanov\n");
}

TEST(LanguagesCli, PlanCheckCountsTakeRussianPlurals) {
  RunResult r = Rollout({"--lang", "ru", "plan", "check", testing::DataPath("good_small.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, testing::DataPath("good_small.yaml") +
                       ": план «small» корректен: 3 задачи, 1 этап, 1 контрольная точка, "
                       "1 участник; 253 рабочих дня с 11.01.2027 по 31.12.2027\n");
  RunResult en = Rollout({"--lang", "en", "plan", "check", testing::DataPath("good_small.yaml")});
  EXPECT_EQ(en.out, testing::DataPath("good_small.yaml") +
                        ": plan 'small' is valid: 3 tasks, 1 group, 1 gate, 1 person; "
                        "253 working days from 2027-01-11 to 2027-12-31\n");
}

// --lang, else $ROLLOUT_LANG, else LC_ALL / LC_MESSAGES / LANG, else English.
TEST(LanguagesCli, TheLanguageIsChosenByFlagThenEnvironmentThenLocale) {
  const std::vector<std::string> args = {"frobnicate"};
  const std::string ru = "rollout: error: неизвестная команда «frobnicate»\n";
  const std::string en = "rollout: error: unknown command 'frobnicate'\n";
  auto first = [](const RunResult& r) { return r.err.substr(0, r.err.find('\n') + 1); };

  EXPECT_EQ(first(Rollout(args, Env({}))), en);
  EXPECT_EQ(first(Rollout(args, Env({"ROLLOUT_LANG=ru"}))), ru);
  EXPECT_EQ(first(Rollout(args, Env({"ROLLOUT_LANG=", "LANG=ru_RU.UTF-8"}))), ru);
  EXPECT_EQ(first(Rollout(args, Env({"LC_MESSAGES=ru_RU.UTF-8", "LANG=en_US.UTF-8"}))), ru);
  EXPECT_EQ(first(Rollout(args, Env({"LC_ALL=C", "LANG=ru_RU.UTF-8"}))), en);
  EXPECT_EQ(first(Rollout(args, Env({"ROLLOUT_LANG=en", "LANG=ru_RU.UTF-8"}))), en);
  EXPECT_EQ(first(Rollout({"--lang", "en", "frobnicate"}, Env({"ROLLOUT_LANG=ru"}))), en);
  EXPECT_EQ(first(Rollout({"--lang", "en", "frobnicate"}, Env({"LANG=ru_RU.UTF-8"}))), en);
  EXPECT_EQ(first(Rollout({"--lang=ru", "frobnicate"}, Env({"ROLLOUT_LANG=en"}))), ru);
}

TEST(LanguagesCli, AnUnknownLanguageIsAUsageError) {
  RunResult flag = Rollout({"--lang", "de", "plan", "check", testing::DataPath("good_small.yaml")});
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_EQ(flag.out, "");
  EXPECT_EQ(flag.err,
            "rollout: error: unknown language 'de' for --lang\n"
            "hint: use --lang en or --lang ru\n");
  RunResult env =
      Rollout({"plan", "check", testing::DataPath("good_small.yaml")}, Env({"ROLLOUT_LANG=fr"}));
  EXPECT_EQ(env.exit_code, 2);
  EXPECT_EQ(env.out, "");
  EXPECT_NE(env.err.find("$ROLLOUT_LANG"), std::string::npos) << env.err;
}

// Scripts read --json: not one byte changes with the language.
TEST(LanguagesCli, JsonIsTheSameInBothLanguages) {
  const std::string small = testing::DataPath("good_small.yaml");
  const std::string risk = testing::DataPath("risk_small.yaml");
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"schedule", small, "--json"},
           {"schedule", small, "--level", "--json"},
           {"critical", small, "--json"},
           {"plan", "check", small, "--json"},
           {"risk", risk, "--json", "--iterations", "200", "--threads", "1"}}) {
    std::vector<std::string> en = {"--lang", "en"}, ru = {"--lang", "ru"};
    en.insert(en.end(), args.begin(), args.end());
    ru.insert(ru.end(), args.begin(), args.end());
    RunResult e = Rollout(en), r = Rollout(ru);
    ASSERT_EQ(e.exit_code, 0) << args[0] << ": " << e.err;
    ASSERT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    EXPECT_EQ(e.out.front(), '{') << args[0];
    EXPECT_EQ(e.out, r.out) << args[0];
  }
}

TEST_P(LanguagesDb, JsonIsTheSameInBothLanguages) {
  Shop shop(GetParam());
  ASSERT_EQ(shop.Run("en", "ivanov", {"load", shop.plan}).exit_code, 0);
  ASSERT_EQ(shop.Run("en", "ivanov", {"start", "a"}).exit_code, 0);
  ASSERT_EQ(shop.Run("en", "ivanov", {"token", "issue", "petrov"}).exit_code, 0);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"schedule", "--json"}, {"critical", "--json"}, {"token", "list", "--json"}}) {
    std::vector<std::string> with = args;
    RunResult e = shop.Run("en", "ivanov", with), r = shop.Run("ru", "ivanov", with);
    ASSERT_EQ(e.exit_code, 0) << args[0] << ": " << e.err;
    EXPECT_FALSE(e.out.empty()) << args[0];
    EXPECT_EQ(e.out, r.out) << args[0];
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, LanguagesDb, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout
