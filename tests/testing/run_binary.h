// Runs a real process and captures what it printed: for CLI tests.
#pragma once

#include <string>
#include <vector>

namespace rollout::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs |argv| (argv[0] is the program path) with |env| added to the
/// environment and |input| on stdin; waits for it.
RunResult Run(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
              const std::string& input = "", const std::string& cwd = "");

/// Runs the built `rollout` binary with |args|.
RunResult Rollout(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

/// Runs the built `rollout` binary with |args| in the working directory |cwd|,
/// so that relative paths in |args| (and in its messages) stay relative.
RunResult RolloutIn(const std::string& cwd, const std::vector<std::string>& args);

/// A directory under /tmp removed with everything in it when it goes out of scope.
class ScopedTempDir {
 public:
  ScopedTempDir();
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;
  const std::string& path() const { return path_; }
  /// Writes |text| to path()/|name| and returns the full path.
  std::string Write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

/// Path of a file under tests/data, or under tests/data/examples (copies of
/// the contract's examples: the project owns its fixtures).
std::string DataPath(const std::string& name);
std::string ExamplesPath(const std::string& name);
std::string ReadFile(const std::string& path);

}  // namespace rollout::testing
