// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Did you mean" for tensor names. The stochastic module has an edit distance of its own, but
// tfio sits below it (docs/style.md layering), hence this small copy.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::tfio::detail {

/// Levenshtein distance (bytes, case-sensitive: TF names are).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Up to `count` candidates closest to `name` by edit distance, closest first (ties in the
/// candidates' order).
std::vector<std::string> nearest_names(std::string_view name, const std::vector<std::string>& candidates,
                                       std::size_t count);

}  // namespace stochos::tfio::detail
