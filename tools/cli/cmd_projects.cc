// rollout projects [--json]: the projects of the database, each with its
// current version and its finish forecast at now against the baseline
// (cli.md "Many projects in one database").
#include <cstdio>

#include "app/inbox.h"
#include "app/project_view.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct Line {
  ProjectRow row;
  std::string forecast;  // YYYY-MM-DD, or empty when it cannot be computed
  int slip = 0;          // working days, forecast - baseline
  bool has_baseline = false;
};

int RunProjects(const GlobalOptions& global) {
  Result<std::unique_ptr<Store>> store = OpenStore(ResolveDbPath(global), OpenMode::kReadOnly);
  if (!store.ok()) return ReportErrors(store.errors());
  Result<std::vector<ProjectRow>> rows = ListProjects(*store.value());
  if (!rows.ok()) return ReportErrors(rows.errors());
  std::vector<Line> lines;
  for (const ProjectRow& row : rows.value()) {
    Line line{row, "", 0, false};
    SessionRequest request = RequestOf(global);
    request.project = row.id;
    Result<Session> session = OpenSession(*store.value(), request, true);
    if (!session.ok()) return ReportErrors(session.errors());
    Result<ProjectView> view = LoadProjectView(session.value());
    if (view.ok()) {
      line.forecast = FormatDate(view.value().ForecastFinish());
      if (view.value().baseline) {
        line.has_baseline = true;
        line.slip = view.value().s.schedule.finish - view.value().baseline->duration;
      }
    }
    lines.push_back(std::move(line));
  }
  std::string out;
  if (global.json) {
    out = "[";
    for (size_t i = 0; i < lines.size(); ++i) {
      const Line& l = lines[i];
      out += std::string(i ? ",\n" : "\n") + "{\"id\":" + JsonString(l.row.id) +
             ",\"title\":" + JsonString(l.row.title) +
             ",\"version\":" + std::to_string(l.row.version) +
             ",\"forecast_finish\":" + (l.forecast.empty() ? "null" : JsonString(l.forecast)) +
             ",\"baseline_finish\":" +
             (l.row.baseline_finish ? JsonString(*l.row.baseline_finish) : "null") +
             ",\"slip_days\":" + std::to_string(l.slip) + "}";
    }
    out += lines.empty() ? "]\n" : "\n]\n";
  } else if (lines.empty()) {
    out = "no projects\n";
  } else {
    std::vector<std::vector<std::string>> table = {
        {"ID", "VERSION", "TITLE", "FORECAST", "BASELINE", ""}};
    for (const Line& l : lines) {
      std::string slip = !l.has_baseline ? ""
                         : l.slip > 0    ? WorkingDays(l.slip) + " late"
                         : l.slip < 0    ? WorkingDays(-l.slip) + " early"
                                         : "on time";
      table.push_back({l.row.id, std::to_string(l.row.version), Truncate(l.row.title, 40),
                       l.forecast, l.row.baseline_finish.value_or(""), slip});
    }
    std::vector<int> w(table[0].size(), 0);
    for (const auto& r : table)
      for (size_t c = 0; c < r.size(); ++c) w[c] = std::max(w[c], DisplayWidth(r[c]));
    for (const auto& r : table) {
      std::string line;
      for (size_t c = 0; c < r.size(); ++c) line += PadRight(r[c], w[c]) + "  ";
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

void RegisterProjects(CLI::App& app, Cli* cli) {
  CLI::App* cmd = app.add_subcommand(
      "projects", "the projects of the database: version, finish forecast vs baseline");
  cmd->callback([cli] { cli->action = [cli] { return RunProjects(cli->global); }; });
}

}  // namespace rollout
