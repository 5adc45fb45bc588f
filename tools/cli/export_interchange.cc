// The interchange exporters (dot, csv, ics, mspdi): not written yet
// (issue #15); each says so and changes nothing.
#include "tools/cli/export_command.h"

namespace rollout {
namespace {

int NotYet(const ExportRequest& r) {
  PrintError("'export " + r.format + "' is not implemented yet");
  return kExitFailure;
}

}  // namespace

int ExportDot(const GlobalOptions&, const ExportRequest& r) { return NotYet(r); }
int ExportCsv(const GlobalOptions&, const ExportRequest& r) { return NotYet(r); }
int ExportIcs(const GlobalOptions&, const ExportRequest& r) { return NotYet(r); }
int ExportMspdi(const GlobalOptions&, const ExportRequest& r) { return NotYet(r); }

}  // namespace rollout
