// The built-in workflow (workflows/distribution-transition.yaml), compiled in
// so that `rollout demo` works from any directory.
#pragma once

#include <string>

namespace rollout {

inline constexpr const char* kBuiltinWorkflowName = "builtin:distribution-transition";
const std::string& BuiltinWorkflowText();

}  // namespace rollout
