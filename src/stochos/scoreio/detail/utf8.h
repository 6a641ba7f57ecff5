// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>
#include <string_view>

namespace stochos::scoreio::detail {

/// `bytes` decoded as UTF-8 with each invalid sequence replaced by U+FFFD (Python's
/// bytes.decode('utf-8', 'replace')), re-encoded as UTF-8.
std::string utf8_with_replacement(std::string_view bytes);

/// The number of code points in the first `byte_count` bytes (for 1-based columns).
std::size_t utf8_length(std::string_view bytes);

}  // namespace stochos::scoreio::detail
