// The `rollout` command line: global options, the command table, printing.
// Only this folder prints and picks exit codes (cli.md "Exit codes").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "po/messages.h"

namespace rollout {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,  // runtime failure: I/O, database
  kExitUsage = 2,    // invalid input or usage
  kExitRefused = 3,  // not allowed for this person, blocked by a gate
};

/// Options accepted before or after any command (cli.md).
struct GlobalOptions {
  std::string db;    // --db, else $ROLLOUT_DB, else $XDG_DATA_HOME/rollout/rollout.db
  std::string as;    // --as, else $ROLLOUT_USER, else the login name
  std::string now;   // --now, else $ROLLOUT_NOW, else the clock
  std::string project;  // --project, else $ROLLOUT_PROJECT, else the only project
  std::string server;   // --server, else $ROLLOUT_SERVER; empty: the local database
  std::string lang;     // --lang (already applied by RunCli: po/messages.h CurrentLang)
  bool json = false;
  bool timings = false;
};

/// What a command's parser hands to the dispatcher: the options and the
/// action to run once parsing has succeeded.
struct Cli {
  GlobalOptions global;
  std::function<int()> action;
};

/// Each cmd_<verb>.cc registers its subcommand(s) on |app|; the callback
/// sets cli->action.
void RegisterPlanCheck(CLI::App& app, Cli* cli);
void RegisterSchedule(CLI::App& app, Cli* cli);
void RegisterGantt(CLI::App& app, Cli* cli);
void RegisterCritical(CLI::App& app, Cli* cli);
void RegisterRisk(CLI::App& app, Cli* cli);
void RegisterDemo(CLI::App& app, Cli* cli);
void RegisterImport(CLI::App& app, Cli* cli);
void RegisterLoadChart(CLI::App& app, Cli* cli);
void RegisterLoad(CLI::App& app, Cli* cli);
void RegisterBaseline(CLI::App& app, Cli* cli);
void RegisterStart(CLI::App& app, Cli* cli);
void RegisterDone(CLI::App& app, Cli* cli);
void RegisterReopen(CLI::App& app, Cli* cli);
void RegisterMetric(CLI::App& app, Cli* cli);
void RegisterTasks(CLI::App& app, Cli* cli);
void RegisterLog(CLI::App& app, Cli* cli);
void RegisterStatus(CLI::App& app, Cli* cli);
void RegisterGate(CLI::App& app, Cli* cli);
void RegisterAlerts(CLI::App& app, Cli* cli);  // alerts and ack
void RegisterEngine(CLI::App& app, Cli* cli);
void RegisterExport(CLI::App& app, Cli* cli);
void RegisterProjects(CLI::App& app, Cli* cli);
void RegisterProgress(CLI::App& app, Cli* cli);
void RegisterShow(CLI::App& app, Cli* cli);
void RegisterServe(CLI::App& app, Cli* cli);
void RegisterToken(CLI::App& app, Cli* cli);
void RegisterLogin(CLI::App& app, Cli* cli);
void RegisterDb(CLI::App& app, Cli* cli);  // db copy

/// Parses |argv|, runs the chosen command, returns the exit code.
int RunCli(int argc, char** argv);

/// "1 working day", "N working days" / "1 рабочий день", "2 рабочих дня".
std::string WorkingDays(long n);

/// The language of a run (cli.md "Languages"): |flag| (--lang), else
/// $ROLLOUT_LANG, else the first of LC_ALL, LC_MESSAGES, LANG that is set
/// (`ru*` is Russian), else English. nullopt with |*error| when --lang or
/// $ROLLOUT_LANG is neither en nor ru. An empty variable counts as unset.
std::optional<Lang> ChooseLang(std::string_view flag, const char* rollout_lang, const char* lc_all,
                               const char* lc_messages, const char* lang, std::string* error);

/// `rollout: error: MESSAGE` / `rollout: warning: MESSAGE` on stderr.
void PrintError(const std::string& message);
void PrintWarning(const std::string& message);

}  // namespace rollout
