// formats/ in Russian (issue #18, cli.md "Languages"): the report's words,
// month names and dates where a person reads them, <html lang>, the
// server's sign-in pages; the interchange readers' errors and warnings. The
// files written (CSV, iCalendar, MS Project XML, DOT, an imported plan's
// YAML) and the page's data attributes never change with the language.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "formats/report/report_html.h"
#include "formats/report/server_pages.h"
#include "po/messages.h"
#include "tests/testing/run_binary.h"
#include "tests/testing/test_db.h"

namespace rollout {
namespace {

using report::ReportAlert;
using report::ReportCriterion;
using report::ReportData;
using report::ReportGate;
using report::ReportLink;
using report::ReportTask;
using testing::DataPath;
using testing::ExamplesPath;
using testing::ReadFile;
using testing::Rollout;
using testing::RunResult;
using testing::AllBackends;
using testing::Backend;
using testing::BackendName;
using testing::ScopedTempDir;
using testing::TestDatabase;

bool Has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

// Russian plural of "working day" after a number, by the rule of po/ru*.po's
// header written out here independently: 1, 21 день; 2-4, 22 дня; 5-20 дней.
std::string RuWorkingDays(int n) {
  const int a = n % 10, b = n % 100;
  if (a == 1 && b != 11) return std::to_string(n) + " рабочий день";
  if (a >= 2 && a <= 4 && (b < 10 || b >= 20)) return std::to_string(n) + " рабочих дня";
  return std::to_string(n) + " рабочих дней";
}

// Three weeks in January 2027: a done task, a late one with a baseline, a
// missed deadline, a gate with a KPI criterion, an alert. 2027-01-11 is a
// Monday (day 20829).
ReportData Story() {
  ReportData d;
  d.plan_id = "p";
  d.title = "Переход";
  d.status_text = "2027-01-18T10:00:00+03:00";
  d.today = 20829 + 7;
  d.from_database = true;
  d.version = 2;
  d.calendar_first = 20829;
  d.non_working.assign(42, 0);
  for (int i = 0; i < 42; ++i)
    if (i % 7 >= 5) d.non_working[i] = 1;
  d.non_working[16] = 2;  // 2027-01-27: a holiday
  auto task = [&](const std::string& id, int start, int days, const std::string& state) {
    ReportTask t;
    t.id = id;
    t.name = "Задача " + id;
    t.wbs = std::to_string(d.tasks.size() + 1);
    t.start = 20829 + start;
    t.finish = 20829 + start + days - 1;
    t.duration = days;
    t.state = state;
    t.people = {"Мария Петрова"};
    d.tasks.push_back(t);
    return static_cast<int>(d.tasks.size()) - 1;
  };
  task("a", 0, 3, "done");
  const int b = task("b", 7, 5, "started");
  d.tasks[b].late = true;
  d.tasks[b].baseline_start = 20829 + 3;
  d.tasks[b].baseline_finish = 20829 + 7;
  d.tasks[b].deadline = 20829 + 9;
  d.tasks[b].deadline_margin = -2;
  d.tasks[b].critical = true;
  const int g = task("g", 14, 0, "closed");
  d.tasks[g].gate = true;
  d.tasks[g].finish = d.tasks[g].start;
  d.links = {ReportLink{0, 1}, ReportLink{1, 2}};
  d.plan_links = d.links;
  ReportGate gate;
  gate.task = g;
  gate.state = "closed";
  gate.forecast = 20829 + 14;
  gate.criteria = {ReportCriterion{"Охват аудита", 3.0, std::nullopt, std::nullopt, false}};
  gate.approvers = {"Иван Иванов"};
  d.next_gates = {gate};
  d.alerts = {ReportAlert{"overdue", "b", "2027-01-18T09:00:00+03:00", "Задача b просрочена"}};
  d.forecast_finish = 20829 + 14;
  d.baseline_finish = 20829 + 11;
  d.slip_days = 2;
  d.done = 1;
  d.started = 1;
  d.planned = 0;
  d.gates_open = 1;
  return d;
}

std::string RenderIn(Lang lang, const ReportData& d) {
  LangScope scope(lang);
  return RenderReportHtml(d);
}

// Every data-* attribute of |page|, in order: what scripts and tests read.
std::vector<std::string> DataAttributes(const std::string& page) {
  static const std::regex kAttr(" data-[a-z-]+=\"[^\"]*\"");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), kAttr);
       it != std::sregex_iterator(); ++it)
    out.push_back(it->str());
  return out;
}

