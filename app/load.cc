#include "app/load.h"

#include <algorithm>

#include "app/session.h"
#include "engine/progress_rules.h"

namespace rollout {
namespace {

Actor ActorInPlan(const std::string& id, const Plan& plan) {
  const Person* p = plan.FindPerson(id);
  return ActorOf(id, p ? &p->roles : nullptr);
}

std::string DescribeDropped(const std::vector<std::pair<std::string, TaskState>>& dropped) {
  std::string out;
  for (const auto& [task, state] : dropped)
    out += (out.empty() ? "" : ", ") + task + " (" + TaskStateName(state) + ")";
  return out;
}

bool LooksLikeJson(const std::string& text, const std::string& path) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') return true;
  return path.size() > 5 && path.substr(path.size() - 5) == ".json";
}

}  // namespace

Result<LoadOutcome> LoadPlanVersion(Store& store, const ScheduledPlan& s,
                                    const LoadRequest& request, const std::string& at_text) {
  StoredPlan stored;
  stored.plan_id = s.plan.id;
  stored.title = s.plan.title;
  stored.format = LooksLikeJson(request.source, request.source_path) ? "json" : "yaml";
  stored.source = request.source;
  stored.source_path = request.source_path;
  stored.timezone = s.plan.timezone;
  stored.loaded_at = request.now;
  stored.loaded_by = request.actor;
  const PlanFacts facts = FactsOf(s);
  std::vector<std::string> ids;
  for (const Task& t : s.plan.tasks) ids.push_back(t.id);
  Baseline baseline = BaselineOf(s, s.schedule, s.levelled ? &s.assigned : nullptr);
  baseline.taken_at = request.now;
  baseline.taken_by = request.actor;

  LoadOutcome out;
  Errors errors;
  const std::string& project = s.plan.id;
  Status st = store.Write([&](StoreTx& tx) {
    errors.clear();
    out = {};
    std::optional<StoredPlan> current = tx.CurrentPlan(project, false);
    const Actor actor = current ? StoredActor(tx, project, current->version, request.actor)
                                : ActorInPlan(request.actor, s.plan);
    const RuleCheck may = CanLead(actor, "load a plan");
    if (!may.allowed()) {
      errors.push_back(MakeError(current ? ErrorCode::kNotLead : ErrorCode::kFirstLoadNotLead,
                                 may.reason));
      return Store::Outcome::kRollback;
    }
    std::vector<std::pair<std::string, TaskState>> lost = tx.ProgressNotIn(project, ids);
    if (!lost.empty() && !request.force) {
      errors.push_back(MakeError(ErrorCode::kDropsProgress,
                                 "the new plan drops tasks that have progress: " +
                                     DescribeDropped(lost)));
      return Store::Outcome::kRollback;
    }
    if (!lost.empty()) out.dropped = tx.DropProgressExcept(project, ids);
    out.kept = static_cast<size_t>(tx.CountProgress(project));
    out.new_project = !current;
    out.version = tx.InsertPlanVersion(stored, facts);
    if (s.levelled) tx.MarkLevelled(project, out.version);
    baseline.plan_version = out.version;
    baseline.id = tx.InsertBaseline(project, baseline);
    std::string note = "version " + std::to_string(out.version) + " of " + project + " from " +
                       request.source_path;
    for (const std::string& d : out.dropped) note += "; dropped progress of " + d;
    tx.AppendLog(project, {request.now, at_text, request.actor, "load", std::nullopt, note,
                           out.version});
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) return st.errors();
  if (!errors.empty()) return errors;
  out.project = project;
  out.baseline = baseline;
  out.tasks = s.plan.tasks.size();
  return out;
}

}  // namespace rollout
