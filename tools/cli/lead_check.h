// The acting person as the stored plan knows them, for lead-only commands.
#pragma once

#include <string>

#include <SQLiteCpp/Database.h>

#include "engine/progress_rules.h"
#include "engine/result.h"

namespace rollout {

/// The Actor |id| in plan |version| of the database.
Actor StoredActor(SQLite::Database& sql, int version, const std::string& id);

/// The exit code of a lead-only command after its transaction: 1 with the
/// errors when |errors| is not empty, else |code| with |refusal| and a hint
/// when the command was refused, else 0.
int LeadCommandOutcome(const Errors& errors, int code, const std::string& refusal);

}  // namespace rollout
