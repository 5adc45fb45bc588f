// rollout export FORMAT [PLAN] [--out FILE]: the request every exporter
// takes (cli.md "Interchange", "The report"). cmd_export.cc parses it and
// picks the exporter; each format's exporter lives in its own file
// (export_interchange.cc: dot, csv, ics, mspdi; export_html.cc: html).
#pragma once

#include <string>

#include "tools/cli/cli.h"

namespace rollout {

struct ExportRequest {
  std::string format;   // dot, csv, ics, mspdi, html
  std::string plan;     // a plan file; empty: the database's forecast at now
  std::string out;      // --out FILE; empty: stdout
  std::string person;   // ics --person ID: only that person's tasks
  bool excel = false;   // csv --excel: a BOM and ';' as the separator
  bool level = false;   // --level: the levelled schedule of a plan file
};

/// Each writes the export of |request| and returns an exit code (cli.h).
int ExportDot(const GlobalOptions& global, const ExportRequest& request);
int ExportCsv(const GlobalOptions& global, const ExportRequest& request);
int ExportIcs(const GlobalOptions& global, const ExportRequest& request);
int ExportMspdi(const GlobalOptions& global, const ExportRequest& request);
int ExportHtml(const GlobalOptions& global, const ExportRequest& request);

}  // namespace rollout
