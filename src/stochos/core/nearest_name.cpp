// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/core/nearest_name.h"

#include <algorithm>
#include <numeric>

namespace stochos::core {

std::size_t edit_distance(std::string_view a, std::string_view b, bool ignore_ascii_case) {
  const auto fold = [ignore_ascii_case](char c) {
    return ignore_ascii_case && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> nearest_names(std::string_view name, const std::vector<std::string>& candidates,
                                       std::size_t count) {
  std::vector<std::pair<std::size_t, std::size_t>> scored;  // (distance, index)
  for (std::size_t i = 0; i < candidates.size(); ++i) scored.emplace_back(edit_distance(name, candidates[i]), i);
  std::stable_sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < count; ++i) out.push_back(candidates[scored[i].second]);
  return out;
}

}  // namespace stochos::core