TEST(ReportInRussian, HeadingsMonthNamesDatesAndPluralsAreRussian) {
  const std::string page = RenderIn(Lang::kRu, Story());
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"ru\">", 0), 0u);
  EXPECT_TRUE(Has(page, "<title>Переход — отчёт о состоянии на 18.01.2027 10:00:00+03:00</title>"));
  for (const char* heading :
       {"Ближайшие контрольные точки", "Пропущенные крайние сроки", "Открытые оповещения",
        "Диаграмма Ганта", "Опаздывающие задачи", "Сетевой график"})
    EXPECT_TRUE(Has(page, "<h2>" + std::string(heading) + "</h2>")) << heading;
  // The header: the version, the status time (ISO kept in datetime), the tiles.
  EXPECT_TRUE(Has(page, "версия плана 2"));
  EXPECT_TRUE(Has(page,
                  "Состояние на <time id=\"status-date\" datetime=\"2027-01-18T10:00:00+03:00\">"
                  "18.01.2027 10:00:00+03:00</time>"));
  EXPECT_TRUE(Has(
      page, "<div class=\"label\">Прогноз окончания</div><div class=\"value\">25.01.2027</div>"));
  EXPECT_TRUE(Has(page, "Окончание по базовому плану 22.01.2027: <b id=\"slip\">опаздывает на " +
                            RuWorkingDays(2) + "</b>"));
  EXPECT_TRUE(Has(page, "<span id=\"count-done\">1</span> выполнена"));
  EXPECT_TRUE(Has(page,
                  "<span id=\"count-started\">1</span> начата, <span id=\"count-planned\">0</span> "
                  "запланировано"));
  EXPECT_TRUE(Has(page, "<span id=\"gates-open\">1</span> открыта"));
  // Tables: Russian heads, states, dates dd.mm.yyyy, the criterion.
  EXPECT_TRUE(Has(page,
                  "<th>Задача</th><th>Название</th><th>Состояние</th><th>Прогноз</th>"
                  "<th>Критерии KPI</th><th>Утверждающие</th>"));
  EXPECT_TRUE(
      Has(page, "<td class=\"state closed\">закрыта</td><td class=\"date\">25.01.2027</td>"));
  EXPECT_TRUE(Has(page, "Охват аудита ≥ 3: текущее значение не записано (не выполнен)"));
  EXPECT_TRUE(Has(page,
                  "<td class=\"date\">20.01.2027</td><td class=\"date\">22.01.2027</td>"
                  "<td class=\"date\">опаздывает на " +
                      RuWorkingDays(2) + "</td>"));
  EXPECT_TRUE(
      Has(page, "<td class=\"date\">18.01.2027 09:00:00+03:00</td><td>Задача b просрочена</td>"));
  // The Gantt: the month's name over the weeks, the legend, the tooltip.
  EXPECT_TRUE(Has(page, ">январь 2027</text>"));
  EXPECT_TRUE(Has(page, "<title>27.01.2027 праздник</title>"));
  EXPECT_TRUE(Has(page, "<title>23.01.2027 выходной</title>"));
  EXPECT_TRUE(Has(page, ">сегодня 18.01</text>"));
  EXPECT_TRUE(Has(page, "</svg>критическая задача</span>"));
  EXPECT_TRUE(Has(page, "Прогноз: 18.01.2027 – 22.01.2027 (" + RuWorkingDays(5) + ")"));
  EXPECT_TRUE(Has(page, "резерв: " + RuWorkingDays(0) + ", критическая"));
  EXPECT_TRUE(Has(page, "Состояние: начата"));
  // No English word a person reads is left.
  for (const char* english :
       {"Status report", "Status at",     "Forecast",   "Baseline",         "working day",
        "Gantt chart",   "Network graph", "Next gates", "Missed deadlines", "Open alerts",
        "Late tasks",    "KPI criteria",  "Approvers",  "Jan 2027",         "holiday<",
        "weekend<",      ">today",        ">Task<",     ">Dates<",          "not met",
        "current ",      ">closed<",      "State: ",    "float: "})
    EXPECT_FALSE(Has(page, english)) << english;
}

