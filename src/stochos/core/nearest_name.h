// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// "Did you mean": the one name suggester of stochos (tensor names, laws and their
/// parameters, generators, spec keys, presets, sieve words). Levenshtein distance by bytes,
/// the classic dynamic programme in one row; names are short, so nothing cleverer is needed.
#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::core {

/// Levenshtein distance between `a` and `b` (insertions, deletions and substitutions of one
/// byte each cost 1); with `ignore_ascii_case`, 'A'..'Z' equal 'a'..'z'.
std::size_t edit_distance(std::string_view a, std::string_view b, bool ignore_ascii_case = false);

/// The candidate nearest to `name` (ASCII case ignored; the first of equally near ones), or
/// empty when none is close enough to be a plausible typo: a distance of at most
/// max(2, a third of the longer name's length).
template <class Range>
std::string nearest_name(std::string_view name, const Range& candidates) {
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const auto& candidate : candidates) {
    const std::string_view c(candidate);
    const std::size_t d = edit_distance(name, c, true);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(c);
    }
  }
  const std::size_t limit = std::max<std::size_t>(2, std::max(name.size(), best.size()) / 3);
  return best_distance <= limit ? best : std::string();
}

/// Up to `count` candidates, nearest first (case-sensitive distance; ties keep the
/// candidates' order), however far: for listing the names a lookup could have meant.
std::vector<std::string> nearest_names(std::string_view name, const std::vector<std::string>& candidates,
                                       std::size_t count);

}  // namespace stochos::core
