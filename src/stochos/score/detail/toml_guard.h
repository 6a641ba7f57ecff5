// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Checks a composition file's text before toml11 sees it. toml11 4.x reads past the end of
/// a string holding invalid UTF-8 (a heap-buffer-overflow under ASan, "basic_string::
/// _M_create" without), and it parses arrays, inline tables and dotted keys by recursion,
/// so 10,000 nested arrays overflow the stack. Neither can be fixed from outside the library,
/// so the text is refused first, with a line and column.
#include <string>
#include <string_view>

namespace stochos::score::detail {

/// Deepest nesting of arrays, inline tables and dotted-key parts a composition file may use
/// (the same bound as expressions; real files use fewer than 10).
inline constexpr int kMaxTomlNesting = 64;

/// Throws Error(kInput) naming `path`, line and column (1-based, in characters) of the first
/// byte that is not valid UTF-8, or of the bracket, brace or dot that goes deeper than
/// kMaxTomlNesting levels. Strings and comments are skipped when counting nesting.
void check_toml_text(std::string_view text, const std::string& path);

}  // namespace stochos::score::detail
