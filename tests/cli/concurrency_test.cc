// Real processes on a real database file: many writers at once, and writers
// killed with SIGKILL at random moments.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>


#include "storage/store.h"
#include <gtest/gtest.h>

#include "tests/testing/run_binary.h"
#include "tests/testing/test_db.h"

extern char** environ;

namespace rollout {
namespace {

using testing::RunResult;
using testing::ScopedTempDir;

std::string TaskId(int worker, int k) {
  return "w" + std::to_string(worker) + ".t" + std::to_string(k);
}

// |workers| x |per_worker| independent tasks, all assigned to lead `boss`.
std::string ManyTasksPlan(int workers, int per_worker) {
  std::string yaml =
      "plan: many\nstart: 2027-01-11\nroles: {lead: {name: Lead}}\n"
      "people: [{id: boss, name: \"Босс\", roles: [lead]}]\ntasks:\n";
  for (int w = 0; w < workers; ++w)
    for (int k = 0; k < per_worker; ++k)
      yaml += "  - {id: " + TaskId(w, k) + ", duration: 1}\n";
  return yaml;
}

std::vector<std::string> DoneArgs(const std::string& db, const std::string& task) {
  return {ROLLOUT_BINARY, "--db", db, "--as", "boss", "--now", "2027-01-12T10:00", "done", task};
}

// What the database holds, read through the Store: the done tasks and the
// number of `done` entries in the audit trail.
std::pair<std::set<std::string>, int> DoneInDb(const std::string& db) {
  std::set<std::string> done;
  int logged = 0;
  Result<std::unique_ptr<Store>> store = OpenStore(db, OpenMode::kExisting);
  EXPECT_TRUE(store.ok());
  if (!store.ok()) return {done, logged};
  Status st = store.value()->Read([&](StoreTx& tx) {
    for (const auto& [task, p] : tx.LoadProgress("many").tasks)
      if (p.state == TaskState::kDone) done.insert(task);
    for (const LogEntry& e : tx.ReadLog("many")) logged += e.action == "done";
  });
  EXPECT_TRUE(st.ok());
  return {done, logged};
}

class Concurrency : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(Concurrency, EightProcessesFiftyTasksEach) {
  constexpr int kWorkers = 8, kPerWorker = 50;
  ScopedTempDir dir;
  testing::TestDatabase database(GetParam(), "c.db");
  const std::string db = database.location();
  RunResult load = testing::Rollout(
      {"--db", db, "--as", "boss", "load", dir.Write("p.yaml", ManyTasksPlan(kWorkers, kPerWorker))});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  // Each worker thread runs its 50 `rollout done` processes one after the
  // other, so 8 processes contend for the database at every moment.
  std::vector<std::vector<RunResult>> results(kWorkers);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) {
    threads.emplace_back([&, w] {
      for (int k = 0; k < kPerWorker; ++k) results[w].push_back(testing::Run(DoneArgs(db, TaskId(w, k))));
    });
  }
  for (std::thread& t : threads) t.join();
  for (int w = 0; w < kWorkers; ++w) {
    for (int k = 0; k < kPerWorker; ++k) {
      const RunResult& r = results[w][k];
      EXPECT_EQ(r.exit_code, 0) << TaskId(w, k) << ": " << r.err;
      EXPECT_EQ(r.err.find("locked"), std::string::npos) << r.err;
    }
  }
  const auto [done, logged] = DoneInDb(db);
  EXPECT_EQ(done.size(), static_cast<size_t>(kWorkers * kPerWorker));
  EXPECT_EQ(logged, kWorkers * kPerWorker);
}

pid_t Spawn(const std::vector<std::string>& argv) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

TEST_P(Concurrency, SigkillNeverLosesAcknowledgedWrites) {
  constexpr int kRounds = 6, kWriters = 8;
  ScopedTempDir dir;
  testing::TestDatabase database(GetParam(), "k.db");
  const std::string db = database.location();
  RunResult load = testing::Rollout(
      {"--db", db, "--as", "boss", "load", dir.Write("p.yaml", ManyTasksPlan(kRounds, kWriters + 1))});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  std::mt19937 rng(20270111);  // seeded: the same kill moments on every run
  // Kill moments within the few milliseconds a `done` takes (a 40 ms range
  // let every writer finish first once the command became faster).
  std::uniform_int_distribution<int> delay_us(0, 6000);
  std::set<std::string> acknowledged;
  int killed = 0;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<pid_t> pids;
    for (int w = 0; w < kWriters; ++w) {
      pids.push_back(Spawn(DoneArgs(db, TaskId(round, w))));
      // The first writer dies as soon as it exists, so every round kills at
      // least one whatever the machine's load does to the sleeps below.
      if (w == 0) kill(pids[0], SIGKILL);
    }
    // Kill the other even writers at random moments; the rest run to the end.
    for (int w = 2; w < kWriters; w += 2) {
      std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
      kill(pids[w], SIGKILL);
    }
    for (int w = 0; w < kWriters; ++w) {
      int status = 0;
      ASSERT_EQ(waitpid(pids[w], &status, 0), pids[w]);
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        acknowledged.insert(TaskId(round, w));
      } else if (WIFSIGNALED(status)) {
        ++killed;
      } else {
        ADD_FAILURE() << TaskId(round, w) << " exited " << WEXITSTATUS(status);
      }
    }
    // After the kills the next command works at once.
    RunResult next = testing::Run(DoneArgs(db, TaskId(round, kWriters)));
    EXPECT_EQ(next.exit_code, 0) << next.err;
    acknowledged.insert(TaskId(round, kWriters));
  }
  EXPECT_GE(killed, kRounds);
  const auto [done, logged] = DoneInDb(db);
  for (const std::string& task : acknowledged) EXPECT_TRUE(done.count(task)) << task << " lost";
  // The store itself, checked by the backend (SQLite's integrity_check;
  // PostgreSQL's orphan checks).
  Result<std::unique_ptr<Store>> store = OpenStore(db, OpenMode::kExisting);
  ASSERT_TRUE(store.ok());
  Status integrity = store.value()->CheckIntegrity();
  EXPECT_TRUE(integrity.ok()) << (integrity.ok() ? "" : integrity.errors()[0].message);
  // Every done task has exactly one audit entry: no half-written commands.
  EXPECT_EQ(logged, static_cast<int>(done.size()));
}

INSTANTIATE_TEST_SUITE_P(Backends, Concurrency, testing::AllBackends(), testing::BackendName);

}  // namespace
}  // namespace rollout
