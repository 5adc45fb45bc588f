// Id -> index in Plan::tasks: an open-addressing hash table over the plan's
// own id strings (one flat array of slots, no node per task), for plans of a
// million tasks.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
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

  /// Insert of every task with an id, in plan order; returns each repeated
  /// id's (task, first task) pair, in plan order. The same as calling Insert
  /// on each, with the slots fetched ahead: at a million tasks every lookup
  /// is a cache miss, and this keeps several in flight.
  std::vector<std::pair<int, int>> InsertAll();
  /// Find of every link's task, task after task and link after link, into
  /// |*out| (appended); the same as calling Find on each, fetched ahead.
  void FindLinks(std::vector<int>* out) const;

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
