#include "engine/spellcheck.h"

#include <algorithm>
#include <numeric>

#include "po/messages.h"

namespace rollout {

// Optimal string alignment distance: Levenshtein plus the swap of two
// neighbouring characters as one edit ("nmae" -> "name"), the commonest typo.
int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> prev2(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
  std::iota(prev.begin(), prev.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int substitute = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, substitute});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, row);
  }
  return prev[b.size()];
}

std::string Spellcheck(std::string_view word, const std::vector<std::string_view>& candidates) {
  const int limit = std::max<int>(1, static_cast<int>(word.size()) / 3);
  int best = limit + 1;
  std::string_view found;
  for (std::string_view c : candidates) {
    // Cheap reject before the quadratic distance.
    const int size_gap = std::abs(static_cast<int>(c.size()) - static_cast<int>(word.size()));
    if (size_gap >= best) continue;
    const int d = EditDistance(word, c);
    if (d < best && d < static_cast<int>(word.size())) {  // not a whole different word
      best = d;
      found = c;
    }
  }
  return std::string(found);
}

std::string DidYouMean(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string s = Spellcheck(word, candidates);
  return s.empty() ? "" : Tr("did you mean '{0}'?", s);
}

}  // namespace rollout
