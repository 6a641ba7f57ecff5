// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/stochastic/group_transforms.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "stochos/core/error.h"

namespace stochos::stochastic {
namespace {

constexpr std::size_t kMaxPermutationSize = std::size_t{1} << 24;

std::int64_t checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) {
    throw Error::usage("motif transformation overflows 64-bit integers (" + std::to_string(a) + " + " +
                       std::to_string(b) + ")");
  }
  return out;
}

std::int64_t floor_mod(std::int64_t x, std::int64_t m) {
  const std::int64_t r = x % m;
  return r < 0 ? r + m : r;
}

void check_modulus(std::int64_t modulus) {
  if (modulus <= 0 || modulus > static_cast<std::int64_t>(kMaxPermutationSize)) {
    throw Error::usage("modulus " + std::to_string(modulus) + " must be in [1, 2^24]");
  }
}

}  // namespace

// ---- motifs ---------------------------------------------------------------------------------

Motif transpose(std::span<const std::int64_t> motif, std::int64_t interval) {
  Motif out;
  out.reserve(motif.size());
  for (std::int64_t x : motif) out.push_back(checked_add(x, interval));
  return out;
}

Motif invert(std::span<const std::int64_t> motif, std::int64_t axis_sum) {
  Motif out;
  out.reserve(motif.size());
  for (std::int64_t x : motif) {
    std::int64_t y = 0;
    if (__builtin_sub_overflow(axis_sum, x, &y)) {
      throw Error::usage("motif inversion overflows 64-bit integers");
    }
    out.push_back(y);
  }
  return out;
}

Motif transpose_mod(std::span<const std::int64_t> motif, std::int64_t interval, std::int64_t modulus) {
  check_modulus(modulus);
  Motif out;
  out.reserve(motif.size());
  for (std::int64_t x : motif)
    out.push_back(floor_mod(floor_mod(x, modulus) + floor_mod(interval, modulus), modulus));
  return out;
}

Motif invert_mod(std::span<const std::int64_t> motif, std::int64_t axis_sum, std::int64_t modulus) {
  check_modulus(modulus);
  Motif out;
  out.reserve(motif.size());
  for (std::int64_t x : motif)
    out.push_back(floor_mod(floor_mod(axis_sum, modulus) - floor_mod(x, modulus), modulus));
  return out;
}

Motif retrograde(std::span<const std::int64_t> motif) {
  return Motif(motif.rbegin(), motif.rend());
}

Motif rotate(std::span<const std::int64_t> motif, std::int64_t steps) {
  Motif out(motif.begin(), motif.end());
  if (out.empty()) return out;
  const auto shift = static_cast<std::size_t>(floor_mod(steps, static_cast<std::int64_t>(out.size())));
  std::rotate(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(shift), out.end());
  return out;
}

// ---- permutations ---------------------------------------------------------------------------

Permutation Permutation::identity(std::size_t n) {
  if (n > kMaxPermutationSize) throw Error::usage("permutations are limited to 2^24 points");
  std::vector<int> images(n);
  std::iota(images.begin(), images.end(), 0);
  return Permutation(std::move(images));
}

Permutation Permutation::from_images(std::vector<int> images) {
  if (images.size() > kMaxPermutationSize) throw Error::usage("permutations are limited to 2^24 points");
  std::vector<std::uint8_t> seen(images.size(), 0);
  for (std::size_t i = 0; i < images.size(); ++i) {
    const int v = images[i];
    if (v < 0 || static_cast<std::size_t>(v) >= images.size()) {
      throw Error::usage("permutation image " + std::to_string(v) + " at position " + std::to_string(i) +
                         " is outside 0.." + std::to_string(images.size() - 1));
    }
    if (seen[static_cast<std::size_t>(v)]++) {
      throw Error::usage("permutation maps two points to " + std::to_string(v) + "; images must be distinct");
    }
  }
  return Permutation(std::move(images));
}

