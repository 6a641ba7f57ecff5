// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// UTF-8 validation by the byte (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), shared by the readers that must check or repair text before a library sees it.
// Hand-written because the one question asked here (how long is the sequence at byte i, and
// how much of it is valid) is a dozen lines, and no Debian library answers it without a
// whole conversion API.
#include <cstddef>
#include <string_view>

namespace stochos::core {

struct Utf8Sequence {
  std::size_t valid = 0;   ///< its length if it is complete and valid, else 0
  std::size_t prefix = 1;  ///< the length of its maximal valid prefix (at least 1): the
                           ///< bytes one U+FFFD replaces, as Python's 'replace' does
};

/// The UTF-8 sequence starting at text[i] (i < text.size()).
Utf8Sequence utf8_sequence_at(std::string_view text, std::size_t i);

}  // namespace stochos::core
