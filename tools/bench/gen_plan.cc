// gen_plan: a large random plan on stdout, for benchmarks (docs/performance.md).
//   gen_plan --tasks N [--links-per-task 2] [--seed S] [--window W]
//            [--groups G] [--fs-only] [--estimates] [--format json|yaml|tjp]
// A random DAG with forward links only: task i links to distinct tasks among
// the W before it. Link types are mostly FS (unless --fs-only, all FS with lag
// 0); G groups wrap contiguous blocks of tasks. --format tjp writes the same
// tasks, durations and FS links as a TaskJuggler 3 project (needs --fs-only
// and --groups 0) with a CSV report of every task's start and end.
// --estimates gives every task of duration d > 0 an estimate {ceil(d/2), d, 2d}
// (JSON and YAML only; `rollout risk`).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tools/bench/plan_generator.h"

namespace {

using rollout::bench::GenOptions;

bool Parse(int argc, char** argv, GenOptions* o, std::string* format) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--fs-only") o->fs_only = true;
    else if (a == "--estimates") o->estimates = true;
    else if (a == "--tasks" && has_value) o->tasks = std::atol(argv[++i]);
    else if (a == "--links-per-task" && has_value) o->links = std::atof(argv[++i]);
    else if (a == "--seed" && has_value) o->seed = static_cast<unsigned>(std::atol(argv[++i]));
    else if (a == "--window" && has_value) o->window = std::atol(argv[++i]);
    else if (a == "--groups" && has_value) o->groups = std::atol(argv[++i]);
    else if (a == "--format" && has_value) *format = argv[++i];
    else return false;
  }
  if (*format == "tjp" && (!o->fs_only || o->groups != 0)) return false;
  return o->tasks > 0 && o->window > 0 && o->groups >= 0 &&
         (*format == "json" || *format == "yaml" || *format == "tjp");
}

}  // namespace

int main(int argc, char** argv) {
  GenOptions o;
  std::string format = "json";
  if (!Parse(argc, argv, &o, &format)) {
    std::fprintf(stderr,
                 "usage: gen_plan --tasks N [--links-per-task 2] [--seed S] [--window W] "
                 "[--groups G] [--fs-only] [--estimates] [--format json|yaml|tjp]\n"
                 "  tjp needs --fs-only --groups 0\n");
    return 2;
  }
  const auto tasks = rollout::bench::GenerateTasks(o);
  const std::string text = format == "tjp"    ? rollout::bench::PlanTjp(tasks)
                           : format == "yaml" ? rollout::bench::PlanYaml(o, tasks)
                                              : rollout::bench::PlanJson(o, tasks);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}
