// Id -> index in Plan::tasks: an open-addressing hash table over the plan's
// own id strings (one flat array of slots, no node per task), for plans of a
// million tasks. At that size every lookup is a cache miss on its slot and
// another on the task it names; the batch operations (InsertAll, FindLinks:
// the validator's) fetch kAhead lookups ahead so several are in flight
// (0.36 s of validation were those misses, issue #19), and split their
// work between two threads on a large plan, with the same answers as Insert
// and Find one at a time.
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

  /// Inserts every task with an id, in plan order; returns each repeated
  /// id's (task, first task with that id), in plan order. The ids are
  /// hashed on |threads| threads (0: two for a plan of kParallelTasks or
  /// more on a machine with two cores, else one); the answer is the same.
  std::vector<std::pair<int, int>> InsertAll(unsigned threads = 0);
  /// Appends the task of every link to |out|, task after task and link
  /// after link (-1: none); the tasks cut into |threads| ranges as above.
  void FindLinks(std::vector<int>* out, unsigned threads = 0) const;

  /// Tasks from which InsertAll and FindLinks use two threads by default.
  static constexpr size_t kParallelTasks = size_t{1} << 16;
  /// The default threads for a plan of |tasks| tasks: two from
  /// kParallelTasks on a machine with two cores, else one.
  static unsigned DefaultThreads(size_t tasks);
  /// Gives the slots back (Find finds nothing after it).
  void Free();

 private:
  static constexpr size_t kAhead = 16;
  struct Slot {
    uint32_t hash = 0;
    int32_t task = -1;
  };
  static uint32_t Hash(std::string_view s);
  int InsertHashed(int i, uint32_t h);
  int Probe(std::string_view id, uint32_t h) const;
  void FindLinksOf(size_t begin, size_t end, std::vector<int>* out) const;
  const Plan* plan_ = nullptr;
  std::vector<Slot> slots_;
  uint32_t mask_ = 0;
};

}  // namespace rollout