TEST(ReportInRussian, EnglishIsAsBefore) {
  const std::string page = RenderIn(Lang::kEn, Story());
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_TRUE(Has(page, "<title>Переход — Status report 2027-01-18T10:00:00+03:00</title>"));
  EXPECT_TRUE(Has(page, "Baseline finish 2027-01-22: <b id=\"slip\">2 working days late</b>"));
  EXPECT_TRUE(Has(
      page,
      "<span id=\"count-started\">1</span> started, <span id=\"count-planned\">0</span> planned"));
  EXPECT_TRUE(Has(page, "Охват аудита ≥ 3: current not recorded (not met)"));
  EXPECT_TRUE(Has(page, ">Jan 2027</text>"));
  EXPECT_TRUE(Has(page, "<title>2027-01-27 holiday</title>"));
  EXPECT_TRUE(Has(page, "<h2>Gantt chart</h2>"));
  EXPECT_TRUE(Has(page, "float: 0 working days, critical"));
  EXPECT_FALSE(Has(page, "январь"));
}

TEST(ReportInRussian, DataAttributesAndIsoDatesDoNotChangeWithTheLanguage) {
  const std::string en = RenderIn(Lang::kEn, Story()), ru = RenderIn(Lang::kRu, Story());
  const std::vector<std::string> en_data = DataAttributes(en);
  EXPECT_GT(en_data.size(), 20u);
  EXPECT_EQ(DataAttributes(ru), en_data);
  EXPECT_TRUE(Has(ru, " data-start=\"2027-01-18\" data-finish=\"2027-01-22\""));
  EXPECT_NE(en, ru);
}

