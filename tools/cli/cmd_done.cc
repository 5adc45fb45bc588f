// rollout done TASK [--note T]: see tools/cli/progress_command.h.
#include "tools/cli/progress_command.h"

namespace rollout {

void RegisterDone(CLI::App& app, Cli* cli) { RegisterProgressVerb(app, cli, ProgressVerb::kDone); }

}  // namespace rollout
