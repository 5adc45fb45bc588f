// How `rollout risk` shows a RiskReport: the JSON of plan-format.md §8 and
// a text report (percentiles, a histogram with the cumulative share, the
// most critical tasks and a tornado of cruciality) in Unicode blocks.
#pragma once

#include <string>

#include "app/risk_report.h"

namespace rollout {

/// The §8 object: top-level keys one per line, one deadline or task per line.
std::string RiskJson(const RiskReport& r);

/// The text report, every line within |width| display columns; |colour|
/// adds ANSI colours to the bars (a terminal only).
std::string RiskText(const RiskReport& r, int width, bool colour);

}  // namespace rollout
