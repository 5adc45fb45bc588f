// The HTML report exporter: not written yet (issue #16).
#include "tools/cli/export_command.h"

namespace rollout {

int ExportHtml(const GlobalOptions&, const ExportRequest& r) {
  PrintError("'export " + r.format + "' is not implemented yet");
  return kExitFailure;
}

}  // namespace rollout
