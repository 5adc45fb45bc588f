#include "tools/cli/cli.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string_view>
#include <vector>

#include "engine/spellcheck.h"
#include "po/messages.h"
#include "workflows/text_width.h"

namespace rollout {

std::string WorkingDays(long n) { return TrN("{0} working day", "{0} working days", n, n); }

std::optional<Lang> ChooseLang(std::string_view flag, const char* rollout_lang, const char* lc_all,
                               const char* lc_messages, const char* lang, std::string* error) {
  if (!flag.empty()) {
    if (auto l = LangFromCode(flag)) return l;
    *error = Tr("unknown language '{0}' for --lang", VisibleText(std::string(flag)));
    return std::nullopt;
  }
  if (rollout_lang != nullptr && *rollout_lang != '\0') {
    if (auto l = LangFromCode(rollout_lang)) return l;
    *error = Tr("unknown language '{0}' in $ROLLOUT_LANG", VisibleText(rollout_lang));
    return std::nullopt;
  }
  // POSIX: LC_ALL over LC_MESSAGES over LANG, the first that is set.
  for (const char* v : {lc_all, lc_messages, lang})
    if (v != nullptr && *v != '\0') return LangFromLocale(v);
  return Lang::kEn;
}

// Messages quote user text (ids, names, arguments): shown visibly, one line.
void PrintError(const std::string& message) {
  std::fprintf(stderr, "rollout: error: %s\n", VisibleText(message).c_str());
}

void PrintWarning(const std::string& message) {
  std::fprintf(stderr, "rollout: warning: %s\n", VisibleText(message).c_str());
}

namespace {

// The first word that is not an option nor an option's value: the command.
std::string CommandWord(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--db" || a == "--as" || a == "--now" || a == "--project" || a == "--server" ||
        a == "--lang") {
      ++i;
    } else if (a.empty() || a[0] != '-') {
      return a;
    }
  }
  return "";
}

// An unknown command gets its own message and a did-you-mean; false if the
// command is known (the parse error is about something else).
bool ReportUnknownCommand(CLI::App& app, const std::string& word) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  if (word.empty() || std::find(names.begin(), names.end(), word) != names.end()) return false;
  PrintError("unknown command '" + word + "'");
  const std::string hint = DidYouMean(word, {names.begin(), names.end()});
  std::fprintf(stderr, "hint: %s\n",
               hint.empty() ? "run 'rollout --help' for the list of commands"
                            : VisibleText(hint).c_str());
  return true;
}

// Every command, in the order of `rollout --help`.
void RegisterAll(CLI::App& app, Cli* cli) {
  RegisterPlanCheck(app, cli);
  RegisterSchedule(app, cli);
  RegisterGantt(app, cli);
  RegisterCritical(app, cli);
  RegisterRisk(app, cli);
  RegisterDemo(app, cli);
  RegisterImport(app, cli);
  RegisterLoadChart(app, cli);
  RegisterLoad(app, cli);
  RegisterBaseline(app, cli);
  RegisterStart(app, cli);
  RegisterDone(app, cli);
  RegisterReopen(app, cli);
  RegisterMetric(app, cli);
  RegisterTasks(app, cli);
  RegisterLog(app, cli);
  RegisterStatus(app, cli);
  RegisterGate(app, cli);
  RegisterAlerts(app, cli);
  RegisterEngine(app, cli);
  RegisterExport(app, cli);
  RegisterProgress(app, cli);
  RegisterShow(app, cli);
  RegisterProjects(app, cli);
  RegisterServe(app, cli);
  RegisterToken(app, cli);
  RegisterLogin(app, cli);
  RegisterDb(app, cli);
}

// The commands staff type all day: `rollout done TASK` builds only its own
// parser instead of every command's (CLI11 spends ~1M instructions on the
// whole table, a fifth of a `done`; docs/performance.md).
struct LoneCommand {
  std::string_view verb;
  void (*add)(CLI::App&, Cli*);
};
constexpr LoneCommand kLoneCommands[] = {
    {"start", RegisterStart}, {"done", RegisterDone},   {"reopen", RegisterReopen},
    {"tasks", RegisterTasks}, {"log", RegisterLog},     {"status", RegisterStatus},
    {"metric", RegisterMetric}, {"gate", RegisterGate}, {"progress", RegisterProgress},
};

