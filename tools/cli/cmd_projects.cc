// rollout projects [--json]: the projects of the database, each with its
// current version and its finish forecast at now against the baseline
// (cli.md "Many projects in one database").
#include <cstdio>

#include "app/inbox.h"
#include "app/project_view.h"
#include "app/reports.h"
#include "app/wire.h"
#include "tools/cli/remote.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/schedule_view.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

void Print(const std::vector<ProjectLine>& lines, bool json) {
  std::string out;
  if (json) {
    out = ProjectsJson(lines);
  } else if (lines.empty()) {
    out = Tr("no projects") + "\n";
  } else {
    std::vector<std::vector<std::string>> table = {
        {Tr("ID"), Tr("VERSION"), Tr("TITLE"), Tr("FORECAST"), Tr("BASELINE"), ""}};
    for (const ProjectLine& l : lines) {
      std::string slip = !l.has_baseline ? ""
                         : l.slip > 0    ? Tr("{0} late", WorkingDays(l.slip))
                         : l.slip < 0    ? Tr("{0} early", WorkingDays(-l.slip))
                                         : Tr("on time");
      table.push_back({l.row.id, std::to_string(l.row.version), Truncate(l.row.title, 40),
                       HumanDate(l.forecast), HumanDate(l.row.baseline_finish.value_or("")), slip});
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
}

int RunProjects(const GlobalOptions& global) {
  if (!ServerUrl(global).empty()) {
    RemoteReply reply;
    if (int code = CallServer(global, {"GET", "/projects", {}, "", {}}, &reply); code != kExitOk)
      return code;
    Result<std::vector<ProjectLine>> lines = ProjectsFromJson(reply.body);
    if (!lines.ok()) return ReportErrors(lines.errors());
    Print(lines.value(), global.json);
    return kExitOk;
  }
  Result<std::unique_ptr<Store>> store = OpenStore(ResolveDbPath(global), OpenMode::kReadOnly);
  if (!store.ok()) return ReportErrors(store.errors());
  Result<std::vector<ProjectLine>> lines = ProjectLines(*store.value(), RequestOf(global));
  if (!lines.ok()) return ReportErrors(lines.errors());
  Print(lines.value(), global.json);
  return kExitOk;
}

}  // namespace

void RegisterProjects(CLI::App& app, Cli* cli) {
  CLI::App* cmd = app.add_subcommand(
      "projects", Tr("the projects of the database: version, finish forecast vs baseline"));
  cmd->callback([cli] { cli->action = [cli] { return RunProjects(cli->global); }; });
}

}  // namespace rollout
