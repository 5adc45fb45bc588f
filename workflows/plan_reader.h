// Reads a plan file (YAML 1.2, or JSON of the same structure) into the plan
// model and validates it (plan-format.md §1). Every problem is reported.
#pragma once

#include <string>

#include "engine/plan.h"
#include "engine/result.h"
#include "workflows/phase_timer.h"

namespace rollout {

struct Network;

/// Parses and validates |text|; |path| decides the format (".json" or a
/// leading '{' means JSON) and appears in nothing but the returned errors.
/// With |timer|, marks the phases "parse" and "validate". With |net|, a valid
/// plan's network (built by the validator's cycle check) is moved there.
Result<Plan> ReadPlan(const std::string& path, const std::string& text,
                      PhaseTimer* timer = nullptr, Network* net = nullptr);

/// Reads the file at |path| and calls ReadPlan. A missing or unreadable file
/// is one error without a position.
Result<Plan> LoadPlanFile(const std::string& path, PhaseTimer* timer = nullptr);

/// Reads a whole file; false if it cannot be read.
bool ReadFileText(const std::string& path, std::string* text);

/// Renders errors as `FILE:LINE:COL: error: MESSAGE`, the offending line
/// with a caret under the column (by display width), and `hint: ...`.
std::string RenderErrors(const std::string& path, const std::string& text, const Errors& errors);

}  // namespace rollout
