// rollout export html [PLAN] [--out FILE] [--level]: the report
// (cli.md "The report"; docs/report.md). From a plan file its schedule, else
// the database's forecast at now with the baseline, progress and open alerts.
// The page itself is drawn by formats/report (RenderReportHtml).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>

#include "app/inbox.h"
#include "formats/report/report_html.h"
#include "tools/cli/alert_text.h"
#include "tools/cli/db_context.h"
#include "tools/cli/db_view.h"
#include "tools/cli/export_command.h"
#include "tools/cli/level_plan.h"
#include "tools/cli/plan_file.h"
#include "app/report_builder.h"

namespace rollout {
namespace {

// Writes |page| to |path| through a temporary file renamed into place, so
// that a failed export leaves no half-written report; stdout when empty.
int WritePage(const std::string& page, const std::string& path) {
  if (path.empty()) {
    const bool ok = std::fwrite(page.data(), 1, page.size(), stdout) == page.size() &&
                    std::fflush(stdout) == 0;
    if (!ok) PrintError(Tr("cannot write the report to stdout: {0}", std::strerror(errno)));
    return ok ? kExitOk : kExitFailure;
  }
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) {
    PrintError(Tr("cannot write '{0}': {1}", path, std::strerror(errno)));
    std::fprintf(
        stderr, "hint: %s\n",
        Tr("check that the folder exists and is writable, or pick another --out FILE").c_str());
    return kExitFailure;
  }
  bool ok = std::fwrite(page.data(), 1, page.size(), f) == page.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    PrintError(Tr("cannot write '{0}': {1}", path, std::strerror(errno)));
    std::remove(tmp.c_str());
    return kExitFailure;
  }
  return kExitOk;
}

int ExportPlanFile(const GlobalOptions& global, const ExportRequest& r) {
  Date today = 0;  // --now's date, else the clock's
  if (int code = FileToday(global, &today); code != kExitOk) return code;
  return WithScheduledPlan(r.plan, global, [&](ScheduledPlan& s, PhaseTimer& timer) {
    if (r.level && !LevelScheduledPlan(&s, LevelRequest{})) return static_cast<int>(kExitUsage);
    if (r.level) timer.Mark("level");
    const std::string page = RenderReportHtml(ReportOfPlan(s, today, FormatDate(today)));
    timer.Mark("render");
    return WritePage(page, r.out);
  });
}

int ExportDatabase(const GlobalOptions& global, const ExportRequest& r) {
  DbCommand cmd;
  ProjectView view;
  if (int code = OpenProjectView(global, &cmd, &view); code != kExitOk) return code;
  Result<std::vector<StoredAlert>> alerts = ListInbox(cmd.session, false);
  if (!alerts.ok()) return ReportErrors(alerts.errors());
  for (StoredAlert& a : alerts.value()) a.message = AlertText(a);
  const std::string page = RenderReportHtml(ReportOfView(cmd.session, view, alerts.value()));
  cmd.timer.Mark("render");
  const int code = WritePage(page, r.out);
  FinishTimings(cmd);
  return code;
}

}  // namespace

int ExportHtml(const GlobalOptions& global, const ExportRequest& r) {
  if (r.plan.empty() && r.level) {
    PrintError(Tr("--level applies to a plan file: 'export html PLAN --level'"));
    std::fprintf(stderr, "hint: %s\n",
                 Tr("a stored plan is levelled when it was loaded with 'rollout load PLAN --level'")
                     .c_str());
    return kExitUsage;
  }
  return r.plan.empty() ? ExportDatabase(global, r) : ExportPlanFile(global, r);
}

}  // namespace rollout
