#include "app/load.h"

#include <algorithm>

#include "app/session.h"
#include "engine/progress_rules.h"
#include "po/messages.h"

namespace rollout {
namespace {

Actor ActorInPlan(const std::string& id, const Plan& plan) {
  const Person* p = plan.FindPerson(id);
  return ActorOf(id, p ? &p->roles : nullptr);
}

std::string DescribeDropped(const std::vector<std::pair<std::string, TaskState>>& dropped) {
  std::string out;
  for (const auto& [task, state] : dropped)
    out += (out.empty() ? "" : ", ") + task + " (" +
           (state == TaskState::kDone      ? TrC("state", "done")
            : state == TaskState::kStarted ? TrC("state", "started")
                                           : TrC("state", "planned")) +
           ")";
  return out;
}

bool LooksLikeJson(const std::string& text, const std::string& path) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') return true;
  return path.size() > 5 && path.substr(path.size() - 5) == ".json";
}

}  // namespace

Baseline KeepBaseline(const ScheduledPlan& s, const Baseline& old, Baseline fresh, size_t* kept) {
  *kept = 0;
  const Plan& plan = s.plan;
  std::string finish;
  // A group comes before its tasks: walk backwards so children are final.
  std::vector<std::optional<std::pair<std::string, std::string>>> span(plan.tasks.size());
  for (size_t k = plan.tasks.size(); k-- > 0;) {
    const Task& t = plan.tasks[k];
    auto mine = fresh.tasks.find(t.id);
    if (mine == fresh.tasks.end()) continue;
    BaselineTask& b = mine->second;
    if (t.is_group) {
      if (span[k]) {
        b.start = span[k]->first;
        b.finish = span[k]->second;
      }
    } else {
      auto was = old.tasks.find(t.renamed_from.empty() ? t.id : t.renamed_from);
      if (was == old.tasks.end() && !t.renamed_from.empty()) was = old.tasks.find(t.id);
      if (was != old.tasks.end()) {
        const std::optional<std::vector<std::string>> people = b.assigned;
        b = was->second;
        if (!b.assigned) b.assigned = people;
        ++*kept;
      }
    }
    Date start = 0, end = 0;
    if (ParseDate(b.start, &start) && ParseDate(b.finish, &end)) {
      b.es = s.cal->OffStart(start);
      b.ef = t.duration == 0 && !t.is_group ? b.es : s.cal->OffEnd(end);
    }
    if (!t.is_group && b.finish > finish) finish = b.finish;
    if (t.parent >= 0) {
      auto& p = span[t.parent];
      if (!p) p.emplace(b.start, b.finish);
      p->first = std::min(p->first, b.start);
      p->second = std::max(p->second, b.finish);
    }
  }
  Date end = 0;
  if (!finish.empty() && ParseDate(finish, &end)) {
    fresh.finish = finish;
    fresh.duration = s.cal->OffEnd(end);
  }
  return fresh;
}

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
  stored.start = s.plan.start;
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
    const RuleCheck may = CanLead(actor, Tr("load a plan"));
    if (!may.allowed()) {
      errors.push_back(MakeError(current ? ErrorCode::kNotLead : ErrorCode::kFirstLoadNotLead,
                                 may.reason));
      return Store::Outcome::kRollback;
    }
    if (current) {
      for (const Task& t : s.plan.tasks) {
        if (t.renamed_from.empty()) continue;
        tx.RenameTask(project, t.renamed_from, t.id);
        out.renamed.emplace_back(t.renamed_from, t.id);
      }
    }
    std::vector<std::pair<std::string, TaskState>> lost = tx.ProgressNotIn(project, ids);
    if (!lost.empty() && !request.force) {
      errors.push_back(MakeError(ErrorCode::kDropsProgress,
                                 Tr("the new plan drops tasks that have progress: {0}",
                                    DescribeDropped(lost))));
      return Store::Outcome::kRollback;
    }
    if (!lost.empty()) out.dropped = tx.DropProgressExcept(project, ids);
    out.kept = static_cast<size_t>(tx.CountProgress(project));
    out.new_project = !current;
    out.version = tx.InsertPlanVersion(stored, facts);
    if (s.levelled) tx.MarkLevelled(project, out.version);
    Baseline kept = baseline;
    if (current && !request.rebaseline) {
      if (std::optional<Baseline> old = tx.CurrentBaseline(project))
        kept = KeepBaseline(s, *old, baseline, &out.kept_baseline);
    }
    kept.plan_version = out.version;
    kept.id = tx.InsertBaseline(project, kept);
    out.baseline = kept;
    std::string note = "version " + std::to_string(out.version) + " of " + project + " from " +
                       request.source_path;
    for (const auto& [from, to] : out.renamed) note += "; renamed " + from + " to " + to;
    for (const std::string& d : out.dropped) note += "; dropped progress of " + d;
    if (out.kept_baseline > 0) note += "; kept the baseline of " + std::to_string(out.kept_baseline) + " tasks";
    if (current && request.rebaseline) note += "; new baseline";
    tx.AppendLog(project, {request.now, at_text, request.actor, "load", std::nullopt, note,
                           out.version});
    return Store::Outcome::kCommit;
  });
  if (!st.ok()) return st.errors();
  if (!errors.empty()) return errors;
  out.project = project;
  out.tasks = s.plan.tasks.size();
  return out;
}

}  // namespace rollout
