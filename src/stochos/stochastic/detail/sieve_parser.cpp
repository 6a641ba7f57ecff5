// SPDX-License-Identifier: GPL-3.0-or-later
// The sieve expression grammar of sieve.h by recursive descent: residue classes M@S, unions,
// intersections, symmetric differences, complements and groups, in symbols or words, with a
// column and, for a misspelt word, a suggestion in every error.
#include "stochos/stochastic/detail/sieve_parser.h"

#include <cctype>

#include "stochos/core/error.h"
#include "stochos/core/nearest_name.h"

namespace stochos::stochastic::detail {
namespace {

// ---- tokens -------------------------------------------------------------------------------

enum class Tok { kNumber, kAt, kUnion, kIntersection, kSymDiff, kNot, kOpen, kClose, kEnd };

struct Token {
  Tok kind;
  std::uint32_t column;  // 1-based
  std::string text;
  std::int64_t value = 0;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) { tokenize(); }

  int parse(std::vector<Sieve::Node>& nodes) {
    nodes_ = &nodes;
    if (tokens_.front().kind == Tok::kEnd) {
      fail(1, "empty sieve expression; write residue classes such as '3@2|4@1'");
    }
    const int root = parse_union();
    const Token& t = peek();
    if (t.kind == Tok::kClose) {
      fail(t.column, "'" + t.text + "' has no matching opening bracket; remove it");
    }
    if (t.kind != Tok::kEnd) fail_after_operand(t);
    return root;
  }

 private:
  [[noreturn]] void fail(std::uint32_t column, const std::string& message) const {
    ErrorLocation where;
    where.line = 1;
    where.column = column;
    throw Error(ErrorKind::kUsage, "sieve \"" + std::string(text_) + "\": " + message, {}, where)
        .with_code("sieve_syntax");
  }

  // A token that cannot follow a complete operand.
  [[noreturn]] void fail_after_operand(const Token& t) const {
    if (t.kind == Tok::kNot) {
      fail(t.column, "'" + t.text + "' cannot be used as a binary operator; write 'A&-B' for A without B");
    }
    if (t.kind == Tok::kAt) {
      fail(t.column, "unexpected '" + t.text + "': a residue class has one modulus and one shift, as in 3@2");
    }
    fail(t.column, "missing operator before '" + t.text +
                       "'; join operands with '|' (union), '&' (intersection) or '^' (either, not both)");
  }

  void tokenize() {
    // Bounds on recursion: the parser recurses per bracket and evaluation per tree level.
    constexpr std::size_t kMaxExpressionLength = 16384;
    if (text_.size() > kMaxExpressionLength) {
      fail(1,
           "sieve expression of " + std::to_string(text_.size()) + " characters exceeds the limit of 16384");
    }
    std::size_t i = 0;
    while (i < text_.size()) {
      const unsigned char c = static_cast<unsigned char>(text_[i]);
      const auto column = static_cast<std::uint32_t>(i + 1);
      if (std::isspace(c)) {
        ++i;
      } else if (std::isdigit(c)) {
        std::size_t j = i;
        std::int64_t value = 0;
        while (j < text_.size() && std::isdigit(static_cast<unsigned char>(text_[j]))) {
          value = value * 10 + (text_[j] - '0');
          if (value > kMaxSieveModulus) {
            fail(column, "number too large: moduli and shifts are limited to 2^40 = " +
                             std::to_string(kMaxSieveModulus));
          }
          ++j;
        }
        tokens_.push_back({Tok::kNumber, column, std::string(text_.substr(i, j - i)), value});
        i = j;
      } else if (std::isalpha(c)) {
        std::size_t j = i;
        while (j < text_.size() && std::isalpha(static_cast<unsigned char>(text_[j]))) ++j;
        const std::string word(text_.substr(i, j - i));
        tokens_.push_back({word_kind(word, column), column, word});
        i = j;
      } else {
        Tok kind;
        switch (c) {
          case '@':
          case ',':
            kind = Tok::kAt;
            break;
          case '|':
          case '+':
            kind = Tok::kUnion;
            break;
          case '&':
          case '*':
            kind = Tok::kIntersection;
            break;
          case '^':
            kind = Tok::kSymDiff;
            break;
          case '-':
            kind = Tok::kNot;
            break;
          case '(':
          case '[':
          case '{':
            kind = Tok::kOpen;
            break;
          case ')':
          case ']':
          case '}':
            kind = Tok::kClose;
            break;
          default:
            fail(column, std::string("unexpected character '") + static_cast<char>(c) +
                             "'; a sieve is made of residue classes M@S, the operators | & ^ - and brackets");
        }
        tokens_.push_back({kind, column, std::string(1, static_cast<char>(c))});
        ++i;
      }
    }
    tokens_.push_back({Tok::kEnd, static_cast<std::uint32_t>(text_.size() + 1), "end of expression"});
  }

