// A plan model written back as a plan file (plan-format.md §1), for the
// importers: `import mspdi|csv` print it. Every string is double-quoted
// with YAML escapes, so no name can break out of its scalar.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/plan.h"

namespace rollout {

/// Something of the input the plan format cannot hold, and what was done
/// instead; |line| is where it is in the input (0: nowhere in particular).
struct ImportWarning {
  int line = 0;
  std::string message;  // names the task: "task 't7' ('Монтаж'): ..."
};

/// A plan an importer built and what it could not carry over (the CLI
/// prints the warnings as `FILE:LINE: warning: MESSAGE` lines).
struct ImportedPlan {
  Plan plan;
  std::vector<ImportWarning> warnings;
  /// Per task (csv only): the file's start date, for RecoverNotBefore.
  std::vector<std::optional<Date>> starts;
};

/// The YAML text of |plan|: tasks nested as groups, links with type and lag
/// only when they are not FS+0. REQUIRES: parent/children are consistent.
std::string PlanYaml(const Plan& plan);

/// |text| as a YAML double-quoted scalar (quotes included): backslash,
/// quote and every control character escaped; bytes that are not UTF-8
/// become U+FFFD.
std::string YamlQuoted(const std::string& text);

}  // namespace rollout
