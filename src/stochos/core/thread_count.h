// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The one default thread count of stochos (`--threads 0`, `threads=0` in Python).
#include <algorithm>
#include <thread>

namespace stochos::core {

/// `requested` when positive, else every hardware thread the machine reports (at least 1).
inline int thread_count(int requested) {
  return requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace stochos::core
