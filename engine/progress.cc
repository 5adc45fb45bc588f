#include "engine/progress.h"

namespace rollout {

const char* TaskStateName(TaskState s) {
  switch (s) {
    case TaskState::kPlanned: return "planned";
    case TaskState::kStarted: return "started";
    case TaskState::kDone: return "done";
  }
  return "planned";
}

const char* GateStateName(GateState s) {
  switch (s) {
    case GateState::kClosed: return "closed";
    case GateState::kReady: return "ready";
    case GateState::kPassed: return "passed";
    case GateState::kRejected: return "rejected";
  }
  return "closed";
}

}  // namespace rollout
