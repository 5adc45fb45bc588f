// Id -> index in Plan::tasks: an open-addressing hash table over the plan's
// own id strings (one flat array of slots, no node per task), for plans of a
// million tasks.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/plan.h"

namespace rollout {

class TaskIndex {
 public:
  TaskIndex() = default;
  /// An empty index sized for |plan|'s tasks; it refers to |plan|, which must
  /// outlive it and keep its task ids unchanged.
  explicit TaskIndex(const Plan& plan);

  /// Adds task |i| under its id. Returns the index already holding that id
  /// (the first one stays), or -1 when the id is new.
  int Insert(int i);
  /// Index of the task with |id|, or -1.
  int Find(std::string_view id) const;

 private:
  struct Slot {
    uint32_t hash = 0;
    int32_t task = -1;
  };
  static uint32_t Hash(std::string_view s);
  const Plan* plan_ = nullptr;
  std::vector<Slot> slots_;
  uint32_t mask_ = 0;
};

}  // namespace rollout
