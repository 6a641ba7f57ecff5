// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The parser of Sieve::parse (sieve.h documents the grammar).
#include <string_view>
#include <vector>

#include "stochos/stochastic/sieve.h"

namespace stochos::stochastic::detail {

/// Appends the expression tree of `text` to `nodes` and returns its root's index. Throws
/// Error(kUsage) naming the column and the problem.
int parse_sieve_expression(std::string_view text, std::vector<Sieve::Node>& nodes);

}  // namespace stochos::stochastic::detail
