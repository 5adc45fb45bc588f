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
  PrintError(Tr("unknown command '{0}'", word));
  const std::string hint = DidYouMean(word, {names.begin(), names.end()});
  std::fprintf(stderr, "hint: %s\n",
               hint.empty() ? Tr("run 'rollout --help' for the list of commands").c_str()
                            : VisibleText(hint).c_str());
  return true;
}

// CLI11's help, padded by display width: a Russian type label ("ТЕКСТ") is
// twice as many bytes as columns, and CLI11 pads by bytes. The same bytes
// as CLI11's own formatter for ASCII.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    return Row(make_option_name(opt, is_positional) + make_option_opts(opt), make_option_desc(opt));
  }
  std::string make_subcommand(const CLI::App* sub) const override {
    return Row(sub->get_display_name(true), sub->get_description());
  }

 private:
  // CLI::detail::format_help with DisplayWidth for the length.
  std::string Row(const std::string& left, const std::string& description) const {
    const int wid = static_cast<int>(column_width_);
    const std::string name = "  " + left;
    std::string out = name;
    const int w = DisplayWidth(name);
    if (w < wid) out.append(static_cast<size_t>(wid - w), ' ');
    if (!description.empty()) {
      if (w >= wid) out += "\n" + std::string(static_cast<size_t>(wid), ' ');
      for (const char c : description) {
        out += c;
        if (c == '\n') out.append(static_cast<size_t>(wid), ' ');
      }
    }
    return out + "\n";
  }
};

// The words of CLI11's help that are not ours: its labels, the group
// names "Options" and "Subcommands", the help and version flags; and the
// type names it shows after an option ("INT:INT in [1 - 100000000]"),
// word by word. Only in Russian: English keeps CLI11's own.
constexpr const char* kHelpLabels[] = {N_("Usage"),       N_("OPTIONS"),  N_("SUBCOMMAND"),
                                       N_("SUBCOMMANDS"), N_("REQUIRED"), N_("Positionals"),
                                       N_("Env"),         N_("Needs"),    N_("Excludes")};
// "FLOAT" the option type is not "FLOAT" the schedule's column: a context.
constexpr const char* kTypeWords[] = {
    NC_("option type", "TEXT"),        NC_("option type", "INT"),
    NC_("option type", "UINT"),        NC_("option type", "FLOAT"),
    NC_("option type", "NUMBER"),      NC_("option type", "POSITIVE"),
    NC_("option type", "NONNEGATIVE"), NC_("option type", "BOOLEAN"),
    NC_("range", "in")};

