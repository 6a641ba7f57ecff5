// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Xenakis sieves: logical expressions over residue classes, after Formalized Music (revised
/// edition, 1992: the chapters "Sieves" and "Sieves: A User's Guide"; the major scale as a
/// sieve on p. 197), with the grammar, string form and compression algorithm of music21's
/// `sieve` module (Christopher Ariza's model, "The Xenakis Sieve as Object", Computer Music
/// Journal 29:2, 2005). Page numbers are those music21's sources quote.
///
/// Grammar (music21's spellings are all accepted):
///   union        := xor  ( ('|' | '+' | 'or') xor )*
///   xor          := and  ( ('^' | 'xor') and )*
///   and          := unary ( ('&' | '*' | 'and') unary )*
///   unary        := ('-' | 'not') primary | primary
///   primary      := residue | '(' union ')' | '[' union ']' | '{' union '}'
///   residue      := M [ ('@' | 'sub' | ',') S ]          (M alone means M@0)
/// Precedence is music21's (that of Python's set operators): complement, then &, then ^,
/// then |. A residue M@S is {x : x ≡ S (mod M)}; M = 0 is the empty class as in music21.
/// Complements are taken within the evaluated range, as music21 does.
///
/// Deliberate differences from music21, each a clearer failure rather than a new meaning:
/// music21 deletes all spaces first, so "3@1 4@2" silently reads as "3@14@2" and "3@1 x" skips
/// the 'x'; here both are errors naming the column. Brackets must match in kind ("(3@1]" is an
/// error; music21 accepts it). music21's 'xor' keyword degrades to a union through its text
/// substitutions; here 'xor' means '^' (symmetric difference) as music21 intended. music21
/// also compresses every sieve when it is built and so rejects some valid expressions (an
/// ungrouped intersection with a complemented class such as "-3@1&4", or a sieve with fewer
/// than two members in its range); here those evaluate normally. Otherwise the string form and
/// the members over 0..199 agree with music21 on 400 random expressions (checked while
/// writing this module), and compress_to_sieve() agrees on 300 random sets.
///
/// Expressions are limited to 16384 characters and 256 nested brackets.
/// Every parse error is a stochos::Error of kind kUsage, code "sieve_syntax", whose location
/// holds line 1 and the 1-based column in the expression, and whose message suggests a fix.
/// Values are immutable after construction; const member functions are thread-safe.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::stochastic {

/// The largest number of integers a sieve is evaluated over in one call (2^24). Larger
/// requests (a sieve over 10^12 integers) are refused with Error(kUsage) before allocating.
inline constexpr std::int64_t kMaxSieveSpan = std::int64_t{1} << 24;
/// The largest modulus or shift accepted (2^40), so that sums and products of residues stay
/// far from int64 overflow.
inline constexpr std::int64_t kMaxSieveModulus = std::int64_t{1} << 40;
/// Sieves are evaluated only for |integer| <= 2^60.
inline constexpr std::int64_t kMaxSieveMagnitude = std::int64_t{1} << 60;

/// One residue class M@S, optionally complemented ("-M@S"). The shift is kept reduced modulo
/// the modulus (music21 Residual); modulus 0 denotes the empty class and keeps its shift.
struct Residue {
  std::int64_t modulus = 1;
  std::int64_t shift = 0;
  bool complement = false;

  /// Normalises the shift; throws Error(kUsage) for a negative or too large modulus.
  static Residue make(std::int64_t modulus, std::int64_t shift, bool complement = false);
  bool contains(std::int64_t x) const;
  /// music21's form: "3@2", "-4@1".
  std::string to_string() const;
  friend bool operator==(const Residue&, const Residue&) = default;
};

/// The intersection of two uncomplemented residue classes as one class, by the Chinese
/// remainder theorem (Formalized Music p. 273 as cited by music21: an intersection of residue
/// classes is again a residue class; music21 Residual.__and__). Empty when the classes are disjoint.
/// Example: 3@2 & 5@1 = 15@11. Throws Error(kUsage) if either is complemented.
std::optional<Residue> intersect(const Residue& a, const Residue& b);

class Sieve {
 public:
  /// Parses a sieve expression (see the grammar above). Throws Error(kUsage, "sieve_syntax").
  static Sieve parse(std::string_view expression);
  /// The union of `residues` ("a|b|c"); at least one residue.
  static Sieve from_residues(std::span<const Residue> residues);

  /// True when `x` belongs to the sieve translated by `origin` (music21's `n` argument: the
  /// sieve of x - origin). Complements are absolute here (relative to all integers), which
  /// agrees with range-relative evaluation for every x inside the range.
  bool contains(std::int64_t x, std::int64_t origin = 0) const;

