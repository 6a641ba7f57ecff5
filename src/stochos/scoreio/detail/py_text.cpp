// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/scoreio/detail/py_text.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace stochos::scoreio::detail {

std::string_view py_strip(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<std::int64_t> py_int(std::string_view text) {
  std::string_view s = py_strip(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.front() == '_' || s.back() == '_') return std::nullopt;
  std::int64_t value = 0;
  char previous = 0;
  for (const char c : s) {
    if (c == '_') {
      if (previous == '_') return std::nullopt;
    } else if (c >= '0' && c <= '9') {
      if (value > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10) return std::nullopt;
      value = value * 10 + (c - '0');
    } else {
      return std::nullopt;
    }
    previous = c;
  }
  return negative ? -value : value;
}

std::optional<double> py_float(std::string_view text) {
  const std::string s(py_strip(text));
  if (s.empty()) return std::nullopt;
  for (const char c : s) {
    // strtod also reads hexadecimal floats, which Python's float() refuses.
    if (c == 'x' || c == 'X') return std::nullopt;
  }
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

}  // namespace stochos::scoreio::detail
