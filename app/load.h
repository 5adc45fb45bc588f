// `load`: a lead stores a plan as the next version of its project (a new
// project when its id is new). Progress of tasks whose ids remain is kept;
// dropping a started or done task needs |force|. The schedule at load (the
// levelled one for a levelled plan) becomes the baseline.
#pragma once

#include <string>
#include <vector>

#include "app/scheduled_plan.h"
#include "engine/progress.h"
#include "engine/result.h"
#include "storage/store.h"

namespace rollout {

struct LoadRequest {
  std::string source;       // the plan file's text
  std::string source_path;  // where it came from (messages, the log)
  bool force = false;
  std::string actor;
  Instant now = 0;
  /// Take this version's schedule as the baseline of every task; else tasks
  /// that remain (by id or renamed_from) keep the current baseline.
  bool rebaseline = false;
};

struct LoadOutcome {
  std::string project;
  int version = 0;
  bool new_project = false;
  Baseline baseline;
  size_t tasks = 0;
  size_t kept = 0;                   // tasks whose progress stays
  size_t kept_baseline = 0;          // tasks whose baseline stays (not --rebaseline)
  std::vector<std::pair<std::string, std::string>> renamed;  // (from, to) moved
  std::vector<std::string> dropped;  // tasks whose progress was dropped (force)
};

/// The baseline of a new version: every leaf of |s| that was in |old| (by
/// its id, or the id it was renamed from) keeps its dates there and its
/// people; new tasks take |fresh|'s; groups span their tasks; the finish is
/// the latest task's. Offsets are counted again in |s|'s calendar.
Baseline KeepBaseline(const ScheduledPlan& s, const Baseline& old, Baseline fresh,
                      size_t* kept);

/// Stores |s| (read from request.source, scheduled, levelled when it is to
/// be). Errors: kFirstLoadNotLead / kNotLead / kUnknownPerson refusals,
/// kDropsProgress (the message lists the tasks), a store failure.
/// |at_text| is request.now in ISO 8601 with the plan's offset, for the log.
Result<LoadOutcome> LoadPlanVersion(Store& store, const ScheduledPlan& s,
                                    const LoadRequest& request, const std::string& at_text);

}  // namespace rollout
