// Replays every input kept in tests/data/fuzz (inputs that once crashed,
// hung, blew up or overflowed, the fuzzer's finds, and the seed corpus)
// through what the fuzz target runs (fuzz_one.h), as YAML and as JSON. Each
// must end with a plan or with errors; the work each may take is bounded by
// the reader's limits (docs/plan-format.md "Limits"), not by a clock here.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/testing/run_binary.h"
#include "tests/workflows/fuzz_one.h"

namespace rollout {
namespace {

std::vector<std::filesystem::path> Inputs(const std::string& folder) {
  std::vector<std::filesystem::path> out;
  const std::filesystem::path dir = std::filesystem::path(ROLLOUT_TEST_DATA) / "fuzz" / folder;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != "README.md") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(FuzzReplay, KeptInputsEndWithAPlanOrErrors) {
  int n = 0;
  for (const std::string folder : {"found", "seeds"}) {
    for (const auto& path : Inputs(folder)) {
      const std::string text = testing::ReadFile(path.string());
      for (const char* as : {"plan.yaml", "plan.json"}) {
        const fuzz::Outcome o = fuzz::RunPlan(as, text);
        EXPECT_TRUE(o.valid != (o.errors > 0)) << path << " as " << as;
      }
      ++n;
    }
  }
  EXPECT_GE(n, 20);
}

// The inputs of "found" whose name says they must be refused.
TEST(FuzzReplay, HostileInputsAreRefused) {
  int n = 0;
  for (const auto& path : Inputs("found")) {
    const std::string name = path.filename().string();
    if (name.rfind("refused-", 0) != 0) continue;
    // Read as the CLI reads a file: a NUL byte is refused there.
    std::string text;
    if (!ReadPlanFile(path.string(), &text).empty()) {
      ++n;
      continue;
    }
    const fuzz::Outcome o = fuzz::RunPlan(path.filename().string(), text);
    EXPECT_FALSE(o.valid) << path;
    ++n;
  }
  EXPECT_GE(n, 8);
}

}  // namespace
}  // namespace rollout
