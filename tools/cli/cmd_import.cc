// rollout import psplib|mspdi|csv FILE: prints a plan file (plan-format.md §7).
#include <cstdio>

#include "tools/cli/cli.h"
#include "workflows/plan_reader.h"
#include "workflows/psplib_reader.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct ImportArgs {
  std::string format;
  std::string file;
};

int RunImport(const ImportArgs& args) {
  if (args.format == "mspdi" || args.format == "csv") {
    PrintError("import " + args.format + " is not supported yet; only psplib is");
    return kExitUsage;
  }
  if (args.format != "psplib") {
    PrintError("unknown import format '" + args.format + "'");
    std::fputs("hint: the formats are psplib, mspdi and csv\n", stderr);
    return kExitUsage;
  }
  std::string text;
  if (!ReadFileText(args.file, &text)) {
    std::fprintf(stderr, "%s: error: cannot read the file: no such file or not readable\n",
                 VisibleText(args.file).c_str());
    return kExitUsage;
  }
  Result<PsplibInstance> inst = ParsePsplib(text);
  if (!inst.ok()) {
    std::fputs(RenderErrors(args.file, text, inst.errors()).c_str(), stderr);
    return kExitUsage;
  }
  const std::string yaml = PsplibPlanYaml(inst.value(), PsplibPlanId(args.file));
  std::fwrite(yaml.data(), 1, yaml.size(), stdout);
  return kExitOk;
}

}  // namespace

void RegisterImport(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand("import", "import psplib|mspdi|csv FILE: prints a plan file");
  cmd->add_option("FORMAT", args->format, "psplib (mspdi and csv: not yet)")->required();
  cmd->add_option("FILE", args->file, "the file to import")->required();
  cmd->callback([cli, args] { cli->action = [args] { return RunImport(*args); }; });
}

}  // namespace rollout
