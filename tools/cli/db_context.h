// What every database command needs: the database path, the person acting,
// the moment "now" in the plan's time zone, the current plan.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/progress.h"
#include "engine/result.h"
#include "engine/time_zone.h"
#include "storage/database.h"
#include "storage/plan_store.h"
#include "tools/cli/cli.h"
#include "tools/cli/plan_file.h"
#include "workflows/phase_timer.h"

namespace rollout {

/// --db, else $ROLLOUT_DB, else $XDG_DATA_HOME/rollout/rollout.db, else
/// ~/.local/share/rollout/rollout.db.
std::string ResolveDbPath(const GlobalOptions& global);

/// --as, else $ROLLOUT_USER, else the login name.
std::string ResolveActor(const GlobalOptions& global);

/// The text of --now, else $ROLLOUT_NOW; empty means the clock.
std::string NowText(const GlobalOptions& global);

/// Parses YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM|-HH:MM] (a space may replace
/// the T); without an offset the time is read in |zone|; a date alone means
/// local midnight. Empty |text| is the system clock.
Result<Instant> ParseNow(const std::string& text, const TimeZone& zone);

/// Prints each error (and its hint) on stderr.
void PrintErrors(const Errors& errors);

/// An open database with its current plan.
struct DbContext {
  GlobalOptions global;
  std::string path;
  std::unique_ptr<Database> db;
  std::optional<StoredPlan> stored;  // the latest plan version
  std::unique_ptr<TimeZone> zone;    // the plan's zone
  std::string actor;
  Instant now = 0;
  Date today = 0;  // the plan-local date of |now|
  PhaseTimer timer;

  /// ISO 8601 of |t| in the plan's zone.
  std::string Format(Instant t) const;
};

/// Opens the database (which must exist and hold a plan), resolves the
/// actor, the zone and now. On failure prints why and returns the exit code.
/// Without |with_source| ctx->stored->source stays empty (start/done need
/// no plan text: they read the facts stored at load).
int OpenDbContext(const GlobalOptions& global, DbContext* ctx, bool with_source = true);

/// Sets ctx->zone, now and today from |timezone| and the options. Prints and
/// returns an exit code on failure, kExitOk on success.
int ResolveTime(const std::string& timezone, DbContext* ctx);

/// Parses the stored plan text again and schedules it (no levelling).
std::optional<ScheduledPlan> ParseStoredPlan(const StoredPlan& stored);

/// Prints `phase NAME MS` lines when --timings is on.
void FinishTimings(const DbContext& ctx);

}  // namespace rollout
