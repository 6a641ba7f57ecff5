// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The generator expression language of score files and `stochos transform`: a parameter of
/// a voice is bound to an expression such as
///   quantize(brownian(start=60, step=normal(0, 1.5), lo=48, hi=84), sieve("(8@0|8@1|8@7)&(5@1|5@3)", origin=48))
/// which is parsed into an `Expression` tree, then built into a `stochastic::Generator` tree
/// that yields one value per call of next_at(t_seconds). docs/score-language.md lists every
/// generator and its parameters.
///
/// Grammar (whitespace between tokens is free):
///   expr    := term   (('+' | '-') term)*
///   term    := unary  (('*' | '/' | '%') unary)*
///   unary   := '-' unary | primary
///   primary := number | string | list | call | '(' expr ')'
///   list    := '[' [expr (',' expr)*] ']'
///   call    := name '(' [arg (',' arg)*] ')'
///   arg     := [name '='] expr            positional arguments come before named ones
/// Arithmetic is evaluated per value: `60 + 12 * logistic(r=3.9)` draws from the map and
/// scales it at each call.
///
/// Every random generator draws from its own stream, derived from the stream given to
/// build_generator() and the generator's position in the tree ("/1.0" = first argument of the
/// second argument), so editing one argument never changes the draws of another, and two voices
/// given different streams ("voice/<name>/pitch") never share draws.
///
/// Errors are stochos::Error of kind kUsage with line 1 and the 1-based column of the offending
/// token in the expression; callers that know the file (spec.cpp) move the position into it.
/// Codes: "expression_syntax", "unknown_generator", "unknown_parameter", "bad_argument",
/// "unbounded". Parsed expressions are immutable; building is thread-safe, the generators are not.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/stochastic/processes.h"

namespace stochos::score {

/// Limits that refuse unbounded requests before they allocate or loop.
inline constexpr std::size_t kMaxExpressionChars = 65536;
inline constexpr int kMaxExpressionDepth = 64;        ///< nesting of calls, lists and brackets
inline constexpr std::size_t kMaxListItems = 100000;  ///< items of one list literal
inline constexpr double kMaxRateHz = 10000.0;         ///< Poisson rates (events per second)
inline constexpr int kMaxMarkovStates = 4096;

/// One node of a parsed expression.
struct Expression {
  enum class Kind { kNumber, kString, kList, kCall, kNegate, kBinary };
  Kind kind = Kind::kNumber;
  double number = 0.0;           ///< kNumber
  std::string text;              ///< kString: the string; kCall: the name; kBinary: the operator
  std::vector<Expression> items;  ///< kList items; kCall arguments; kNegate/kBinary operands
  std::vector<std::string> arg_names;  ///< kCall: one per argument, empty for positional ones
  std::vector<std::uint32_t> arg_columns;  ///< kCall: column of each argument (of its name if named)
  std::uint32_t column = 1;      ///< 1-based column of the node's first character
};

/// Parses `text`; throws Error(kUsage) with the column (see above).
Expression parse_expression(std::string_view text);

/// Builds the generator tree of a parsed expression. `rng` is the stream of the bound parameter
/// (e.g. root.stream("voice/melody/pitch")); random nodes derive sub-streams from it.
stochastic::GeneratorPtr build_generator(const Expression& expression, const core::Rng& rng);

/// parse_expression + build_generator.
stochastic::GeneratorPtr make_generator(std::string_view text, const core::Rng& rng);

/// Names of all generators (for help texts and suggestions), sorted.
std::vector<std::string> generator_names();

/// "; did you mean 'x'?" for core::nearest_name's suggestion, or "" (for appending to messages).
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace stochos::score
