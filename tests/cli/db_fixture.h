// A temporary database with a small plan loaded, for the CLI tests of the
// database commands, on either backend (tests/testing/test_db.h). Every
// command runs the real binary with --db LOCATION and --now.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/testing/run_binary.h"
#include "tests/testing/test_db.h"

namespace rollout::testing {

/// Day 0 is Monday 2027-01-11, Europe/Moscow (+03:00). People: boss (lead),
/// petrova and sidorov (managers). a(petrova) -> b(sidorov) -> gate g -> c
/// (needs a manager); d inside group grp after a; e free, unassigned.
extern const char* const kDbTestPlan;

class DbFixture {
 public:
  explicit DbFixture(Backend backend);
  /// Runs `rollout --db DB --now NOW ARGS...` (NOW = now_).
  RunResult Run(std::vector<std::string> args, const std::vector<std::string>& env = {}) const;
  /// Runs as |person|.
  RunResult As(const std::string& person, std::vector<std::string> args) const;
  /// Runs |args| as |person| at |at| (which stays the fixture's now); the
  /// command must succeed.
  void OkAt(const std::string& at, const std::string& person, std::vector<std::string> args);
  /// `tasks --json` as a map id -> object.
  nlohmann::json Tasks() const;
  nlohmann::json Log() const;
  /// Writes a plan file and returns its path.
  std::string WritePlan(const std::string& name, const std::string& text) const;
  /// The --db value: a SQLite path or a postgresql:// URI.
  const std::string& db() const { return db_; }
  Backend backend() const { return database_.backend(); }

  std::string now = "2027-01-12T10:00";

 private:
  ScopedTempDir dir_;  // plan files
  TestDatabase database_;
  std::string db_;
};

}  // namespace rollout::testing