TEST(ReportInRussian, TheValueNamesTheLanguageOrTheThreadDoes) {
  ReportData d = Story();
  d.lang = "ru";
  EXPECT_EQ(RenderIn(Lang::kEn, d).rfind("<!DOCTYPE html>\n<html lang=\"ru\">", 0), 0u);
  d.lang = "en";
  EXPECT_EQ(RenderIn(Lang::kRu, d).rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  LangScope scope(Lang::kRu);
  d.lang.clear();
  EXPECT_EQ(RenderReportHtml(d).rfind("<!DOCTYPE html>\n<html lang=\"ru\">", 0), 0u);
  d.lang = "en";
  RenderReportHtml(d);
  EXPECT_EQ(CurrentLang(), Lang::kRu) << "the page's language is the page's only";
}

TEST(ReportInRussian, ALongAxisHasShortRussianMonths) {
  ReportData d = Story();
  d.tasks.back().start = d.tasks.back().finish = d.today + 400;
  const std::string ru = RenderIn(Lang::kRu, d), en = RenderIn(Lang::kEn, d);
  EXPECT_TRUE(Has(ru, "class=\"axis-year\""));
  for (const char* m : {">янв</text>", ">фев</text>", ">май</text>", ">дек</text>"})
    EXPECT_TRUE(Has(ru, m)) << m;
  for (const char* m : {">Jan</text>", ">Feb</text>", ">May</text>", ">Dec</text>"})
    EXPECT_TRUE(Has(en, m)) << m;
}

TEST(ServerPagesInRussian, SignInAndTheProjectChoice) {
  std::string sign_in, projects;
  {
    LangScope scope(Lang::kRu);
    sign_in = RenderSignInHtml("");
    projects = RenderProjectChoiceHtml({{"p1", "Переход <b>"}}, "");
  }
  EXPECT_EQ(sign_in.rfind("<!DOCTYPE html>\n<html lang=\"ru\">", 0), 0u);
  EXPECT_TRUE(Has(sign_in, "<title>rollout — вход</title>"));
  EXPECT_TRUE(Has(sign_in, "<h1>Вход в отчёт rollout</h1>"));
  EXPECT_TRUE(Has(sign_in, "<label for=\"token\">Ваш токен доступа</label>"));
  EXPECT_TRUE(Has(sign_in, "<button type=\"submit\">Войти</button>"));
  EXPECT_TRUE(Has(sign_in, "командой <code>rollout token issue PERSON</code>"));
  EXPECT_TRUE(Has(sign_in, "<code>POST /logout</code> удаляет его"));
  EXPECT_EQ(projects.rfind("<!DOCTYPE html>\n<html lang=\"ru\">", 0), 0u);
  EXPECT_TRUE(Has(projects, "<h1>Проекты</h1>"));
  EXPECT_TRUE(Has(projects, ">Выйти</button>"));
  EXPECT_TRUE(Has(projects, "Переход &lt;b&gt;"));
  const std::string en = RenderSignInHtml("");
  EXPECT_EQ(en.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_TRUE(Has(en, "<button type=\"submit\">Sign in</button>"));
}

// ---- the real binary ---------------------------------------------------------

TEST(ReportCliInRussian, ExportHtmlFollowsLangAndRollOutLang) {
  ScopedTempDir dir;
  const std::string plan = ExamplesPath("constraints.yaml");
  const nlohmann::json schedule = nlohmann::json::parse(Rollout({"schedule", plan, "--json"}).out);
  const std::string finish = schedule["finish"];  // ISO
  const std::string ru_finish =
      finish.substr(8, 2) + "." + finish.substr(5, 2) + "." + finish.substr(0, 4);
  const std::string by_flag = dir.path() + "/flag.html", by_env = dir.path() + "/env.html",
                    en = dir.path() + "/en.html";
  ASSERT_EQ(Rollout({"export", "html", plan, "--lang", "ru", "--out", by_flag}).exit_code, 0);
  RunResult r = Rollout({"export", "html", plan, "--out", by_env}, {"ROLLOUT_LANG=ru"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(Rollout({"export", "html", plan, "--out", en}).exit_code, 0);
  const std::string page = ReadFile(by_flag);
  EXPECT_EQ(ReadFile(by_env), page);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"ru\">", 0), 0u);
  EXPECT_TRUE(Has(page, "расписание по файлу плана (ход работ не записан)"));
  EXPECT_TRUE(Has(page, "<div class=\"label\">Окончание по расписанию</div><div class=\"value\">" +
                            ru_finish + "</div>"));
  EXPECT_TRUE(Has(page, "<h2>Диаграмма Ганта</h2>"));
  EXPECT_TRUE(Has(page, ">февраль 2027</text>"));
  const std::string english = ReadFile(en);
  EXPECT_EQ(english.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_TRUE(Has(english, "<div class=\"label\">Scheduled finish</div><div class=\"value\">" +
                               finish + "</div>"));
  EXPECT_EQ(DataAttributes(page), DataAttributes(english));
}

class ReportCliInRussianDb : public ::testing::TestWithParam<Backend> {};

TEST_P(ReportCliInRussianDb, FromTheDatabaseTheSlipAndTheAlertsAreRussian) {
  ScopedTempDir dir;
  const TestDatabase database(GetParam());
  const std::string& db = database.location();
  auto at = [&](const std::string& now, std::vector<std::string> args,
                const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), {"--db", db, "--as", "sokolov", "--now", now});
    return Rollout(args, env);
  };
  for (const auto& [now, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"2027-01-11T09:00", {"load", "builtin:distribution-transition"}},
           {"2027-01-11T10:00", {"start", "audit.sales"}},
           {"2027-01-20T17:00", {"done", "audit.sales"}},
           {"2027-02-01T10:00", {"engine", "--once"}}}) {
    RunResult r = at(now, args);
    ASSERT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
  }
  const std::string now = "2027-02-01T10:00";
  const nlohmann::json status = nlohmann::json::parse(at(now, {"status", "--json"}).out);
  const nlohmann::json alerts = nlohmann::json::parse(at(now, {"alerts", "--json"}).out);
  const int slip = status["slip_days"];
  ASSERT_GT(slip, 0);
  ASSERT_FALSE(alerts.empty());
  const std::string html = dir.path() + "/status.html";
  RunResult r = at(now, {"export", "html", "--out", html}, {"ROLLOUT_LANG=ru"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = ReadFile(html);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"ru\">", 0), 0u);
  EXPECT_TRUE(Has(page, "<b id=\"slip\">опаздывает на " + RuWorkingDays(slip) + "</b>"));
  EXPECT_TRUE(Has(page, "<div class=\"label\">Прогноз окончания</div>"));
  EXPECT_TRUE(Has(page, "<th>Вид</th><th>Задача</th><th>Создано</th><th>Сообщение</th>"));
  EXPECT_TRUE(Has(page, "<td class=\"date\">01.02.2027"));
  EXPECT_FALSE(Has(page, "working day"));
  // The same page in English: the data the same, the words not.
  const std::string en = dir.path() + "/en.html";
  ASSERT_EQ(at(now, {"export", "html", "--out", en}).exit_code, 0);
  EXPECT_EQ(DataAttributes(page), DataAttributes(ReadFile(en)));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportCliInRussianDb, AllBackends(), BackendName);

