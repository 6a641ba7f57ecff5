// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Python's int(str), float(str) and % on the values note_seq parses, so that what note_seq
// accepts (" 4 ", "+3", "1_000") stochos accepts too, and what it refuses stochos refuses.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stochos/scoreio/detail/xml_document.h"

namespace stochos::scoreio::detail {

/// int(text): optional surrounding whitespace, a sign, decimal digits with single '_'
/// between them. Empty when Python would raise (or the value does not fit in int64).
std::optional<std::int64_t> py_int(std::string_view text);
inline std::optional<std::int64_t> py_int(const NodeText& text) {
  if (!text.present) return std::nullopt;  // int(None) raises TypeError
  return py_int(text.text);
}
/// float(text) for decimal and exponent forms, "inf" and "nan".
std::optional<double> py_float(std::string_view text);
/// Python's a % b (the result takes the sign of b).
inline int py_mod(int a, int b) {
  const int r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}
/// Python's str.strip() on ASCII whitespace.
std::string_view py_strip(std::string_view s);

}  // namespace stochos::scoreio::detail