  /// The members of [z_min, z_max] (inclusive, ascending), with the sieve shifted by `origin`
  /// (music21 Sieve.segment(n=origin, z=range(z_min, z_max + 1))). Refuses spans larger than
  /// kMaxSieveSpan.
  std::vector<std::int64_t> segment(std::int64_t z_min, std::int64_t z_max, std::int64_t origin = 0) const;
  /// music21's 'binary' format: one 0/1 per integer of [z_min, z_max].
  std::vector<std::uint8_t> binary(std::int64_t z_min, std::int64_t z_max, std::int64_t origin = 0) const;
  /// music21's 'width' format: differences between consecutive members of the segment.
  std::vector<std::int64_t> widths(std::int64_t z_min, std::int64_t z_max, std::int64_t origin = 0) const;
  /// The first `count` members at or above `z_min` (music21 Sieve.collect). Throws
  /// Error(kUsage) if the sieve is empty or count exceeds kMaxSieveSpan.
  std::vector<std::int64_t> collect(std::int64_t z_min, std::int64_t count, std::int64_t origin = 0) const;

  /// The least common multiple of all moduli (music21 Sieve.period): the sieve repeats with
  /// this period, though a smaller one may exist ('(5|2)&4&8' reports 40). Throws
  /// Error(kUsage) if it exceeds int64.
  std::int64_t period() const;

  /// music21's str(): residues as M@S with reduced shifts, every bracket written as '{ }',
  /// operators as & | ^ -, no spaces. Parsing the result gives the same sieve.
  std::string to_string() const;
  /// The residue classes in the order they appear.
  std::vector<Residue> residues() const;

  /// '{a}&{b}', '{a}|{b}', '{a}^{b}', '-{a}' (music21's operator overloads; music21 writes the
  /// right operand first, these keep reading order).
  friend Sieve operator&(const Sieve& a, const Sieve& b);
  friend Sieve operator|(const Sieve& a, const Sieve& b);
  friend Sieve operator^(const Sieve& a, const Sieve& b);
  Sieve operator-() const;

  /// Node of the expression tree (public for the parser in sieve.cpp; treat as opaque).
  struct Node {
    enum class Kind { kResidue, kGroup, kComplement, kUnion, kIntersection, kSymmetricDifference };
    Kind kind = Kind::kResidue;
    Residue residue;
    int lhs = -1;  ///< child (group, complement) or left operand
    int rhs = -1;
  };

 private:
  Sieve() = default;
  bool eval(int node, std::int64_t x) const;
  void append_string(int node, std::string& out) const;

  std::vector<Node> nodes_;
  int root_ = -1;
};

/// A set of integers written as the union of residue classes over a range z (music21
/// CompressionSegment).
struct SieveCompression {
  std::vector<Residue> residues;  ///< sorted by modulus, then shift
  std::int64_t z_min = 0;
  std::int64_t z_max = 0;
  /// "6@1|7@6|8@5" (music21 str()).
  std::string to_string() const;
  Sieve to_sieve() const { return Sieve::from_residues(residues); }
};

/// Compresses a set of integers into residue classes with music21's (Ariza's) greedy
/// algorithm: take the smallest value not yet covered and the smallest modulus m whose class
/// through it, restricted to z, lies inside the set; repeat. Every class found is the
/// smallest-modulus one through its point, but the union is not guaranteed to have the fewest
/// classes (that is a set-cover problem). z defaults to [min, max] of the values; a given z
/// must contain them. Throws Error(kUsage) for fewer than two distinct values, a z that does
/// not contain the values, or a z wider than 2^16 integers.
SieveCompression compress_to_sieve(std::span<const std::int64_t> values);
SieveCompression compress_to_sieve(std::span<const std::int64_t> values, std::int64_t z_min,
                                   std::int64_t z_max);

/// A sieve used as a scale (music21 PitchSieve): the pitches origin + k * step_semitones for
/// every member k of the sieve, inside [lowest, highest] (MIDI note numbers, fractional for
/// microtones). With step 1 and integer bounds this is exactly music21's PitchSieve; for other
/// steps music21 adds origin's pitch number to the grid index (so its results depend on the
/// octave numbering), whereas here k counts steps from the origin pitch. Throws Error(kUsage)
/// for a non-positive step, an empty or reversed range, or more than kMaxSieveSpan steps.
std::vector<double> sieve_pitches(const Sieve& sieve, double lowest_midi_pitch, double highest_midi_pitch,
                                  double origin_midi_pitch, double step_semitones = 1.0);

/// A sieve used as a rhythm: the onset times of the members of steps [first_step,
/// first_step + step_count) on a grid of `step_seconds`, measured from step 0.
std::vector<double> sieve_onsets_seconds(const Sieve& sieve, std::int64_t first_step, std::int64_t step_count,
                                         double step_seconds);

}  // namespace stochos::stochastic
