// Reads a plan file (YAML 1.2, or JSON of the same structure) into the plan
// model and validates it (plan-format.md §1). Every problem is reported.
#pragma once

#include <cstddef>
#include <string>

#include "engine/plan.h"
#include "engine/result.h"
#include "workflows/phase_timer.h"

namespace rollout {

struct Network;

/// The largest plan the reader takes, in bytes (docs/plan-format.md "Limits").
inline constexpr size_t kMaxPlanFileBytes = size_t{256} << 20;

/// A YAML document may expand through aliases to this many values plus four
/// per byte of the text; past that it is refused before it is walked.
inline constexpr size_t kYamlExpansionBase = 100000;
inline constexpr size_t kYamlExpansionPerByte = 4;

/// Parses and validates |text|; |path| decides the format (".json" or a
/// leading '{' means JSON) and appears in nothing but the returned errors.
/// With |timer|, marks the phases "parse" and "validate". With |net|, a valid
/// plan's network (built by the validator's cycle check) is moved there.
Result<Plan> ReadPlan(const std::string& path, const std::string& text,
                      PhaseTimer* timer = nullptr, Network* net = nullptr);

/// Reads the plan file at |path| into |*text|: a regular file, a FIFO or a
/// device, never more than |max_bytes| of it. Returns one error without a
/// position when it cannot be read, is larger than |max_bytes| or holds a
/// NUL byte (a binary file, /dev/zero); else no error. The CLI reads plans
/// through this.
Errors ReadPlanFile(const std::string& path, std::string* text,
                    size_t max_bytes = kMaxPlanFileBytes);

/// Reads the file at |path| (ReadPlanFile) and calls ReadPlan. A missing or unreadable file
/// is one error without a position.
Result<Plan> LoadPlanFile(const std::string& path, PhaseTimer* timer = nullptr);

/// Reads a whole file; false if it cannot be read or is larger than
/// kMaxPlanFileBytes.
bool ReadFileText(const std::string& path, std::string* text);

/// A whole number of working days as a plan writes it ("5", "5d", "2w"),
/// 0..|max|; false for anything else.
bool ParseWorkingDays(const std::string& text, int max, int* out);

/// Renders errors as `FILE:LINE:COL: error: MESSAGE`, the offending line
/// with a caret under the column (by display width), and `hint: ...`.
std::string RenderErrors(const std::string& path, const std::string& text, const Errors& errors);

}  // namespace rollout