Permutation Permutation::from_one_based(std::span<const int> images) {
  std::vector<int> zero_based;
  zero_based.reserve(images.size());
  for (int v : images) zero_based.push_back(v - 1);
  return from_images(std::move(zero_based));
}

Permutation Permutation::transposition(std::int64_t interval, int modulus) {
  check_modulus(modulus);
  std::vector<int> images(static_cast<std::size_t>(modulus));
  for (int x = 0; x < modulus; ++x)
    images[static_cast<std::size_t>(x)] =
        static_cast<int>(floor_mod(x + floor_mod(interval, modulus), modulus));
  return Permutation(std::move(images));
}

Permutation Permutation::inversion(std::int64_t axis_sum, int modulus) {
  check_modulus(modulus);
  std::vector<int> images(static_cast<std::size_t>(modulus));
  for (int x = 0; x < modulus; ++x)
    images[static_cast<std::size_t>(x)] =
        static_cast<int>(floor_mod(floor_mod(axis_sum, modulus) - x, modulus));
  return Permutation(std::move(images));
}

Permutation Permutation::rotation(std::int64_t steps, std::size_t n) {
  if (n == 0) return identity(0);
  check_modulus(static_cast<std::int64_t>(n));
  return transposition(-steps, static_cast<int>(n));
}

Permutation Permutation::reversal(std::size_t n) {
  Permutation p = identity(n);
  std::reverse(p.images_.begin(), p.images_.end());
  return p;
}

Permutation Permutation::compose(const Permutation& other) const {
  if (other.size() != size()) {
    throw Error::usage("cannot compose permutations of " + std::to_string(size()) + " and " +
                       std::to_string(other.size()) + " points");
  }
  std::vector<int> images(size());
  for (std::size_t i = 0; i < size(); ++i) images[i] = images_[static_cast<std::size_t>(other.images_[i])];
  return Permutation(std::move(images));
}

Permutation Permutation::inverse() const {
  std::vector<int> images(size());
  for (std::size_t i = 0; i < size(); ++i) images[static_cast<std::size_t>(images_[i])] = static_cast<int>(i);
  return Permutation(std::move(images));
}

std::uint64_t Permutation::order() const {
  std::vector<std::uint8_t> seen(size(), 0);
  std::uint64_t result = 1;
  for (std::size_t start = 0; start < size(); ++start) {
    if (seen[start]) continue;
    std::uint64_t length = 0;
    for (std::size_t i = start; !seen[i]; i = static_cast<std::size_t>(images_[i])) {
      seen[i] = 1;
      ++length;
    }
    const std::uint64_t g = std::gcd(result, length);
    if (result / g > (std::uint64_t{1} << 63) / length) throw Error::usage("permutation order exceeds 2^63");
    result = result / g * length;
  }
  return result;
}

bool Permutation::is_identity() const {
  for (std::size_t i = 0; i < size(); ++i) {
    if (images_[i] != static_cast<int>(i)) return false;
  }
  return true;
}

Motif Permutation::apply(std::span<const std::int64_t> motif) const {
  if (motif.size() != size()) {
    throw Error::usage("a permutation of " + std::to_string(size()) + " points cannot reorder a motif of " +
                       std::to_string(motif.size()) + " elements");
  }
  Motif out(motif.size());
  for (std::size_t i = 0; i < size(); ++i) out[static_cast<std::size_t>(images_[i])] = motif[i];
  return out;
}

std::string Permutation::to_string() const {
  std::string out;
  std::vector<std::uint8_t> seen(size(), 0);
  for (std::size_t start = 0; start < size(); ++start) {
    if (seen[start] || images_[start] == static_cast<int>(start)) continue;
    out += '(';
    for (std::size_t i = start; !seen[i]; i = static_cast<std::size_t>(images_[i])) {
      seen[i] = 1;
      if (out.back() != '(') out += ' ';
      out += std::to_string(i + 1);
    }
    out += ')';
  }
  return out.empty() ? "()" : out;
}