std::string TypeNameIn(const std::string& type) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    bool found = false;
    for (const char* w : kTypeWords) {
      if (word == w) {
        out += TrC(std::string_view(w) == "in" ? "range" : "option type", w);
        found = true;
        break;
      }
    }
    if (!found) out += word;
    word.clear();
  };
  for (const char c : type) {
    if (c == ' ' || c == ':' || c == '[' || c == ']') {
      flush();
      out += c;
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

void TranslateHelp(CLI::App* app, CLI::FormatterBase* formatter) {
  for (CLI::Option* opt : app->get_options()) {
    if (opt->get_group() == "Options") opt->group(Tr("Options"));
    const std::string type = opt->get_type_name();
    if (!type.empty()) formatter->label(type, TypeNameIn(type));
  }
  if (CLI::Option* help = app->get_help_ptr())
    help->description(Tr("Print this help message and exit"));
  if (CLI::Option* version = app->get_version_ptr())
    version->description(Tr("Display program version information and exit"));
  for (CLI::App* sub : app->get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_group() == "Subcommands") sub->group(Tr("Subcommands"));
    TranslateHelp(sub, formatter);
  }
}

void TranslateHelp(CLI::App& app) {
  if (CurrentLang() == Lang::kEn) return;
  CLI::FormatterBase* formatter = app.get_formatter().get();
  for (const char* label : kHelpLabels) formatter->label(label, Tr(label));
  TranslateHelp(&app, formatter);
}

// "NAME: REST" split at the first ": "; false when there is none.
bool SplitName(const std::string& text, std::string* name, std::string* rest) {
  const size_t colon = text.find(": ");
  if (colon == std::string::npos) return false;
  *name = text.substr(0, colon);
  *rest = text.substr(colon + 2);
  return true;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// CLI11's parse error in the language of the run: by its type and the
// shape of its English text (CLI11 keeps no fields), else its text as is.
// English keeps CLI11's text unchanged.
std::string ParseErrorText(const CLI::ParseError& e) {
  const std::string what = e.what();
  if (CurrentLang() == Lang::kEn) return what;
  std::string name, rest;
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    if (what == "A subcommand is required") return Tr("A subcommand is required");
    constexpr std::string_view kTail = " is required";
    if (what.size() > kTail.size() && what.substr(what.size() - kTail.size()) == kTail &&
        what.find(' ') == what.size() - kTail.size())
      return Tr("{0} is required", what.substr(0, what.size() - kTail.size()));
  } else if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    constexpr std::string_view kOne = "The following argument was not expected: ";
    constexpr std::string_view kMany = "The following arguments were not expected: ";
    if (StartsWith(what, kOne))
      return Tr("The following argument was not expected: {0}", what.substr(kOne.size()));
    if (StartsWith(what, kMany))
      return Tr("The following arguments were not expected: {0}", what.substr(kMany.size()));
  } else if (dynamic_cast<const CLI::ValidationError*>(&e) != nullptr &&
             SplitName(what, &name, &rest)) {
    // Range: "Value V not in range MIN to MAX"; CLI::PositiveNumber's MAX is
    // the largest double, said as "a positive number".
    constexpr std::string_view kValue = "Value ";
    const size_t not_in = rest.find(" not in range ");
    const size_t to = rest.rfind(" to ");
    if (StartsWith(rest, kValue) && not_in != std::string::npos && to != std::string::npos &&
        to > not_in) {
      const std::string value = rest.substr(kValue.size(), not_in - kValue.size());
      const std::string lo = rest.substr(not_in + 14, to - not_in - 14);
      const std::string hi = rest.substr(to + 4);
      if (hi.size() > 40) return Tr("{0}: {1} is not a positive number", name, value);
      return Tr("{0}: Value {1} not in range {2} to {3}", name, value, lo, hi);
    }
    return what;
  } else if (dynamic_cast<const CLI::ConversionError*>(&e) != nullptr) {
    constexpr std::string_view kCould = "Could not convert: ";
    const size_t eq = what.find(" = ");
    if (StartsWith(what, kCould) && eq != std::string::npos)
      return Tr("Could not convert: {0} = {1}", what.substr(kCould.size(), eq - kCould.size()),
                what.substr(eq + 3));
  } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr &&
             SplitName(what, &name, &rest)) {
    // "NAME: N required TYPE missing"
    const size_t sp = rest.find(" required ");
    constexpr std::string_view kMissing = " missing";
    if (sp != std::string::npos && rest.size() > kMissing.size() &&
        rest.substr(rest.size() - kMissing.size()) == kMissing) {
      const std::string n = rest.substr(0, sp);
      const std::string type = rest.substr(sp + 10, rest.size() - kMissing.size() - sp - 10);
      if (!n.empty() && n.find_first_not_of("0123456789") == std::string::npos && n.size() < 6) {
        const int count = std::stoi(n);
        return TrN("{0}: {1} required {2} missing", "{0}: {1} required {2} missing", count, name,
                   count, TypeNameIn(type));
      }
    }
  }
  return what;
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
      Tr("rollout: run a transition-period rollout plan as a network graph.\n"
         "Plans are YAML or JSON files (see docs/plan-format); progress, gates and\n"
         "alerts live in a SQLite database.")};
  app.name("rollout");
  app.formatter(std::make_shared<HelpFormatter>());  // before the commands: they share it
  app.require_subcommand(1);
  app.fallthrough();
  Cli cli;
  app.add_option("--db", cli.global.db,
                 Tr("database path (else $ROLLOUT_DB, else $XDG_DATA_HOME/rollout/rollout.db)"));
  app.add_option("--as", cli.global.as, Tr("act as this person (else $ROLLOUT_USER, else login)"));
  app.add_option("--now", cli.global.now,
                 Tr("the time to act at, YYYY-MM-DDTHH:MM (else $ROLLOUT_NOW, else the clock)"));
  app.add_option("--project", cli.global.project,
                 Tr("the project (plan id) to work on (else $ROLLOUT_PROJECT, else the only one)"));
  app.add_option(
      "--server", cli.global.server,
      Tr("send the command to this team server, http(s)://HOST:PORT (else $ROLLOUT_SERVER)"));
  app.add_flag("--json", cli.global.json, Tr("print JSON instead of text"));
  app.add_flag("--timings", cli.global.timings, Tr("print `phase NAME MS` lines on stderr"));
  app.add_option("--lang", cli.global.lang,
                 Tr("the language of messages, en or ru (else $ROLLOUT_LANG, else the locale)"));
  app.set_version_flag("--version", std::string("rollout ") + ROLLOUT_VERSION);

  RegisterCommands(app, &cli, argc, argv);
  // A command's own --help lists the global options too (CLI11 shows only
  // the command's).
  const std::string footer = Tr(
      "Global options (before or after the command):\n"
      "  --db PATH          database (else $ROLLOUT_DB, else $XDG_DATA_HOME/rollout/rollout.db)\n"
      "  --as PERSON        act as this person (else $ROLLOUT_USER, else the login name)\n"
      "  --now TIME         YYYY-MM-DDTHH:MM in the plan's zone (else $ROLLOUT_NOW, else the "
      "clock)\n"
      "  --project ID       the project (else $ROLLOUT_PROJECT, else the only one)\n"
      "  --json             JSON instead of text\n"
      "  --timings          `phase NAME MS` lines on stderr\n"
      "  --version          the version of rollout");
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) sub->footer(footer);
  TranslateHelp(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    if (ReportUnknownCommand(app, CommandWord(argc, argv))) return kExitUsage;
    PrintError(ParseErrorText(e));
    std::fprintf(stderr, "hint: %s\n",
                 Tr("run 'rollout --help' or 'rollout COMMAND --help'").c_str());
    return kExitUsage;
  }
  if (!cli.action) {
    PrintError(Tr("no command given"));
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
