// rollout export dot|csv|ics|mspdi|html [PLAN] [--out FILE]: parses the
// request and hands it to the format's exporter (export_command.h).
#include <cstdio>
#include <memory>

#include "tools/cli/export_command.h"

namespace rollout {
namespace {

int RunExport(const GlobalOptions& global, const ExportRequest& r) {
  if (r.excel && r.format != "csv") {
    PrintError(Tr("--excel is an option of 'export csv' only"));
    return kExitUsage;
  }
  if (!r.person.empty() && r.format != "ics") {
    PrintError(Tr("--person is an option of 'export ics' only"));
    return kExitUsage;
  }
  if (r.format == "dot") return ExportDot(global, r);
  if (r.format == "csv") return ExportCsv(global, r);
  if (r.format == "ics") return ExportIcs(global, r);
  if (r.format == "mspdi") return ExportMspdi(global, r);
  if (r.format == "html") return ExportHtml(global, r);
  PrintError(Tr("unknown export format '{0}'", r.format));
  std::fprintf(stderr, "hint: %s\n", Tr("the formats are dot, csv, ics, mspdi and html").c_str());
  return kExitUsage;
}

}  // namespace

void RegisterExport(CLI::App& app, Cli* cli) {
  auto r = std::make_shared<ExportRequest>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      Tr("export dot|csv|ics|mspdi|html [PLAN]: a plan file, or the database's forecast at --now"));
  cmd->add_option("FORMAT", r->format, Tr("dot, csv, ics, mspdi or html"))->required();
  cmd->add_option("PLAN", r->plan, Tr("plan file (YAML or JSON); without it, the database"));
  cmd->add_option("--out", r->out, Tr("write to FILE instead of stdout"));
  cmd->add_option("--person", r->person, Tr("ics: only the tasks of this person"));
  cmd->add_flag("--excel", r->excel,
                Tr("csv: a UTF-8 BOM and ';' between fields, as Excel expects"));
  cmd->add_flag("--level", r->level, Tr("the levelled schedule of PLAN"));
  cmd->callback([cli, r] { cli->action = [cli, r] { return RunExport(cli->global, *r); }; });
}

}  // namespace rollout
