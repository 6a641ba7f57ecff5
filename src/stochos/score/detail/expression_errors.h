// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Located errors shared by the expression parser (expression.cpp) and the generator builders
// (generator_builders.cpp): column within the expression, a code, one sentence.
#include <cstdint>
#include <string>

#include "stochos/core/error.h"

namespace stochos::score::detail {

[[noreturn]] inline void fail(std::uint32_t column, const std::string& code, const std::string& message) {
  ErrorLocation where;
  where.line = 1;
  where.column = column;
  throw Error(ErrorKind::kUsage, message, {}, where).with_code(code);
}

}  // namespace stochos::score::detail
