// SPDX-License-Identifier: GPL-3.0-or-later
// The generator expression language: a hand-written recursive-descent parser and a builder of
// stochastic::Generator trees.
//
// Hand-written because no packaged library fits: Debian 12 offers PEGTL (tao-pegtl-dev),
// Boost.Spirit and bison/flex. The grammar is a dozen lines (expression.h), and what matters
// is the diagnostics: an exact column for every token and a "did you mean" for names, which
// with those libraries would need as much custom code as the parser itself, plus a build-time
// generator (bison) or heavy template instantiation (Spirit, PEGTL) for a few hundred lines.
#include "stochos/score/expression.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>

#include "stochos/core/error.h"
#include "stochos/core/nearest_name.h"
#include "stochos/score/detail/expression_errors.h"
#include "stochos/stochastic/curves.h"
#include "stochos/stochastic/markov.h"
#include "stochos/stochastic/sieve.h"

namespace stochos::score {

using detail::fail;

namespace {

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Expression parse() {
    if (text_.size() > kMaxExpressionChars) {
      fail(1, "unbounded",
           "expression of " + std::to_string(text_.size()) + " characters is longer than the " +
               std::to_string(kMaxExpressionChars) + " allowed");
    }
    skip_space();
    if (at_end())
      fail(column(), "expression_syntax", "empty expression; expected a number or a generator call");
    Expression e = expr();
    skip_space();
    if (!at_end()) {
      fail(column(), "expression_syntax",
           std::string("unexpected '") + text_[pos_] +
               "' after a complete expression; expected an operator or the end");
    }
    return e;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  std::uint32_t column() const { return static_cast<std::uint32_t>(pos_ + 1); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void skip_space() {
    while (!at_end() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  void expect(char c, const std::string& what) {
    skip_space();
    if (peek() != c) {
      fail(column(), "expression_syntax",
           std::string("expected '") + c + "' " + what +
               (at_end() ? std::string(", found the end of the expression")
                         : std::string(", found '") + text_[pos_] + "'"));
    }
    ++pos_;
  }
  void enter(std::uint32_t col) {
    if (++depth_ > kMaxExpressionDepth) {
      fail(col, "unbounded",
           "expression nested deeper than " + std::to_string(kMaxExpressionDepth) + " levels");
    }
  }

  Expression binary(Expression lhs, char op, Expression rhs) {
    Expression e;
    e.kind = Expression::Kind::kBinary;
    e.text = std::string(1, op);
    e.column = lhs.column;
    e.items.push_back(std::move(lhs));
    e.items.push_back(std::move(rhs));
    return e;
  }

  Expression expr() {
    Expression lhs = term();
    for (;;) {
      skip_space();
      const char c = peek();
      if (c != '+' && c != '-') return lhs;
      ++pos_;
      lhs = binary(std::move(lhs), c, term());
    }
  }

  Expression term() {
    Expression lhs = unary();
    for (;;) {
      skip_space();
      const char c = peek();
      if (c != '*' && c != '/' && c != '%') return lhs;
      ++pos_;
      lhs = binary(std::move(lhs), c, unary());
    }
  }

  Expression unary() {
    skip_space();
    if (peek() == '-') {
      const std::uint32_t col = column();
      ++pos_;
      enter(col);
      Expression e;
      e.kind = Expression::Kind::kNegate;
      e.column = col;
      e.items.push_back(unary());
      --depth_;
      // Fold "-3" into a number so that lists and constant parameters accept it.
      if (e.items[0].kind == Expression::Kind::kNumber) {
        Expression n = std::move(e.items[0]);
        n.number = -n.number;
        n.column = col;
        return n;
      }
      return e;
    }
    return primary();
  }

  Expression primary() {
    skip_space();
    const std::uint32_t col = column();
    const char c = peek();
    if (at_end())
      fail(col, "expression_syntax",
           "unexpected end of the expression; expected a number or a generator call");
    if (is_digit(c) || c == '.') return number();
    if (c == '"' || c == '\'') return string();
    if (c == '[') return list();
    if (c == '(') {
      ++pos_;
      enter(col);
      Expression e = expr();
      expect(')', "to close the '(' at column " + std::to_string(col));
      --depth_;
      return e;
    }
    if (is_name_start(c)) return call();
    fail(col, "expression_syntax",
         std::string("unexpected '") + c + "'; expected a number, a string, a list or a generator call");
  }

  Expression number() {
    const std::uint32_t col = column();
    const std::size_t begin = pos_;
    while (!at_end() && (is_digit(peek()) || peek() == '.')) ++pos_;
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      std::size_t p = pos_ + 1;
      if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
      if (p < text_.size() && is_digit(text_[p])) {
        pos_ = p;
        while (!at_end() && is_digit(peek())) ++pos_;
      }
    }
    const std::string token(text_.substr(begin, pos_ - begin));
    char* end = nullptr;
    const double v = std::strtod(token.c_str(), &end);
    if (end != token.c_str() + token.size() || token == ".")
      fail(col, "expression_syntax", "malformed number '" + token + "'");
    if (!std::isfinite(v)) fail(col, "unbounded", "number '" + token + "' is too large to be finite");
    if (!at_end() && is_name_start(peek())) {
      fail(column(), "expression_syntax",
           "unexpected letter after the number '" + token + "' (units are not written in expressions)");
    }
    Expression e;
    e.kind = Expression::Kind::kNumber;
    e.number = v;
    e.column = col;
    return e;
  }

  Expression string() {
    const std::uint32_t col = column();
    const char quote = text_[pos_++];
    const std::size_t begin = pos_;
    while (!at_end() && peek() != quote) ++pos_;
    if (at_end()) fail(col, "expression_syntax", std::string("unterminated string: no closing ") + quote);
    Expression e;
    e.kind = Expression::Kind::kString;
    e.text = std::string(text_.substr(begin, pos_ - begin));
    e.column = col;
    ++pos_;
    return e;
  }

  Expression list() {
    const std::uint32_t col = column();
    ++pos_;
    enter(col);
    Expression e;
    e.kind = Expression::Kind::kList;
    e.column = col;
    skip_space();
    if (peek() == ']') {
      ++pos_;
    } else {
      for (;;) {
        if (e.items.size() >= kMaxListItems) {
          fail(column(), "unbounded", "list longer than " + std::to_string(kMaxListItems) + " items");
        }
        e.items.push_back(expr());
        skip_space();
        if (peek() == ',') {
          ++pos_;
          continue;
        }
        expect(']', "or ',' in the list opened at column " + std::to_string(col));
        break;
      }
    }
    --depth_;
    return e;
  }

  std::string name() {
    const std::size_t begin = pos_;
    while (!at_end() && is_name_char(peek())) ++pos_;
    return std::string(text_.substr(begin, pos_ - begin));
  }

  Expression call() {
    const std::uint32_t col = column();
    Expression e;
    e.kind = Expression::Kind::kCall;
    e.column = col;
    e.text = name();
    skip_space();
    if (peek() != '(') {
      const std::string near = core::nearest_name(e.text, generator_names());
      fail(col, "expression_syntax",
           "'" + e.text + "' is not a value; generators are called with parentheses, e.g. '" +
               (near.empty() ? e.text : near) + "(...)'");
    }
    ++pos_;
    enter(col);
    skip_space();
    bool named_seen = false;
    if (peek() == ')') {
      ++pos_;
    } else {
      for (;;) {
        skip_space();
        const std::size_t save = pos_;
        std::string arg_name;
        if (is_name_start(peek())) {
          arg_name = name();
          skip_space();
          if (peek() == '=') {
            ++pos_;
          } else {
            pos_ = save;
            arg_name.clear();
          }
        }
        if (arg_name.empty() && named_seen) {
          fail(static_cast<std::uint32_t>(save + 1), "expression_syntax",
               "positional argument after a named one in '" + e.text + "(...)'");
        }
        named_seen = named_seen || !arg_name.empty();
        e.arg_names.push_back(arg_name);
        e.arg_columns.push_back(static_cast<std::uint32_t>(save + 1));
        e.items.push_back(expr());
        skip_space();
        if (peek() == ',') {
          ++pos_;
          continue;
        }
        expect(')', "or ',' in the arguments of '" + e.text + "' (column " + std::to_string(col) + ")");
        break;
      }
    }
    --depth_;
    return e;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};


}  // namespace

Expression parse_expression(std::string_view text) {
  return Parser(text).parse();
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string near = core::nearest_name(name, candidates);
  return near.empty() ? std::string() : "; did you mean '" + near + "'?";
}

}  // namespace stochos::score
