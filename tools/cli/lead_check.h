// The acting person as the stored plan knows them, for lead-only commands.
#pragma once

#include <string>

#include <SQLiteCpp/Database.h>

#include "engine/progress_rules.h"

namespace rollout {

/// The Actor |id| in plan |version| of the database.
Actor StoredActor(SQLite::Database& sql, int version, const std::string& id);

}  // namespace rollout
