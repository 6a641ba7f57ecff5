// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The iteration order of a CPython set of ints built by adding `values` in order.
// Magenta's extract_melodies loops over `set(n.instrument for n in notes)`, so the order
// of its melodies (and of the records in Magenta's dataset files) is the set's slot order:
// ascending when every instrument number is below the table size, but not for sparse
// numbers such as {3, 9}. This replays CPython 3.7-3.12 Objects/setobject.c: open
// addressing on hash & mask with LINEAR_PROBES = 9 and PERTURB_SHIFT = 5, an 8-slot first
// table, and a resize to the smallest power of two above 4 * used when fill * 5 >= mask * 3
// (ints hash to themselves, except -1, which hashes to -2).
#include <cstdint>
#include <vector>

namespace stochos::melody::detail {

std::vector<std::int64_t> python_set_order(const std::vector<std::int64_t>& values);

}  // namespace stochos::melody::detail
