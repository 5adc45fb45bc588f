// Plan texts read as `rollout plan check` reads them, for the reader tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "workflows/plan_reader.h"

namespace rollout::testing {

/// What `rollout plan check PATH` would print on stderr, or "ok".
inline std::string CheckPlanText(const std::string& text, const std::string& path = "plan.yaml") {
  Result<Plan> r = ReadPlan(path, text);
  return r.ok() ? "ok" : RenderErrors(path, text, r.errors());
}

/// The plan of |text|, which must be valid (else a failure and an empty plan).
inline Plan ReadPlanText(const std::string& text, const std::string& path = "plan.yaml") {
  Result<Plan> r = ReadPlan(path, text);
  EXPECT_TRUE(r.ok()) << RenderErrors(path, text, r.errors());
  return r.ok() ? std::move(r.value()) : Plan{};
}

}  // namespace rollout::testing
