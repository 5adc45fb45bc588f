// rollout start TASK: see tools/cli/progress_command.h.
#include "tools/cli/progress_command.h"

namespace rollout {

void RegisterStart(CLI::App& app, Cli* cli) { RegisterProgressVerb(app, cli, ProgressVerb::kStart); }

}  // namespace rollout