  Tok word_kind(const std::string& word, std::uint32_t column) const {
    static constexpr std::string_view kWords[] = {"and", "or", "xor", "not", "sub"};
    static constexpr Tok kKinds[] = {Tok::kIntersection, Tok::kUnion, Tok::kSymDiff, Tok::kNot, Tok::kAt};
    for (std::size_t k = 0; k < 5; ++k) {
      if (word == kWords[k]) return kKinds[k];
    }
    std::string lower = word;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::size_t best = 0;
    for (std::size_t k = 1; k < 5; ++k) {
      if (core::edit_distance(lower, kWords[k]) < core::edit_distance(lower, kWords[best])) best = k;
    }
    std::string hint;
    if (core::edit_distance(lower, kWords[best]) <= 2) {
      hint = "did you mean '" + std::string(kWords[best]) + "'? ";
    }
    fail(column,
         "unknown word '" + word + "'; " + hint + "the words are and, or, xor, not, sub (lower case)");
  }

  const Token& peek() const { return tokens_[pos_]; }
  const Token& next() { return tokens_[pos_++]; }

  int add(Sieve::Node node) {
    nodes_->push_back(node);
    return static_cast<int>(nodes_->size() - 1);
  }

  int binary(Sieve::Node::Kind kind, int lhs, int rhs) {
    Sieve::Node node;
    node.kind = kind;
    node.lhs = lhs;
    node.rhs = rhs;
    return add(node);
  }

  int parse_union() {
    int lhs = parse_xor();
    while (peek().kind == Tok::kUnion) {
      next();
      lhs = binary(Sieve::Node::Kind::kUnion, lhs, parse_xor());
    }
    return lhs;
  }

  int parse_xor() {
    int lhs = parse_and();
    while (peek().kind == Tok::kSymDiff) {
      next();
      lhs = binary(Sieve::Node::Kind::kSymmetricDifference, lhs, parse_and());
    }
    return lhs;
  }

  int parse_and() {
    int lhs = parse_unary();
    while (peek().kind == Tok::kIntersection) {
      next();
      lhs = binary(Sieve::Node::Kind::kIntersection, lhs, parse_unary());
    }
    return lhs;
  }

  int parse_unary() {
    if (peek().kind != Tok::kNot) return parse_primary();
    const Token op = next();
    const Token& t = peek();
    if (t.kind == Tok::kNot) {
      fail(t.column, "'" + t.text + "' cannot follow '" + op.text +
                         "'; a double complement is the sieve itself, so remove both");
    }
    if (t.kind == Tok::kEnd) fail(op.column, "'" + op.text + "' at the end has no operand; remove it");
    const int operand = parse_primary();
    auto& node = (*nodes_)[static_cast<std::size_t>(operand)];
    if (node.kind == Sieve::Node::Kind::kResidue) {
      node.residue.complement = true;  // music21 folds '-M@S' into the residue itself
      return operand;
    }
    Sieve::Node complement;
    complement.kind = Sieve::Node::Kind::kComplement;
    complement.lhs = operand;
    return add(complement);
  }

  int parse_primary() {
    const Token t = next();
    if (t.kind == Tok::kNumber) {
      std::int64_t shift = 0;
      if (peek().kind == Tok::kAt) {
        const Token at = next();
        if (peek().kind != Tok::kNumber) {
          fail(peek().column, "expected the shift after '" + at.text + "' (as in " + t.text + "@0)");
        }
        shift = next().value;
      }
      Sieve::Node node;
      node.residue = Residue::make(t.value, shift);
      return add(node);
    }
    if (t.kind == Tok::kOpen) {
      if (++depth_ > 256) fail(t.column, "brackets nested deeper than 256 levels");
      const int inner = parse_union();
      --depth_;
      const Token& close = peek();
      if (close.kind == Tok::kEnd) {
        fail(close.column, "'" + t.text + "' at column " + std::to_string(t.column) +
                               " is never closed; add '" + closing_for(t.text[0]) + "'");
      }
      if (close.kind != Tok::kClose) fail_after_operand(close);
      if (close.text[0] != closing_for(t.text[0])[0]) {
        fail(close.column, "'" + close.text + "' closes '" + t.text + "' opened at column " +
                               std::to_string(t.column) + "; write '" + closing_for(t.text[0]) + "'");
      }
      next();
      Sieve::Node group;
      group.kind = Sieve::Node::Kind::kGroup;
      group.lhs = inner;
      return add(group);
    }
    if (t.kind == Tok::kAt) {
      fail(t.column, "expected a modulus before '" + t.text + "' (as in 3" + t.text + "2)");
    }
    const std::string context = pos_ >= 2 ? " after '" + tokens_[pos_ - 2].text + "'" : " at the start";
    if (t.kind == Tok::kEnd) {
      fail(t.column,
           "expression ends" + context + "; add a residue class such as 5@1 or remove the operator");
    }
    fail(t.column, "expected a residue class (such as 5@2) or '('" + context + ", found '" + t.text + "'");
  }

  static std::string closing_for(char open) { return open == '(' ? ")" : open == '[' ? "]" : "}"; }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::vector<Sieve::Node>* nodes_ = nullptr;
};

}  // namespace

int parse_sieve_expression(std::string_view text, std::vector<Sieve::Node>& nodes) {
  return Parser(text).parse(nodes);
}

}  // namespace stochos::stochastic::detail
