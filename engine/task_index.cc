#include "engine/task_index.h"

#include <functional>

namespace rollout {

TaskIndex::TaskIndex(const Plan& plan) : plan_(&plan) {
  size_t capacity = 16;
  while (capacity < plan.tasks.size() * 2) capacity *= 2;
  slots_.resize(capacity);
  mask_ = static_cast<uint32_t>(capacity - 1);
}

uint32_t TaskIndex::Hash(std::string_view s) {
  return static_cast<uint32_t>(std::hash<std::string_view>{}(s));
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
