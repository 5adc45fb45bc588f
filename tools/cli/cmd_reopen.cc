// rollout reopen TASK: see tools/cli/progress_command.h.
#include "tools/cli/progress_command.h"

namespace rollout {

void RegisterReopen(CLI::App& app, Cli* cli) { RegisterProgressVerb(app, cli, ProgressVerb::kReopen); }

}  // namespace rollout