bool AsksForHelp(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help" || a == "--help-all") return true;
  }
  return false;
}

// Registers the command named in |argv| alone when it is one of
// kLoneCommands and no help is asked for; otherwise every command (help
// lists them all, an unknown command gets a did-you-mean over all names).
void RegisterCommands(CLI::App& app, Cli* cli, int argc, char** argv) {
  if (!AsksForHelp(argc, argv)) {
    const std::string word = CommandWord(argc, argv);
    for (const LoneCommand& c : kLoneCommands) {
      if (c.verb == word) {
        c.add(app, cli);
        return;
      }
    }
  }
  RegisterAll(app, cli);
}

// The value of --lang (or --lang=X) in |argv|, before CLI11 parses: the
// help texts are registered in the language chosen.
std::string LangFlag(int argc, char** argv) {
  std::string value;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") break;
    if (a == "--lang" && i + 1 < argc) value = argv[++i];
    else if (a.substr(0, 7) == "--lang=") value = std::string(a.substr(7));
  }
  return value;
}

}  // namespace

int RunCli(int argc, char** argv) {
  {
    std::string error;
    const std::optional<Lang> lang =
        ChooseLang(LangFlag(argc, argv), std::getenv("ROLLOUT_LANG"), std::getenv("LC_ALL"),
                   std::getenv("LC_MESSAGES"), std::getenv("LANG"), &error);
    if (!lang) {
      PrintError(error);
      std::fprintf(stderr, "hint: %s\n", Tr("use --lang en or --lang ru").c_str());
      return kExitUsage;
    }
    SetDefaultLang(*lang);
  }
  CLI::App app{
      "rollout: run a transition-period rollout plan as a network graph.\n"
      "Plans are YAML or JSON files (see docs/plan-format); progress, gates and\n"
      "alerts live in a SQLite database."};
  app.name("rollout");
  app.require_subcommand(1);
  app.fallthrough();
  Cli cli;
  app.add_option("--db", cli.global.db,
                 "database path (else $ROLLOUT_DB, else $XDG_DATA_HOME/rollout/rollout.db)");
  app.add_option("--as", cli.global.as, "act as this person (else $ROLLOUT_USER, else login)");
  app.add_option("--now", cli.global.now,
                 "the time to act at, YYYY-MM-DDTHH:MM (else $ROLLOUT_NOW, else the clock)");
  app.add_option("--project", cli.global.project,
                 "the project (plan id) to work on (else $ROLLOUT_PROJECT, else the only one)");
  app.add_option("--server", cli.global.server,
                 "send the command to this team server, http(s)://HOST:PORT (else $ROLLOUT_SERVER)");
  app.add_flag("--json", cli.global.json, "print JSON instead of text");
  app.add_flag("--timings", cli.global.timings, "print `phase NAME MS` lines on stderr");
  app.add_option("--lang", cli.global.lang,
                 Tr("the language of messages, en or ru (else $ROLLOUT_LANG, else the locale)"));
  app.set_version_flag("--version", std::string("rollout ") + ROLLOUT_VERSION);

  RegisterCommands(app, &cli, argc, argv);
  // A command's own --help lists the global options too (CLI11 shows only
  // the command's).
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    sub->footer(
        "Global options (before or after the command):\n"
        "  --db PATH          database (else $ROLLOUT_DB, else $XDG_DATA_HOME/rollout/rollout.db)\n"
        "  --as PERSON        act as this person (else $ROLLOUT_USER, else the login name)\n"
        "  --now TIME         YYYY-MM-DDTHH:MM in the plan's zone (else $ROLLOUT_NOW, else the clock)\n"
        "  --project ID       the project (else $ROLLOUT_PROJECT, else the only one)\n"
        "  --json             JSON instead of text\n"
        "  --timings          `phase NAME MS` lines on stderr\n"
        "  --version          the version of rollout");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    if (ReportUnknownCommand(app, CommandWord(argc, argv))) return kExitUsage;
    PrintError(e.what());
    std::fprintf(stderr, "hint: run 'rollout --help' or 'rollout COMMAND --help'\n");
    return kExitUsage;
  }
  if (!cli.action) {
    PrintError("no command given");
    return kExitUsage;
  }
  try {
    return cli.action();
  } catch (const std::exception& e) {
    PrintError(e.what());
    return kExitFailure;
  }
}

}  // namespace rollout
