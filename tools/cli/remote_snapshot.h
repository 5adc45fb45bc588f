// The read-only commands that draw the database (gantt, critical, export,
// risk, show) through --server: the project's rows fetched from
// GET /api/v1/snapshot (app/snapshot.h) into a scratch SQLite file, on
// which the local command runs unchanged at the server's time — a remote
// chart is byte for byte the one drawn where the database is.
#pragma once

#include <memory>
#include <string>

#include "app/session.h"
#include "tools/cli/cli.h"

namespace rollout {

/// A scratch folder holding the snapshot's database, removed with it.
class ScratchDb {
 public:
  ScratchDb();
  ~ScratchDb();
  ScratchDb(const ScratchDb&) = delete;
  ScratchDb& operator=(const ScratchDb&) = delete;
  bool ok() const { return !dir_.empty(); }
  std::string path() const { return dir_ + "/snapshot.db"; }

 private:
  std::string dir_;
};

/// Fetches the snapshot of the project of |global| from its server into
/// |*scratch| and points |*request| at it (the project, the server's now).
/// Prints why and returns the exit code on failure, else kExitOk.
int FetchSnapshot(const GlobalOptions& global, std::unique_ptr<ScratchDb>* scratch,
                  SessionRequest* request);

}  // namespace rollout
