// start, done and reopen: one transaction that checks the task, the person
// and the gates, records the new state and appends to the audit trail.
#pragma once

#include <string>

#include "tools/cli/cli.h"

namespace rollout {

enum class ProgressVerb { kStart, kDone, kReopen };

/// Runs `rollout start|done|reopen TASK [--note NOTE]`; returns the exit code.
int RunProgressCommand(ProgressVerb verb, const std::string& task, const std::string& note,
                       const GlobalOptions& global);

/// Registers one of the three verbs on |app|.
void RegisterProgressVerb(CLI::App& app, Cli* cli, ProgressVerb verb);

}  // namespace rollout
