// The views in English and Russian (issue #18, cli.md "Languages"): golden
// outputs of `status`, `tasks` and the Gantt in both languages, the JSON of
// every view byte-identical whatever the language, the Russian columns
// aligned by display width, and `rollout demo` told in Russian when the
// locale is Russian. Real binary, real SQLite database (db_fixture.h).
//
// The goldens (tests/data/views/) are the outputs as a person reads them;
// the English ones are today's output, unchanged by the catalogue.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/cli/db_fixture.h"
#include "tests/testing/run_binary.h"
#include "tests/testing/test_db.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

using testing::DataPath;
using testing::DbFixture;
using testing::ExamplesPath;
using testing::ReadFile;
using testing::Rollout;
using testing::RunResult;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string Golden(const std::string& name) { return ReadFile(DataPath("views/" + name)); }

// The fixture on Monday 18 January: a started and late, e done, the gate
// closed behind b (status_test.cc has the arithmetic).
DbFixture& MidProject(DbFixture& f) {
  f.OkAt("2027-01-12T09:30", "petrova", {"start", "a"});
  f.OkAt("2027-01-12T11:00", "boss", {"done", "e"});
  f.now = "2027-01-18T10:00";
  return f;
}

RunResult In(const DbFixture& f, const char* lang, std::vector<std::string> args) {
  args.insert(args.begin(), {"--lang", lang});
  return f.As("boss", args);
}

class ViewsLangDb : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(ViewsLangDb, StatusGoldenInBothLanguages) {
  DbFixture f(GetParam());
  MidProject(f);
  RunResult en = In(f, "en", {"status"});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_EQ(en.out, Golden("status.en.txt"));
  RunResult ru = In(f, "ru", {"status"});
  ASSERT_EQ(ru.exit_code, 0) << ru.err;
  EXPECT_EQ(ru.out, Golden("status.ru.txt"));
  // $ROLLOUT_LANG chooses the same Russian as --lang.
  RunResult env = f.Run({"--as", "boss", "status"}, {"ROLLOUT_LANG=ru"});
  ASSERT_EQ(env.exit_code, 0) << env.err;
  EXPECT_EQ(env.out, ru.out);
}

TEST_P(ViewsLangDb, TasksGoldenInBothLanguages) {
  DbFixture f(GetParam());
  MidProject(f);
  RunResult en = In(f, "en", {"tasks"});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_EQ(en.out, Golden("tasks.en.txt"));
  RunResult ru = In(f, "ru", {"tasks"});
  ASSERT_EQ(ru.exit_code, 0) << ru.err;
  EXPECT_EQ(ru.out, Golden("tasks.ru.txt"));
}

// Every column of the Russian table starts at the same display column on
// every line: the headers are longer than the English ones and Cyrillic
// takes two bytes a letter.
TEST_P(ViewsLangDb, RussianTasksColumnsAlignByDisplayWidth) {
  DbFixture f(GetParam());
  MidProject(f);
  RunResult ru = In(f, "ru", {"tasks"});
  ASSERT_EQ(ru.exit_code, 0) << ru.err;
  const std::vector<std::string> lines = Lines(ru.out);
  ASSERT_GE(lines.size(), 3u) << ru.out;
  // The header's words and where they start.
  auto column_of = [](const std::string& line, const std::string& word) {
    const size_t at = line.find(word);
    return at == std::string::npos ? -1 : DisplayWidth(line.substr(0, at));
  };
  const int state = column_of(lines[0], "СОСТОЯНИЕ");
  const int forecast = column_of(lines[0], "ПРОГНОЗ");
  ASSERT_GT(state, 0) << lines[0];
  ASSERT_GT(forecast, state) << lines[0];
  int rows = 0;
  for (size_t k = 1; k + 1 < lines.size(); ++k) {
    const std::string& l = lines[k];
    for (const char* word : {"запланирована", "начата", "выполнена", "закрыта"})
      if (l.find(word) != std::string::npos) {
        EXPECT_EQ(column_of(l, word), state) << l;
      }
    // The forecast date (DD.MM.YYYY) starts under ПРОГНОЗ.
    const size_t year = l.find(".2027", l.find(".2027", l.find(".2027") + 1) + 1);
    ASSERT_NE(year, std::string::npos) << l;
    EXPECT_EQ(DisplayWidth(l.substr(0, year - 5)), forecast) << l;
    ++rows;
  }
  EXPECT_EQ(rows, 6) << ru.out;
  EXPECT_EQ(lines.back(), "6 задач");
}

