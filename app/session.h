// The frame of every use case on a store: which project, who acts, and when.
// The edges (the CLI, later the server) say who and when; OpenSession picks
// the project, reads its current plan head and resolves "now" in the plan's
// time zone. Nothing here prints or reads the environment.
#pragma once

#include <memory>
#include <string>

#include "engine/progress.h"
#include "engine/progress_rules.h"
#include "engine/result.h"
#include "engine/time_zone.h"
#include "storage/store.h"

namespace rollout {

struct SessionRequest {
  std::string project;   // the project's id; empty: the only project of the store
  std::string actor;     // the person acting (identity is the edge's business)
  std::string now_text;  // YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM]; empty: |clock|
  Instant clock = 0;     // the wall clock, read by the edge
};

/// One project of an open store, as one command sees it.
struct Session {
  Store* store = nullptr;
  StoredPlan plan;  // the current version's head (its text only when asked)
  std::unique_ptr<TimeZone> zone;
  std::string actor;
  Instant now = 0;
  Date today = 0;  // the plan-local date of |now|

  const std::string& project() const { return plan.plan_id; }
  /// ISO 8601 of |t| in the plan's zone.
  std::string Format(Instant t) const;
};

/// Picks the project (named, else the only one: kProjectNotNamed with
/// several, kUnknownProject for a name the store does not hold, kNoPlan for
/// an empty store), reads its head, its zone and now.
Result<Session> OpenSession(Store& store, const SessionRequest& request, bool with_source);

/// The project |named| (or the only one) among |tx|'s projects.
Result<std::string> ChooseProject(StoreTx& tx, const std::string& named,
                                  const std::string& location);

/// Parses YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM|-HH:MM] (a space may replace the
/// T); without an offset the time is read in |zone|; a date alone means
/// local midnight; empty |text| is |clock|. kBadTime otherwise.
Result<Instant> ParseNow(const std::string& text, const TimeZone& zone, Instant clock);

/// The person |id| with |roles| (nullptr: not a person of the plan).
Actor ActorOf(const std::string& id, const std::vector<std::string>* roles);

/// kUnknownPerson when |id| is none of |people| (the ids of a project's
/// people): the message names |id| and the people there are, so that a
/// read command never answers an unknown person with an empty list.
std::optional<Error> UnknownPerson(const std::string& id, const std::string& project,
                                   const std::vector<std::string>& people);

/// The person |id| as version |version| of |project| knows them.
Actor StoredActor(StoreTx& tx, const std::string& project, int version, const std::string& id);

/// The error of a refused RuleCheck, with the code of its refusal.
Error RefusalError(const RuleCheck& check);

}  // namespace rollout
