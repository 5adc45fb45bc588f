// libFuzzer target for the plan reader (tools/fuzz builds and runs it; CMake
// option ROLLOUT_FUZZ, clang only). Each input is read as YAML and as JSON,
// and a valid plan is scheduled (fuzz_one.h).
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/workflows/fuzz_one.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  rollout::fuzz::RunPlan("plan.yaml", text);
  rollout::fuzz::RunPlan("plan.json", text);
  return 0;
}
