#include "engine/task_index.h"

namespace rollout {

TaskIndex::TaskIndex(const Plan& plan) : plan_(&plan) {
  size_t capacity = 16;
  while (capacity < plan.tasks.size() * 2) capacity *= 2;
  slots_.resize(capacity);
  mask_ = static_cast<uint32_t>(capacity - 1);
}

// FNV-1a, then a final mix so that ids differing in their last digit spread.
uint32_t TaskIndex::Hash(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 32;
  return static_cast<uint32_t>(h);
}

int TaskIndex::Insert(int i) {
  const std::string& id = plan_->tasks[i].id;
  const uint32_t h = Hash(id);
  for (uint32_t k = h & mask_;; k = (k + 1) & mask_) {
    Slot& s = slots_[k];
    if (s.task < 0) {
      s = {h, i};
      return -1;
    }
    if (s.hash == h && plan_->tasks[s.task].id == id) return s.task;
  }
}

int TaskIndex::Find(std::string_view id) const {
  if (slots_.empty()) return -1;
  const uint32_t h = Hash(id);
  for (uint32_t k = h & mask_;; k = (k + 1) & mask_) {
    const Slot& s = slots_[k];
    if (s.task < 0) return -1;
    if (s.hash == h && plan_->tasks[s.task].id == id) return s.task;
  }
}

}  // namespace rollout
