// A temporary database holding a small UTC plan, for the tests of gates, the
// alert inbox and the engine, on either backend (tests/testing/test_db.h).
// The plan is loaded in process through app/ (app/load.h); As/Once/Alerts
// run the real binary, OpenStore gives in-process tests the same database.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "storage/store.h"
#include "tests/testing/run_binary.h"
#include "tests/testing/test_db.h"

namespace rollout::testing {

/// Mon 2027-01-11, UTC, 09:00-18:00. a (2d, ann): Mon 11..Tue 12 -> gate g
/// (boss; kpi >= 5) -> b (3d, needs a manager: ann, bob; deadline Fri 15):
/// Wed 13..Fri 15. boss is the lead.
extern const char* const kEnginePlan;

class EngineFixture {
 public:
  explicit EngineFixture(Backend backend, const std::string& plan = kEnginePlan);
  /// `rollout --db DB --now NOW --as PERSON ARGS...`.
  RunResult As(const std::string& person, const std::string& now,
               std::vector<std::string> args) const;
  /// `engine --once` at |now|.
  RunResult Once(const std::string& now, std::vector<std::string> extra = {}) const;
  /// `alerts --all --json` as |person| (boss: every alert).
  nlohmann::json Alerts(const std::string& person = "boss") const;
  /// The --db value: a SQLite path or a postgresql:// URI.
  const std::string& db() const { return db_; }
  Backend backend() const { return database_.backend(); }
  /// The database, opened in process.
  std::unique_ptr<Store> OpenStore() const;
  const std::string& dir() const { return dir_.path(); }
  std::string Write(const std::string& name, const std::string& text) const {
    return dir_.Write(name, text);
  }

 private:
  ScopedTempDir dir_;
  TestDatabase database_;
  std::string db_;
};

}  // namespace rollout::testing