TEST(ExportsInRussian, FilesAreByteIdenticalInBothLanguages) {
  for (const char* example : {"constraints.yaml", "mixed-102.yaml"}) {
    const std::string plan = ExamplesPath(example);
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"export", "csv", plan},
                                               {"export", "csv", plan, "--excel"},
                                               {"export", "ics", plan},
                                               {"export", "mspdi", plan},
                                               {"export", "dot", plan}}) {
      // One time for the three runs: an ics file's DTSTAMP is when it was made.
      std::vector<std::string> en = args, ru = args, env = args;
      en.insert(en.end(), {"--lang", "en", "--now", "2027-02-01T10:00"});
      ru.insert(ru.end(), {"--lang", "ru", "--now", "2027-02-01T10:00"});
      env.insert(env.end(), {"--now", "2027-02-01T10:00"});
      const RunResult a = Rollout(en), b = Rollout(ru), c = Rollout(env, {"ROLLOUT_LANG=ru"});
      ASSERT_EQ(a.exit_code, 0) << args[1] << " " << a.err;
      EXPECT_FALSE(a.out.empty());
      EXPECT_EQ(b.exit_code, 0);
      EXPECT_EQ(b.out, a.out) << example << " " << args[1];
      EXPECT_EQ(c.out, a.out) << example << " " << args[1];
    }
  }
}

TEST(ImportInRussian, TheImportedPlanIsTheSameAndTheWarningsAreRussian) {
  const std::string xml = DataPath("mspdi/unsupported.xml");
  const RunResult en = Rollout({"import", "mspdi", xml}),
                  ru = Rollout({"import", "mspdi", xml, "--lang", "ru"});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  ASSERT_EQ(ru.exit_code, 0) << ru.err;
  EXPECT_EQ(ru.out, en.out) << "the plan (YAML) is a file: no language";
  EXPECT_TRUE(Has(en.err, "warning: "));
  EXPECT_TRUE(Has(en.err, "is not supported; the task is scheduled as soon as possible"));
  EXPECT_TRUE(Has(ru.err, "warning: "));
  EXPECT_TRUE(Has(ru.err,
                  "задача «t1» («alap»): ограничение «как можно позже» не поддерживается; задача "
                  "планируется как можно раньше"))
      << ru.err;
  EXPECT_TRUE(Has(
      ru.err, "ограничение «фиксированное начало» 03.03.2027 импортировано как «начало не ранее»"))
      << ru.err;
  EXPECT_FALSE(Has(ru.err, "is not supported")) << ru.err;
}

TEST(ImportInRussian, ErrorsAreRussianWithTheirPositionAndNothingIsWritten) {
  ScopedTempDir dir;
  struct Case {
    const char* format;
    const char* name;
    const char* text;
    const char* error;
  } cases[] = {
      {"csv", "a.csv", "id,name,duration,predecessors,start\na,A,1,,2027-03-01\nb,B,2,zz,\n",
       ":3:7: error: предшественник «zz» задачи «b» — не известный id с необязательными типом и "
       "запаздыванием"},
      {"csv", "b.csv", "id,name,duration,start\na,A,five,2027-03-01\n",
       ":2:5: error: длительность «five» задачи «a» — не число рабочих дней"},
      {"csv", "c.csv", "id,name\na,A\n", ":1:1: error: в строке заголовка нет столбца «duration»"},
      {"csv", "d.csv", "id,name,duration\na,\"A,1\n", ":2:3: error: поле в кавычках не закрыто"},
      {"mspdi", "e.xml", "<?xml version=\"1.0\"?>\n<Plan/>\n",
       ":2:1: error: корневой элемент — <Plan>, а не <Project>"},
      {"mspdi", "f.xml", "<?xml version=\"1.0\"?>\n<Project><Tasks><Task>\n",
       "error: неправильный XML: "},
  };
  for (const Case& c : cases) {
    const std::string path = dir.Write(c.name, c.text);
    const RunResult r = Rollout({"import", c.format, path, "--lang", "ru"});
    EXPECT_EQ(r.exit_code, 2) << c.text;
    EXPECT_EQ(r.out, "") << c.text;
    EXPECT_TRUE(Has(r.err, path + c.error) || (c.error[0] == 'e' && Has(r.err, c.error))) << r.err;
  }
  // The hint after the message is Russian too.
  const RunResult r = Rollout({"import", "mspdi", dir.path() + "/e.xml", "--lang", "ru"});
  EXPECT_TRUE(
      Has(r.err, "hint: нужен файл MS Project XML (в MS Project: Файл > Сохранить как > XML)"))
      << r.err;
}

}  // namespace
}  // namespace rollout
