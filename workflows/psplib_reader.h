// PSPLIB single-mode RCPSP instances (.sm files, Kolisch & Sprecher 1996)
// and their conversion to a rollout plan (plan-format.md §7).
#pragma once

#include <string>
#include <vector>

#include "engine/result.h"

namespace rollout {

struct PsplibInstance {
  int jobs = 0;                               // incl. the dummy source 1 and sink n
  std::vector<int> duration;                  // [job - 1]
  std::vector<std::vector<int>> successors;   // [job - 1] -> 1-based job numbers
  std::vector<std::vector<int>> demand;       // [job - 1][resource]
  std::vector<int> capacity;                  // per renewable resource
  int mpm_time = 0;                           // the critical-path length, 0 if absent
};

/// Parses the text of a .sm file. Errors carry the line of the problem.
Result<PsplibInstance> ParsePsplib(const std::string& text);

/// The plan of §7 as YAML: every day working, tasks j1..jn (source and sink
/// as milestones), FS links, role R<k> held by people R<k>-1 .. R<k>-c.
std::string PsplibPlanYaml(const PsplibInstance& inst, const std::string& plan_id);

/// A plan id from a file name: the stem with characters outside
/// [A-Za-z0-9._-] replaced by '-' ("j301_1.sm" -> "j301_1").
std::string PsplibPlanId(const std::string& path);

}  // namespace rollout
