// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Group transformations of motifs (Formalized Music, "Towards a Philosophy of Music",
/// pp. 219-221, on Nomos Alpha): transposition, inversion, retrograde, rotation, arbitrary
/// permutations with composition and inverse, and the rotation group of the cube in Xenakis's
/// labelling. A motif is any sequence of integers: pitches, durations in steps, velocities.
/// All functions are pure; throw stochos::Error(kUsage) on bad parameters.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::stochastic {

using Motif = std::vector<std::int64_t>;

/// Every element plus `interval` (T_n). Throws on int64 overflow.
Motif transpose(std::span<const std::int64_t> motif, std::int64_t interval);
/// Inversion x -> axis_sum - x (I_n of pitch-class theory; the mirror axis is axis_sum / 2,
/// so inverting about E4 = 64 is axis_sum 128, and a half-step axis is an odd axis_sum).
Motif invert(std::span<const std::int64_t> motif, std::int64_t axis_sum);
/// T_n and I_n modulo `modulus` (12 for pitch classes), results in [0, modulus).
Motif transpose_mod(std::span<const std::int64_t> motif, std::int64_t interval, std::int64_t modulus);
Motif invert_mod(std::span<const std::int64_t> motif, std::int64_t axis_sum, std::int64_t modulus);
/// The motif backwards.
Motif retrograde(std::span<const std::int64_t> motif);
/// Rotation to the left by `steps` (negative rotates right): rotate({1,2,3}, 1) = {2,3,1}.
Motif rotate(std::span<const std::int64_t> motif, std::int64_t steps);

/// A permutation of {0, ..., n-1}, stored as images: p(i) = images()[i]. Permutations of up
/// to 2^24 points.
class Permutation {
 public:
  /// The permutation of no points.
  Permutation() = default;
  /// Identity on n points.
  static Permutation identity(std::size_t n);
  /// From 0-based images; throws unless they are a bijection of {0..n-1}.
  static Permutation from_images(std::vector<int> images);
  /// From 1-based images, as Xenakis and most texts write them ("2 1 4 3 6 5 8 7").
  static Permutation from_one_based(std::span<const int> images);
  /// x -> x + interval (mod modulus) and x -> axis_sum - x (mod modulus) on Z_modulus.
  static Permutation transposition(std::int64_t interval, int modulus);
  static Permutation inversion(std::int64_t axis_sum, int modulus);
  /// The rotation i -> i - steps (mod n), so that apply() rotates a motif like rotate().
  static Permutation rotation(std::int64_t steps, std::size_t n);
  /// i -> n - 1 - i, so that apply() is retrograde().
  static Permutation reversal(std::size_t n);

  std::size_t size() const { return images_.size(); }
  int operator()(int i) const { return images_[static_cast<std::size_t>(i)]; }
  const std::vector<int>& images() const { return images_; }

  /// (*this ∘ other)(i) = (*this)(other(i)): `other` acts first. Sizes must match.
  Permutation compose(const Permutation& other) const;
  friend Permutation operator*(const Permutation& a, const Permutation& b) { return a.compose(b); }
  Permutation inverse() const;
  /// The smallest k >= 1 with p^k = identity. Throws if it exceeds 2^63.
  std::uint64_t order() const;
  bool is_identity() const;
  /// Moves the element at position i to position p(i). Consistent with composition:
  /// (a * b).apply(m) == a.apply(b.apply(m)). Sizes must match.
  Motif apply(std::span<const std::int64_t> motif) const;
  /// Cycle notation on 1-based points, e.g. "(1 2)(3 4)"; "()" for the identity.
  std::string to_string() const;

  friend bool operator==(const Permutation&, const Permutation&) = default;
  friend bool operator<(const Permutation& a, const Permutation& b) { return a.images_ < b.images_; }

 private:
  explicit Permutation(std::vector<int> images) : images_(std::move(images)) {}
  std::vector<int> images_;
};

/// The closure of `generators` under composition (all of them must have one size), sorted.
/// Throws Error(kUsage) once more than `max_elements` elements appear.
std::vector<Permutation> generate_group(std::span<const Permutation> generators,
                                        std::size_t max_elements = 40320);

/// The Cayley table of a finite set of permutations: table[a][b] is the index of
/// elements[a] ∘ elements[b]. Throws Error(kUsage) if the set is not closed.
std::vector<std::vector<int>> cayley_table(std::span<const Permutation> elements);

/// The rotation group of the cube (the hexahedral group, isomorphic to S4), as permutations of
/// the 8 vertices numbered as in Formalized Music Fig. VIII-6 (p. 220), with Xenakis's names
/// in the order of his Cayley table, Fig. VIII-7 (p. 221): I, A, B, C, D, D2, E, E2, G, G2,
/// L, L2, Q1, ..., Q12 ("D2" is D squared). Vertex data from Xenakis's Fig. VIII-6/b as
/// transcribed by R. Drape, hmt Music/Theory/Xenakis/S4.hs. Opposite vertices are i and i+4.
inline constexpr int kCubeGroupOrder = 24;
const std::array<Permutation, kCubeGroupOrder>& cube_rotations();
std::string_view cube_rotation_name(int index);
/// Index of a name ("Q12"); throws Error(kUsage) naming the valid names otherwise.
int cube_rotation_index(std::string_view name);
/// Index of a vertex permutation; throws Error(kUsage) if it is not a rotation of the cube.
int cube_rotation_index(const Permutation& rotation);
/// Xenakis's product as read in Fig. VIII-7: row ∘ column (the column rotation acts first).
int cube_product(int row, int column);
/// Fig. VIII-7 as indices: table[row][column] = cube_product(row, column).
std::array<std::array<int, kCubeGroupOrder>, kCubeGroupOrder> cube_cayley_table();
/// The "Fibonacci" motion of Nomos Alpha (Agon, Andreatta, Assayag, Schaub, JNMR 33:2, 2004):
/// x[n+2] = x[n+1] ∘ x[n], starting from two rotations; `count` terms (at most 2^20).
std::vector<int> cube_fibonacci_sequence(int first, int second, std::size_t count);

}  // namespace stochos::stochastic
