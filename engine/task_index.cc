#include "engine/task_index.h"

#include <array>
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

int TaskIndex::Find(std::string_view id) const { return Probe(id, Hash(id)); }

int TaskIndex::Probe(std::string_view id, uint32_t h) const {
  if (slots_.empty()) return -1;
  for (uint32_t k = h & mask_;; k = (k + 1) & mask_) {
    const Slot& s = slots_[k];
    if (s.task < 0) return -1;
    if (s.hash == h && plan_->tasks[s.task].id == id) return s.task;
  }
}

std::vector<std::pair<int, int>> TaskIndex::InsertAll() {
  std::vector<std::pair<int, int>> repeated;
  const std::vector<Task>& tasks = plan_->tasks;
  const size_t n = tasks.size();
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(&slots_[Hash(tasks[i + kAhead].id) & mask_], 1);
    if (tasks[i].id.empty()) continue;  // the reader has reported it
    const int earlier = Insert(static_cast<int>(i));
    if (earlier >= 0) repeated.emplace_back(static_cast<int>(i), earlier);
  }
  return repeated;
}

void TaskIndex::FindLinks(std::vector<int>* out) const {
  const std::vector<Task>& tasks = plan_->tasks;
  // Two cursors over the links: |ahead| is kAhead links before |at|; the
  // hashes in between wait in a ring.
  struct Cursor {
    size_t task = 0, link = 0;
  };
  const auto settle = [&](Cursor* c) {
    while (c->task < tasks.size() && c->link >= tasks[c->task].after.size()) {
      ++c->task;
      c->link = 0;
    }
  };
  std::array<uint32_t, kAhead> ring{};
  Cursor at, ahead;
  settle(&at);
  settle(&ahead);
  size_t queued = 0;
  const auto push = [&] {
    const uint32_t h = Hash(tasks[ahead.task].after[ahead.link].task);
    ring[queued++ % kAhead] = h;
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
    ++ahead.link;
    settle(&ahead);
  };
  while (queued < kAhead && ahead.task < tasks.size()) push();
  for (size_t done = 0; at.task < tasks.size(); ++done) {
    const uint32_t h = ring[done % kAhead];
    out->push_back(Probe(tasks[at.task].after[at.link].task, h));
    if (ahead.task < tasks.size()) push();
    // Half way ahead, the slot has arrived: fetch the task it names.
    if (!slots_.empty() && queued > done + kAhead / 2) {
      const Slot& s = slots_[ring[(done + kAhead / 2) % kAhead] & mask_];
      if (s.task >= 0) __builtin_prefetch(&tasks[s.task].id);
    }
    ++at.link;
    settle(&at);
  }
}

void TaskIndex::Free() {
  std::vector<Slot>().swap(slots_);
  mask_ = 0;
}

}  // namespace rollout