TEST(ViewsLang, GanttOfAPlanGoldenInBothLanguages) {
  const std::string plan = ExamplesPath("constraints.yaml");
  RunResult en = Rollout({"--lang", "en", "gantt", plan, "--width", "100"});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_EQ(en.out, Golden("gantt.en.txt"));
  RunResult ru = Rollout({"--lang", "ru", "gantt", plan, "--width", "100"});
  ASSERT_EQ(ru.exit_code, 0) << ru.err;
  EXPECT_EQ(ru.out, Golden("gantt.ru.txt"));
  for (int width : {40, 63, 100, 160}) {
    RunResult r = Rollout({"--lang", "ru", "gantt", plan, "--width", std::to_string(width)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const std::string& line : Lines(r.out))
      EXPECT_LE(DisplayWidth(line), width) << width << ": " << line;
  }
}

TEST_P(ViewsLangDb, GanttOfTheDatabaseGoldenInBothLanguages) {
  DbFixture f(GetParam());
  MidProject(f);
  RunResult en = In(f, "en", {"gantt", "--width", "90"});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_EQ(en.out, Golden("gantt_db.en.txt"));
  RunResult ru = In(f, "ru", {"gantt", "--width", "90"});
  ASSERT_EQ(ru.exit_code, 0) << ru.err;
  EXPECT_EQ(ru.out, Golden("gantt_db.ru.txt"));
}

// |j| without the alerts' "message": the one human text in the JSON of the
// views, written in its reader's language (cli.md "Languages").
nlohmann::json WithoutAlertMessages(nlohmann::json j) {
  nlohmann::json* alerts = j.is_array() ? &j : (j.contains("alerts") ? &j["alerts"] : nullptr);
  if (alerts != nullptr)
    for (nlohmann::json& a : *alerts)
      if (a.is_object()) a.erase("message");
  return j;
}

// Scripts read the JSON: not a byte of it follows the language (but an
// alert's message, which is said in words).
TEST_P(ViewsLangDb, JsonIsTheSameInBothLanguages) {
  DbFixture f(GetParam());
  MidProject(f);
  f.OkAt("2027-01-18T10:00", "engine", {"engine", "--once"});
  const std::vector<std::vector<std::string>> commands = {
      {"status"}, {"tasks"}, {"tasks", "--late"}, {"show", "g"}, {"log"}, {"projects"}};
  for (const std::vector<std::string>& c : commands) {
    std::vector<std::string> args = c;
    args.push_back("--json");
    RunResult en = In(f, "en", args);
    RunResult ru = In(f, "ru", args);
    ASSERT_EQ(en.exit_code, 0) << c[0] << ": " << en.err;
    ASSERT_EQ(ru.exit_code, 0) << c[0] << ": " << ru.err;
    EXPECT_EQ(en.out, ru.out) << c[0];
    EXPECT_FALSE(en.out.empty()) << c[0];
  }
  for (const std::vector<std::string>& c :
       std::vector<std::vector<std::string>>{{"show", "a", "--json"}, {"alerts", "--all", "--json"}}) {
    RunResult en = In(f, "en", c);
    RunResult ru = In(f, "ru", c);
    ASSERT_EQ(en.exit_code, 0) << c[0] << ": " << en.err;
    ASSERT_EQ(ru.exit_code, 0) << c[0] << ": " << ru.err;
    const nlohmann::json je = nlohmann::json::parse(en.out), jr = nlohmann::json::parse(ru.out);
    EXPECT_FALSE(je.empty()) << c[0];
    EXPECT_EQ(WithoutAlertMessages(je), WithoutAlertMessages(jr)) << c[0];
  }
  // The states stay the English values in JSON while the table says them in Russian.
  RunResult tasks = In(f, "ru", {"tasks", "--json"});
  EXPECT_NE(tasks.out.find("\"state\":\"started\""), std::string::npos) << tasks.out;
  EXPECT_NE(In(f, "ru", {"tasks"}).out.find("начата"), std::string::npos);
  // Plan-file views too.
  RunResult s_en = Rollout({"--lang", "en", "schedule", ExamplesPath("constraints.yaml"), "--json"});
  RunResult s_ru = Rollout({"--lang", "ru", "schedule", ExamplesPath("constraints.yaml"), "--json"});
  ASSERT_EQ(s_en.exit_code, 0) << s_en.err;
  EXPECT_EQ(s_en.out, s_ru.out);
}

TEST_P(ViewsLangDb, ShowLogAlertsAndProjectsInRussian) {
  DbFixture f(GetParam());
  MidProject(f);
  f.OkAt("2027-01-18T10:00", "engine", {"engine", "--once"});
  RunResult show = In(f, "ru", {"show", "a"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  const std::vector<std::string> lines = Lines(show.out);
  ASSERT_GE(lines.size(), 6u) << show.out;
  EXPECT_EQ(lines[1], "вид          задача, критическая, опаздывает") << show.out;
  EXPECT_EQ(lines[2], "состояние    начата") << show.out;
  EXPECT_EQ(lines[4], "длительность 3 рабочих дня") << show.out;
  EXPECT_NE(show.out.find("\nбазовый план 11.01.2027 .. 13.01.2027\n"), std::string::npos)
      << show.out;
  EXPECT_NE(show.out.find("\nфакт         начата 12.01.2027\n"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("\nпоследователи ("), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("\nжурнал действий (1)\n  12.01.2027 09:30:00+03:00  petrova  start"),
            std::string::npos)
      << show.out;

  RunResult log = In(f, "ru", {"log"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  EXPECT_EQ(Lines(log.out)[0].rfind("КОГДА                      КТО      ДЕЙСТВИЕ  ЗАДАЧА  ЗАМЕТКА", 0), 0u)
      << log.out;
  EXPECT_NE(log.out.find("\n12.01.2027 09:30:00+03:00  petrova"), std::string::npos) << log.out;

  RunResult alerts = In(f, "ru", {"alerts"});
  ASSERT_EQ(alerts.exit_code, 0) << alerts.err;
  EXPECT_EQ(Lines(alerts.out)[0].rfind("ID    ВИД", 0), 0u) << alerts.out;
  EXPECT_NE(alerts.out.find("СООБЩЕНИЕ"), std::string::npos) << alerts.out;

  RunResult projects = In(f, "ru", {"projects"});
  ASSERT_EQ(projects.exit_code, 0) << projects.err;
  EXPECT_NE(projects.out.find("опаздывает на 3 рабочих дня"), std::string::npos) << projects.out;
  EXPECT_NE(projects.out.find("26.01.2027  21.01.2027"), std::string::npos) << projects.out;

  RunResult ack = In(f, "ru", {"ack", "x1"});
  EXPECT_EQ(ack.exit_code, 2);
  EXPECT_NE(ack.err.find("rollout: error: неверный номер оповещения «x1»"), std::string::npos)
      << ack.err;
}

// The plan-file views: the schedule table, the missed deadline's warning,
// the risk report, the load chart and a command's help, in Russian.
TEST(ViewsLang, ScheduleRiskLoadChartAndHelpInRussian) {
  const std::string plan = ExamplesPath("constraints.yaml");
  RunResult schedule = Rollout({"--lang", "ru", "schedule", plan});
  ASSERT_EQ(schedule.exit_code, 0) << schedule.err;
  std::vector<std::string> lines = Lines(schedule.out);
  ASSERT_EQ(lines.size(), 10u) << schedule.out;
  EXPECT_EQ(lines[0],
            "ID     НАЗВАНИЕ                           НАЧАЛО      ОКОНЧАНИЕ   ДНЕЙ  РЕЗЕРВ");
  EXPECT_EQ(lines[5], "p1     План переходного периода           10.03.2027  15.03.2027     4      -3  *");
  EXPECT_EQ(lines[9], "окончание 17.03.2027, 17 рабочих дней; * критическая");

  RunResult check = Rollout({"--lang", "ru", "plan", "check", plan});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.err.find("rollout: warning: задача «p1» заканчивается 15.03.2027, на 3 рабочих "
                           "дня позже крайнего срока 10.03.2027\n"),
            std::string::npos)
      << check.err;

  RunResult risk =
      Rollout({"--lang", "ru", "risk", plan, "--iterations", "200"}, {"COLUMNS=100"});
  ASSERT_EQ(risk.exit_code, 0) << risk.err;
  lines = Lines(risk.out);
  ASSERT_GE(lines.size(), 12u) << risk.out;
  EXPECT_EQ(lines[0], "риск срыва сроков плана «constraints»");
  EXPECT_EQ(lines[1], "200 итераций, треугольное распределение, начальное число 1");
  EXPECT_EQ(lines[2], "детерминированное окончание 17.03.2027 (17 рабочих дней)");
  EXPECT_EQ(lines[4], "        окончание    рабочих дней");
  EXPECT_EQ(lines[5].substr(0, 21), "  P10   17.03.2027   ");
  EXPECT_NE(risk.out.find("\nкрайний срок 10.03.2027 задачи «p1»: соблюдается в "), std::string::npos)
      << risk.out;
  EXPECT_NE(risk.out.find("\nсамые критические задачи ("), std::string::npos) << risk.out;
  for (const std::string& line : lines) EXPECT_LE(DisplayWidth(line), 100) << line;

  RunResult load = Rollout({"--lang", "ru", "load-chart", ExamplesPath("mixed-102.yaml")});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  lines = Lines(load.out);
  ASSERT_GE(lines.size(), 5u) << load.out;
  EXPECT_EQ(lines[0].rfind("УЧАСТНИК  ДНЕЙ  13.01     25.01", 0), 0u) << load.out;
  EXPECT_NE(load.out.find("\nодин столбец = 1 рабочий день, «.» = свободен; всего 47 рабочих дней\n"),
            std::string::npos)
      << load.out;
  EXPECT_NE(load.out.find("  13.01.2027..22.01.2027  m2\n"), std::string::npos) << load.out;

  RunResult help = Rollout({"--lang", "ru", "tasks", "--help"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  EXPECT_NE(help.out.find("список задач: состояние, исполнители, плановые и прогнозные даты"),
            std::string::npos)
      << help.out;
}

// `rollout demo` with a Russian locale (no --lang, no $ROLLOUT_LANG): the
// story's titles, every step's output and the final status in Russian.
TEST(ViewsLang, DemoInRussianWhenTheLocaleIsRussian) {
  RunResult r = Rollout({"demo"}, {"ROLLOUT_LANG=", "LC_ALL=", "LC_MESSAGES=",
                                   "LANG=ru_RU.UTF-8", "COLUMNS=120"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("unexpected"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("неожиданный код"), std::string::npos) << r.out;
  for (const char* line : {
           "\n== Кто когда работает (команда после выравнивания загрузки)\n",
           "\n== Неделя 2 (18–22 января): audit.sales опаздывает\n",
           "\n== Где мы сейчас: прогноз в сравнении с базовым планом\n",
           "morozov$ rollout done audit.sales --note на день позже срока\n",
           "\n    ближайшие контрольные точки:",
           "ID НАЗВАНИЕ",
           "загрузка выровнена: никто не работает над двумя задачами в один день; ",
       })
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
  // The refused approval speaks Russian after the English prefix.
  EXPECT_NE(r.out.find("    rollout: error: "), std::string::npos) << r.out;
  // The English prefixes of the English story are gone from its titles.
  EXPECT_EQ(r.out.find("== Week"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("next gates"), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(Backends, ViewsLangDb, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout
