#include "tools/cli/lead_check.h"

#include <algorithm>
#include <cstdio>

#include "storage/plan_store.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"

namespace rollout {

Actor StoredActor(SQLite::Database& sql, int version, const std::string& id) {
  std::optional<PlanPersonRow> p = FindPlanPerson(sql, version, id);
  Actor a;
  a.id = id;
  a.known = p.has_value();
  a.lead = p && std::find(p->roles.begin(), p->roles.end(), "lead") != p->roles.end();
  return a;
}

int LeadCommandOutcome(const Errors& errors, int code, const std::string& refusal) {
  if (!errors.empty()) {
    PrintErrors(errors);
    return kExitFailure;
  }
  if (code != kExitOk) {
    PrintError(refusal);
    std::fprintf(stderr, "hint: ask a lead, or pass --as LEAD\n");
  }
  return code;
}

}  // namespace rollout
