// "Did you mean ...?" for unknown ids and keys, by edit distance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rollout {

/// Edit distance between two byte strings: insertions, deletions,
/// substitutions and swaps of two neighbouring bytes each count 1.
int EditDistance(std::string_view a, std::string_view b);

/// The candidate closest to |word| if it is close enough to be a likely
/// typo (distance <= max(1, size/3)), else "".
std::string Spellcheck(std::string_view word, const std::vector<std::string_view>& candidates);

/// "did you mean 'x'?" or "".
std::string DidYouMean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace rollout
