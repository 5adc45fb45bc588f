#include "engine/task_index.h"

#include <algorithm>
#include <array>
#include <functional>
#include <thread>

namespace rollout {
namespace {

unsigned PartsFor(size_t n, unsigned threads) {
  if (threads == 0) threads = TaskIndex::DefaultThreads(n);
  return static_cast<unsigned>(std::clamp<size_t>(threads, 1, std::max<size_t>(n, 1)));
}

// fn(part, begin, end) for [0, n) cut into |parts| ranges, part 0 on this
// thread and each other on its own.
template <typename Fn>
void InParts(size_t n, unsigned parts, const Fn& fn) {
  std::vector<std::thread> workers;
  workers.reserve(parts - 1);
  for (unsigned p = 1; p < parts; ++p)
    workers.emplace_back([&fn, n, p, parts] { fn(p, n * p / parts, n * (p + 1) / parts); });
  fn(0u, size_t{0}, n / parts);
  for (std::thread& w : workers) w.join();
}

}  // namespace

unsigned TaskIndex::DefaultThreads(size_t tasks) {
  return tasks >= kParallelTasks && std::thread::hardware_concurrency() >= 2 ? 2 : 1;
}

TaskIndex::TaskIndex(const Plan& plan) : plan_(&plan) {
  size_t capacity = 16;
  while (capacity < plan.tasks.size() * 2) capacity *= 2;
  slots_.resize(capacity);
  mask_ = static_cast<uint32_t>(capacity - 1);
}

uint32_t TaskIndex::Hash(std::string_view s) {
  return static_cast<uint32_t>(std::hash<std::string_view>{}(s));
}

int TaskIndex::Insert(int i) { return InsertHashed(i, Hash(plan_->tasks[i].id)); }

int TaskIndex::InsertHashed(int i, uint32_t h) {
  const std::string& id = plan_->tasks[i].id;
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

std::vector<std::pair<int, int>> TaskIndex::InsertAll(unsigned threads) {
  std::vector<std::pair<int, int>> repeated;
  const std::vector<Task>& tasks = plan_->tasks;
  const size_t n = tasks.size();
  // Each id hashed once (for the fetch ahead and the insert), on the cores;
  // the inserts stay in plan order, so the first of a repeated id stays.
  std::vector<uint32_t> hashes(n);
  InParts(n, PartsFor(n, threads), [&](unsigned, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) hashes[i] = Hash(tasks[i].id);
  });
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(&slots_[hashes[i + kAhead] & mask_], 1);
    if (tasks[i].id.empty()) continue;  // the reader has reported it
    const int earlier = InsertHashed(static_cast<int>(i), hashes[i]);
    if (earlier >= 0) repeated.emplace_back(static_cast<int>(i), earlier);
  }
  return repeated;
}

void TaskIndex::FindLinks(std::vector<int>* out, unsigned threads) const {
  const size_t n = plan_->tasks.size();
  const unsigned parts = PartsFor(n, threads);
  if (parts == 1) return FindLinksOf(0, n, out);
  std::vector<std::vector<int>> later(parts - 1);
  InParts(n, parts, [&](unsigned part, size_t begin, size_t end) {
    FindLinksOf(begin, end, part == 0 ? out : &later[part - 1]);
  });
  for (const std::vector<int>& links : later) out->insert(out->end(), links.begin(), links.end());
}

void TaskIndex::FindLinksOf(size_t begin, size_t end, std::vector<int>* out) const {
  const std::vector<Task>& tasks = plan_->tasks;
  // Two cursors over the links of tasks [begin, end): |ahead| is kAhead
  // links before |at|; the hashes in between wait in a ring.
  struct Cursor {
    size_t task = 0, link = 0;
  };
  const auto settle = [&](Cursor* c) {
    while (c->task < end && c->link >= tasks[c->task].after.size()) {
      ++c->task;
      c->link = 0;
    }
  };
  std::array<uint32_t, kAhead> ring{};
  Cursor at{begin, 0}, ahead{begin, 0};
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
  while (queued < kAhead && ahead.task < end) push();
  for (size_t done = 0; at.task < end; ++done) {
    const uint32_t h = ring[done % kAhead];
    out->push_back(Probe(tasks[at.task].after[at.link].task, h));
    if (ahead.task < end) push();
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
