// The edge between the command line and app/: where the database, the
// person, the project and "now" come from (flags, then the environment),
// and how an app/ error becomes stderr lines and an exit code.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "app/session.h"
#include "engine/result.h"
#include "storage/store.h"
#include "tools/cli/cli.h"
#include "workflows/phase_timer.h"

namespace rollout {

/// --db, else $ROLLOUT_DB, else $XDG_DATA_HOME/rollout/rollout.db, else
/// ~/.local/share/rollout/rollout.db.
std::string ResolveDbPath(const GlobalOptions& global);

/// --as, else $ROLLOUT_USER, else the login name.
std::string ResolveActor(const GlobalOptions& global);

/// The text of --now, else $ROLLOUT_NOW; empty means the clock.
std::string NowText(const GlobalOptions& global);

/// Today for a command without a database (a plan file's report, the
/// start of an imported CSV): the date of NowText(), else the clock's local
/// date. kExitUsage, after saying why, when the text does not begin with a
/// date; kExitOk otherwise.
int FileToday(const GlobalOptions& global, Date* today);

/// --project, else $ROLLOUT_PROJECT; empty: the only project.
std::string ResolveProject(const GlobalOptions& global);

/// The session request of these options, with the system clock.
SessionRequest RequestOf(const GlobalOptions& global);

/// The exit code of an error's class (cli.md "Exit codes").
int ExitCodeOf(const Error& error);

/// The hint the command line gives for |error|: the data's own (a
/// did-you-mean) first, else one by code (tools/cli/hints.cc).
std::string HintFor(const Error& error);

/// Per-command hints that replace HintFor's by code.
using HintOverrides = std::map<ErrorCode, std::string>;

/// Prints each error (`rollout: error: ...` and its hint) and returns the
/// exit code of the first. REQUIRES: !errors.empty().
int ReportErrors(const Errors& errors, const HintOverrides& overrides = {});

/// Prints each error (and its hint) on stderr.
void PrintErrors(const Errors& errors);

class ScratchDb;

/// An open store and a session on one of its projects.
struct DbCommand {
  DbCommand();
  ~DbCommand();
  DbCommand(DbCommand&&) noexcept;
  DbCommand& operator=(DbCommand&&) noexcept;
  /// With --server, the scratch copy of the server's project (declared
  /// first: it outlives the store open on it).
  std::unique_ptr<ScratchDb> scratch;
  GlobalOptions global;
  std::unique_ptr<Store> store;
  Session session;
  PhaseTimer timer;
};

/// Opens the store (which must exist and hold a plan) and the session. On
/// failure prints why and returns the exit code, else kExitOk. Without
/// |with_source| the session's plan text stays empty (start/done need none).
/// Commands that only read pass OpenMode::kReadOnly: they never create,
/// migrate or write the file; with --server they run on the server's
/// snapshot of the project (tools/cli/remote_snapshot.h). A command that
/// writes refuses --server here unless it has its own route.
int OpenDbCommand(const GlobalOptions& global, DbCommand* cmd, bool with_source = true,
                  OpenMode mode = OpenMode::kExisting);

/// Prints `phase NAME MS` lines when --timings is on.
void FinishTimings(const DbCommand& cmd);

}  // namespace rollout
