// Graphviz DOT of a scheduled plan: a node per task, milestone and gate, a
// cluster per group, an edge per link (labelled with its type and lag when
// not FS+0); the critical tasks and the links that drive them are red.
#pragma once

#include <string>

#include "formats/export_view.h"

namespace rollout {

std::string WriteDot(const ExportView& view);

/// |text| as a DOT double-quoted string (quotes included): quote and
/// backslash escaped, newline as \n, other control characters shown as
/// VisibleText shows them.
std::string DotQuoted(const std::string& text);

}  // namespace rollout
