// The story part of `rollout demo`: a temporary database, simulated weeks in
// which staff start and finish tasks (some late), the engine's alerts as
// they fall due, a gate refused for a short KPI and then approved, and the
// forecast against the baseline at the end. Each step runs the real binary
// (/proc/self/exe) exactly as a user would type it.
#pragma once

namespace rollout {

/// Prints the story on stdout; returns the exit code (0, or 1 when a step
/// did not do what the story expects).
int RunDemoStory();

}  // namespace rollout
