// SPDX-License-Identifier: GPL-3.0-or-later
// Hand-written: a byte scanner, not a TOML parser. It knows just enough of TOML (strings,
// comments, table headers, keys before '=') to count nesting without recursion; toml11
// still parses and reports everything else.
#include "stochos/score/detail/toml_guard.h"

#include <cstdint>
#include <cstdio>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/core/utf8.h"

namespace stochos::score::detail {
namespace {

class Scanner {
 public:
  Scanner(std::string_view text, const std::string& path) : text_(text), path_(path) {}

  void check_utf8() {
    for (std::size_t i = 0; i < text_.size();) {
      const std::size_t len = core::utf8_sequence_at(text_, i).valid;
      if (len == 0) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(text_[i])));
        fail(i, std::string("invalid UTF-8 (byte ") + hex + "); TOML files must be UTF-8", "invalid_utf8");
      }
      if (text_[i] == '\n') newline(i);
      i += len;
    }
    line_ = 1;
    line_start_ = 0;
  }

  void check_nesting() {
    for (std::size_t i = 0; i < text_.size(); ++i) {
      const char c = text_[i];
      switch (c) {
        case '#':
          while (i + 1 < text_.size() && text_[i + 1] != '\n') ++i;
          break;
        case '"':
        case '\'':
          i = skip_string(i);
          break;
        case '\n':
          newline(i);
          if (stack_.empty()) start_key();
          break;
        case '[':
          if (stack_.empty() && in_key_ && !in_header_) {
            in_header_ = true;  // [table] or [[array.of.tables]]
            if (i + 1 < text_.size() && text_[i + 1] == '[') ++i;
          } else {
            push(i, c);
          }
          break;
        case '{':
          push(i, c);
          start_key();
          break;
        case ']':
          if (in_header_) {
            in_header_ = false;
            in_key_ = false;
            if (i + 1 < text_.size() && text_[i + 1] == ']') ++i;
          } else if (!stack_.empty()) {
            stack_.pop_back();
          }
          break;
        case '}':
          if (!stack_.empty()) stack_.pop_back();
          in_key_ = false;
          break;
        case '=':
          if (in_key_ && !in_header_) in_key_ = false;
          break;
        case ',':
          if (!stack_.empty() && stack_.back() == '{') start_key();
          break;
        case '.':
          if (in_key_) {
            ++key_dots_;
            check_depth(i);
          }
          break;
        default:
          break;
      }
    }
  }

 private:
  [[noreturn]] void fail(std::size_t at, const std::string& message, const char* code) const {
    std::uint32_t column = 1;
    for (std::size_t k = line_start_; k < at; ++k) {
      if ((static_cast<unsigned char>(text_[k]) & 0xC0) != 0x80) ++column;
    }
    ErrorLocation where;
    where.line = line_;
    where.column = column;
    throw Error::input(path_, where, message).with_code(code);
  }

  void newline(std::size_t at) {
    ++line_;
    line_start_ = at + 1;
  }

  void start_key() {
    in_key_ = true;
    key_dots_ = 0;
  }

  void push(std::size_t at, char c) {
    stack_.push_back(c);
    check_depth(at);
  }

  void check_depth(std::size_t at) const {
    if (static_cast<int>(stack_.size()) + key_dots_ > kMaxTomlNesting) {
      fail(at,
           "arrays, inline tables and dotted keys nested deeper than " + std::to_string(kMaxTomlNesting) +
               " levels",
           "toml_nesting");
    }
  }

  // Skips the string opening at `i` (basic or literal, one-line or multi-line) and returns
  // the index of its last byte. An unclosed string runs to the end of its line (or of the
  // text): toml11 reports it.
  std::size_t skip_string(std::size_t i) {
    const char quote = text_[i];
    const bool multi = text_.substr(i, 3) == std::string(3, quote);
    std::size_t k = i + (multi ? 3 : 1);
    while (k < text_.size()) {
      const char c = text_[k];
      if (c == '\\' && quote == '"') {
        if (k + 1 < text_.size() && text_[k + 1] == '\n') newline(k + 1);
        k += 2;
        continue;
      }
      if (c == '\n') {
        if (!multi) return k - 1;
        newline(k);
      } else if (c == quote) {
        if (!multi) return k;
        if (text_.substr(k, 3) == std::string(3, quote)) {
          // Up to two more quotes may close it ("""a""""" is a"").
          std::size_t end = k + 2;
          while (end + 1 < text_.size() && text_[end + 1] == quote && end < k + 4) ++end;
          return end;
        }
      }
      ++k;
    }
    return text_.size() - 1;
  }

  std::string_view text_;
  const std::string& path_;
  std::uint32_t line_ = 1;
  std::size_t line_start_ = 0;
  std::vector<char> stack_;  // '[' arrays and '{' inline tables, innermost last
  bool in_key_ = true;       // reading a key: at a line's start (top level) or in an inline table
  bool in_header_ = false;   // inside [table] or [[array.of.tables]]
  int key_dots_ = 0;
};

}  // namespace

void check_toml_text(std::string_view text, const std::string& path) {
  Scanner scanner(text, path);
  scanner.check_utf8();
  scanner.check_nesting();
}

}  // namespace stochos::score::detail
