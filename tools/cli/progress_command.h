// start, done and reopen: flags -> app/progress_acts.h -> the line printed.
#pragma once

#include <string>

#include "app/progress_acts.h"
#include "tools/cli/cli.h"

namespace rollout {

/// Runs `rollout start|done|reopen TASK [--note NOTE]`; returns the exit code.
int RunProgressCommand(ProgressVerb verb, const std::string& task, const std::string& note,
                       const GlobalOptions& global);

/// Registers one of the three verbs on |app|.
void RegisterProgressVerb(CLI::App& app, Cli* cli, ProgressVerb verb);

}  // namespace rollout