std::vector<Permutation> generate_group(std::span<const Permutation> generators, std::size_t max_elements) {
  if (generators.empty()) throw Error::usage("a group needs at least one generator");
  const std::size_t n = generators.front().size();
  for (const Permutation& g : generators) {
    if (g.size() != n) throw Error::usage("all generators must permute the same number of points");
  }
  std::map<Permutation, bool> found;  // ordered, so the result is sorted and deterministic
  std::vector<Permutation> frontier{Permutation::identity(n)};
  found.emplace(frontier.front(), true);
  while (!frontier.empty()) {
    std::vector<Permutation> next;
    for (const Permutation& p : frontier) {
      for (const Permutation& g : generators) {
        Permutation q = g * p;
        if (found.emplace(q, true).second) {
          if (found.size() > max_elements) {
            throw Error::usage("the generated group has more than " + std::to_string(max_elements) +
                               " elements");
          }
          next.push_back(std::move(q));
        }
      }
    }
    frontier = std::move(next);
  }
  std::vector<Permutation> out;
  out.reserve(found.size());
  for (auto& [p, unused] : found) out.push_back(p);
  return out;
}

std::vector<std::vector<int>> cayley_table(std::span<const Permutation> elements) {
  std::map<Permutation, int> index;
  for (std::size_t i = 0; i < elements.size(); ++i) index.emplace(elements[i], static_cast<int>(i));
  if (index.size() != elements.size()) throw Error::usage("Cayley table elements must be distinct");
  std::vector<std::vector<int>> table(elements.size(), std::vector<int>(elements.size()));
  for (std::size_t a = 0; a < elements.size(); ++a) {
    for (std::size_t b = 0; b < elements.size(); ++b) {
      const auto it = index.find(elements[a] * elements[b]);
      if (it == index.end()) {
        throw Error::usage("the set is not closed: element " + std::to_string(a) + " composed with element " +
                           std::to_string(b) + " falls outside it");
      }
      table[a][b] = it->second;
    }
  }
  return table;
}

// ---- the cube ---------------------------------------------------------------------------------

