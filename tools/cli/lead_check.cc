#include "tools/cli/lead_check.h"

#include <algorithm>

#include "storage/plan_store.h"

namespace rollout {

Actor StoredActor(SQLite::Database& sql, int version, const std::string& id) {
  std::optional<PlanPersonRow> p = FindPlanPerson(sql, version, id);
  Actor a;
  a.id = id;
  a.known = p.has_value();
  a.lead = p && std::find(p->roles.begin(), p->roles.end(), "lead") != p->roles.end();
  return a;
}

}  // namespace rollout
