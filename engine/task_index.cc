#include "engine/task_index.h"

#include <array>
#include <functional>

namespace rollout {

namespace {

// How many lookups ahead InsertAll and FindLinks fetch a slot (and, half as
// far ahead, the task that slot names): enough to overlap the misses.
constexpr size_t kAhead = 16;

}  // namespace

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

std::vector<std::pair<int, int>> TaskIndex::InsertAll() {
  std::vector<std::pair<int, int>> repeated;
  const std::vector<Task>& tasks = plan_->tasks;
  const size_t n = tasks.size();
  for (size_t i = 0; i < n; ++i) {
    // The slot of a task kAhead further on: its id is in the Task (short
    // ids) or one pointer away, read in order; the slot is anywhere.
    if (i + kAhead < n && !tasks[i + kAhead].id.empty())
      __builtin_prefetch(&slots_[Hash(tasks[i + kAhead].id) & mask_], 1);
    if (tasks[i].id.empty()) continue;
    const int earlier = Insert(static_cast<int>(i));
    if (earlier >= 0) repeated.emplace_back(static_cast<int>(i), earlier);
  }
  return repeated;
}

void TaskIndex::FindLinks(std::vector<int>* out) const {
  const std::vector<Task>& tasks = plan_->tasks;
  // Two cursors over the links in plan order: |ahead| kAhead links before
  // the one looked up, its hash kept in a ring for the lookup.
  struct Cursor {
    size_t task = 0, link = 0;
  };
  const auto skip_empty = [&](Cursor* c) {
    while (c->task < tasks.size() && c->link >= tasks[c->task].after.size()) {
      ++c->task;
      c->link = 0;
    }
  };
  std::array<uint32_t, kAhead> ring{};
  Cursor at, ahead;
  skip_empty(&at);
  skip_empty(&ahead);
  size_t queued = 0;  // links hashed ahead of |at|
  const auto push = [&] {
    const uint32_t h = Hash(tasks[ahead.task].after[ahead.link].task);
    ring[(queued++) % kAhead] = h;
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
    ++ahead.link;
    skip_empty(&ahead);
  };
  for (size_t k = 0; k < kAhead && ahead.task < tasks.size(); ++k) push();
  for (size_t done = 0; at.task < tasks.size(); ++done) {
    const std::string& id = tasks[at.task].after[at.link].task;
    const uint32_t h = ring[done % kAhead];
    int found = -1;
    if (!slots_.empty()) {
      for (uint32_t k = h & mask_;; k = (k + 1) & mask_) {
        const Slot& s = slots_[k];
        if (s.task < 0) break;
        if (s.hash == h && tasks[s.task].id == id) {
          found = s.task;
          break;
        }
      }
    }
    out->push_back(found);
    if (ahead.task < tasks.size()) push();
    // Half way ahead, the slot is in the cache: fetch the task it names.
    if (!slots_.empty() && queued > done + kAhead / 2) {
      const Slot& s = slots_[ring[(done + kAhead / 2) % kAhead] & mask_];
      if (s.task >= 0) __builtin_prefetch(&tasks[s.task].id);
    }
    ++at.link;
    skip_empty(&at);
  }
}

}  // namespace rollout