namespace {

constexpr std::array<std::string_view, kCubeGroupOrder> kCubeNames = {
    "I",  "A",  "B",  "C",  "D",  "D2", "E",  "E2", "G",  "G2",  "L",   "L2",
    "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "Q10", "Q11", "Q12"};

// Images of vertices 1..8 (Formalized Music Fig. VIII-6/b, p. 221, via hmt's S4.hs). The last
// four are the antipodes of the first four (v -> v +/- 4): a rotation maps opposite vertices
// to opposite vertices.
constexpr int kCubeImages[kCubeGroupOrder][8] = {
    {1, 2, 3, 4, 5, 6, 7, 8},  // I
    {2, 1, 4, 3, 6, 5, 8, 7},  // A
    {3, 4, 1, 2, 7, 8, 5, 6},  // B
    {4, 3, 2, 1, 8, 7, 6, 5},  // C
    {3, 1, 2, 4, 7, 5, 6, 8},  // D
    {2, 3, 1, 4, 6, 7, 5, 8},  // D2
    {4, 1, 3, 2, 8, 5, 7, 6},  // E
    {2, 4, 3, 1, 6, 8, 7, 5},  // E2
    {4, 2, 1, 3, 8, 6, 5, 7},  // G
    {3, 2, 4, 1, 7, 6, 8, 5},  // G2
    {1, 4, 2, 3, 5, 8, 6, 7},  // L
    {1, 3, 4, 2, 5, 7, 8, 6},  // L2
    {8, 7, 5, 6, 4, 3, 1, 2},  // Q1
    {7, 6, 5, 8, 3, 2, 1, 4},  // Q2
    {8, 6, 7, 5, 4, 2, 3, 1},  // Q3
    {8, 5, 6, 7, 4, 1, 2, 3},  // Q4
    {7, 5, 8, 6, 3, 1, 4, 2},  // Q5
    {6, 5, 7, 8, 2, 1, 3, 4},  // Q6
    {7, 8, 6, 5, 3, 4, 2, 1},  // Q7
    {6, 8, 5, 7, 2, 4, 1, 3},  // Q8
    {5, 8, 7, 6, 1, 4, 3, 2},  // Q9
    {5, 7, 6, 8, 1, 3, 2, 4},  // Q10
    {6, 7, 8, 5, 2, 3, 4, 1},  // Q11
    {5, 6, 8, 7, 1, 2, 4, 3},  // Q12
};

void check_cube_index(int index) {
  if (index < 0 || index >= kCubeGroupOrder) {
    throw Error::usage("cube rotation index " + std::to_string(index) + " must be in [0, 23]");
  }
}

}  // namespace

const std::array<Permutation, kCubeGroupOrder>& cube_rotations() {
  static const std::array<Permutation, kCubeGroupOrder> rotations = [] {
    std::array<Permutation, kCubeGroupOrder> out;
    for (int i = 0; i < kCubeGroupOrder; ++i)
      out[static_cast<std::size_t>(i)] = Permutation::from_one_based(kCubeImages[i]);
    return out;
  }();
  return rotations;
}

std::string_view cube_rotation_name(int index) {
  check_cube_index(index);
  return kCubeNames[static_cast<std::size_t>(index)];
}

int cube_rotation_index(std::string_view name) {
  for (int i = 0; i < kCubeGroupOrder; ++i) {
    if (kCubeNames[static_cast<std::size_t>(i)] == name) return i;
  }
  std::string names;
  for (std::string_view n : kCubeNames) names += (names.empty() ? "" : ", ") + std::string(n);
  throw Error::usage("unknown cube rotation '" + std::string(name) + "'; the names are " + names);
}

int cube_rotation_index(const Permutation& rotation) {
  const auto& all = cube_rotations();
  for (int i = 0; i < kCubeGroupOrder; ++i) {
    if (all[static_cast<std::size_t>(i)] == rotation) return i;
  }
  throw Error::usage("permutation " + rotation.to_string() + " is not a rotation of the cube's 8 vertices");
}

int cube_product(int row, int column) {
  check_cube_index(row);
  check_cube_index(column);
  static const auto table = [] {
    std::array<std::array<int, kCubeGroupOrder>, kCubeGroupOrder> t{};
    const auto& all = cube_rotations();
    for (int a = 0; a < kCubeGroupOrder; ++a) {
      for (int b = 0; b < kCubeGroupOrder; ++b) {
        t[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] =
            cube_rotation_index(all[static_cast<std::size_t>(a)] * all[static_cast<std::size_t>(b)]);
      }
    }
    return t;
  }();
  return table[static_cast<std::size_t>(row)][static_cast<std::size_t>(column)];
}

std::array<std::array<int, kCubeGroupOrder>, kCubeGroupOrder> cube_cayley_table() {
  std::array<std::array<int, kCubeGroupOrder>, kCubeGroupOrder> t{};
  for (int a = 0; a < kCubeGroupOrder; ++a) {
    for (int b = 0; b < kCubeGroupOrder; ++b)
      t[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] = cube_product(a, b);
  }
  return t;
}

std::vector<int> cube_fibonacci_sequence(int first, int second, std::size_t count) {
  check_cube_index(first);
  check_cube_index(second);
  if (count > (std::size_t{1} << 20))
    throw Error::usage("cube Fibonacci sequences are limited to 2^20 terms");
  std::vector<int> out;
  out.reserve(count);
  int a = first, b = second;
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back(a);
    const int next = cube_product(b, a);
    a = b;
    b = next;
  }
  return out;
}

}  // namespace stochos::stochastic
