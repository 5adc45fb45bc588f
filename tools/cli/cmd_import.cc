// rollout import psplib|mspdi|csv FILE [--calendar PLAN]: prints a plan
// file (plan-format.md §7, cli.md "Interchange"). What the plan format
// cannot hold is said on stderr as FILE:LINE: warning: lines; the printed
// plan is validated before it is printed.
#include <cstdio>
#include <ctime>

#include "formats/csv_reader.h"
#include "formats/mspdi_reader.h"
#include "formats/plan_yaml.h"
#include "tools/cli/cli.h"
#include "tools/cli/db_context.h"
#include "tools/cli/plan_file.h"
#include "workflows/plan_reader.h"
#include "workflows/psplib_reader.h"
#include "workflows/text_width.h"

namespace rollout {
namespace {

struct ImportArgs {
  std::string format;
  std::string file;
  std::string calendar;  // csv: a plan file giving calendar, start and people
};

int RunPsplib(const ImportArgs& args, const std::string& text) {
  Result<PsplibInstance> inst = ParsePsplib(text);
  if (!inst.ok()) {
    std::fputs(RenderErrors(args.file, text, inst.errors()).c_str(), stderr);
    return kExitUsage;
  }
  const std::string yaml = PsplibPlanYaml(inst.value(), PsplibPlanId(args.file));
  std::fwrite(yaml.data(), 1, yaml.size(), stdout);
  return kExitOk;
}

void PrintWarnings(const std::string& file, const std::vector<ImportWarning>& warnings) {
  for (const ImportWarning& w : warnings) {
    const std::string at = w.line > 0 ? ":" + std::to_string(w.line) : "";
    std::fprintf(stderr, "%s%s: warning: %s\n", VisibleText(file).c_str(), at.c_str(),
                 VisibleText(w.message).c_str());
  }
}

// The imported plan, validated as a plan file; nullopt (after saying why)
// when it does not validate.
std::optional<Plan> Validate(const std::string& file, const std::string& yaml) {
  Result<Plan> plan = ReadPlan("imported.yaml", yaml);
  if (plan.ok()) return std::move(plan.value());
  std::fprintf(stderr, "%s: error: %s\n", VisibleText(file).c_str(),
               Tr("the plan made of this file is not valid:").c_str());
  std::fputs(RenderErrors("(imported plan)", yaml, plan.errors()).c_str(), stderr);
  return std::nullopt;
}

int RunInterchange(const ImportArgs& args, const GlobalOptions& global, const std::string& text) {
  std::optional<Plan> base;
  if (!args.calendar.empty()) {
    if (args.format != "csv") {
      PrintError(Tr("--calendar is an option of 'import csv' only"));
      return kExitUsage;
    }
    base = ReadPlanOrReport(args.calendar);
    if (!base) return kExitUsage;
  }
  const std::string id = base ? base->id : PsplibPlanId(args.file);
  Date today = 0;  // a CSV's start when it has no start cells: --now's date, else the clock's
  if (args.format == "csv")
    if (int code = FileToday(global, &today); code != kExitOk) return code;
  Result<ImportedPlan> r = args.format == "mspdi"
                               ? ReadMspdi(text, id)
                               : ReadCsv(text, id, base ? &*base : nullptr, today);
  if (!r.ok()) {
    std::fputs(RenderErrors(args.file, text, r.errors()).c_str(), stderr);
    return kExitUsage;
  }
  PrintWarnings(args.file, r.value().warnings);
  std::string yaml = PlanYaml(r.value().plan);
  std::optional<Plan> plan = Validate(args.file, yaml);
  if (!plan) return kExitUsage;
  if (args.format == "csv") {
    // The file's start dates that the links alone would not give come back
    // as not_before (an exported plan's constraints, or edits in Excel).
    const std::vector<int> fixed = RecoverNotBefore(&*plan, r.value().starts);
    for (int i : fixed) {
      const Task& t = plan->tasks[static_cast<size_t>(i)];
      const Date start = *r.value().starts[static_cast<size_t>(i)];
      std::fprintf(stderr, "%s: warning: %s\n", VisibleText(args.file).c_str(),
                   Tr("task '{0}' starts on {1} in the file, later than its links allow; "
                      "it gets not_before: {2}",
                      VisibleText(t.id), HumanDate(FormatDate(start)), FormatDate(*t.not_before))
                       .c_str());
    }
    if (!fixed.empty()) yaml = PlanYaml(*plan);
  }
  std::fwrite(yaml.data(), 1, yaml.size(), stdout);
  return kExitOk;
}

int RunImport(const ImportArgs& args, const GlobalOptions& global) {
  if (args.format != "psplib" && args.format != "mspdi" && args.format != "csv") {
    PrintError(Tr("unknown import format '{0}'", VisibleText(args.format)));
    std::fprintf(stderr, "hint: %s\n", Tr("the formats are psplib, mspdi and csv").c_str());
    return kExitUsage;
  }
  std::string text;
  const Errors read =
      ReadPlanFile(args.file, &text, args.format == "psplib" ? kMaxPlanFileBytes : kMaxMspdiBytes);
  if (!read.empty()) {
    std::fputs(RenderErrors(args.file, "", read).c_str(), stderr);
    return kExitUsage;
  }
  if (args.format == "psplib") return RunPsplib(args, text);
  return RunInterchange(args, global, text);
}

}  // namespace

void RegisterImport(CLI::App& app, Cli* cli) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd =
      app.add_subcommand("import", Tr("import psplib|mspdi|csv FILE: prints a plan file"));
  cmd->add_option("FORMAT", args->format, Tr("psplib, mspdi (MS Project XML) or csv"))->required();
  cmd->add_option("FILE", args->file, Tr("the file to import"))->required();
  cmd->add_option("--calendar", args->calendar,
                  Tr("csv: take the plan id, calendar, start and people from this plan file"));
  cmd->callback([cli, args] { cli->action = [cli, args] { return RunImport(*args, cli->global); }; });
}

}  // namespace rollout
