// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/scoreio/detail/utf8.h"

#include "stochos/core/utf8.h"

namespace stochos::scoreio::detail {

std::string utf8_with_replacement(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const core::Utf8Sequence sequence = core::utf8_sequence_at(s, i);
    if (sequence.valid > 0) {
      out.append(s.substr(i, sequence.valid));
      i += sequence.valid;
    } else {
      out += "\xEF\xBF\xBD";  // Python replaces the maximal valid prefix of a broken sequence
      i += sequence.prefix;
    }
  }
  return out;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace stochos::scoreio::detail
