// Fills the report's value (formats/report/report_data.h) from a scheduled
// plan file or from a stored project's view at now (app/project_view.h) with
// its open alerts. `rollout export html` and the server's `/` use it.
#pragma once

#include <vector>

#include "app/project_view.h"
#include "app/scheduled_plan.h"
#include "formats/report/report_data.h"
#include "storage/records.h"

namespace rollout {

/// The report of a plan file: its schedule (levelled when s.levelled), no
/// progress, no baseline; |today| draws today's line, |status_text| is shown.
report::ReportData ReportOfPlan(const ScheduledPlan& s, Date today, const std::string& status_text);

/// The report of a stored project: the forecast at now, the baseline, the
/// states, the KPI values and |alerts| (the open ones, their `message`
/// already in words: the edge renders alerts).
report::ReportData ReportOfView(const Session& session, const ProjectView& view,
                                const std::vector<StoredAlert>& alerts);

}  // namespace rollout
