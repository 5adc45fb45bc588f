// Commands whose help exists before their implementation: each later issue
// moves its verbs out of here into cmd_<verb>.cc.
#include <vector>

#include "tools/cli/cli.h"

namespace rollout {
namespace {

struct Planned {
  const char* name;
  const char* help;
};

const std::vector<Planned> kPlanned = {
    {"export", "export dot|csv|ics|mspdi|html"},
};

}  // namespace

void RegisterPlanned(CLI::App& app, Cli* cli) {
  for (const Planned& p : kPlanned) {
    CLI::App* cmd = app.add_subcommand(p.name, p.help);
    cmd->allow_extras();
    std::string name = p.name;
    cmd->callback([cli, name] {
      cli->action = [name] {
        PrintError("'" + name + "' is not implemented yet");
        return static_cast<int>(kExitFailure);
      };
    });
  }
}

}  // namespace rollout
