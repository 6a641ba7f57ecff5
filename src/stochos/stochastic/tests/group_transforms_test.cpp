// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/stochastic/group_transforms.h"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>
#include <vector>

#include "stochos/core/error.h"

namespace stochos::stochastic {
namespace {

int idx(std::string_view name) {
  return cube_rotation_index(name);
}

std::vector<int> indices(std::initializer_list<std::string_view> names) {
  std::vector<int> out;
  for (std::string_view n : names) out.push_back(idx(n));
  return out;
}

TEST(GroupTransformsTest, MotifOperationsGiveKnownAnswers) {
  const Motif m{60, 62, 64, 67};
  EXPECT_EQ(transpose(m, 5), (Motif{65, 67, 69, 72}));
  EXPECT_EQ(invert(m, 128), (Motif{68, 66, 64, 61}));  // mirror about E4
  EXPECT_EQ(retrograde(m), (Motif{67, 64, 62, 60}));
  EXPECT_EQ(rotate(m, 1), (Motif{62, 64, 67, 60}));
  EXPECT_EQ(rotate(m, -1), (Motif{67, 60, 62, 64}));
  EXPECT_EQ(rotate(m, 9), rotate(m, 1));
  EXPECT_EQ(transpose_mod(Motif{11, 0, 4}, 3, 12), (Motif{2, 3, 7}));
  EXPECT_EQ(invert_mod(Motif{1, 2, -1}, 0, 12), (Motif{11, 10, 1}));
  EXPECT_TRUE(rotate(Motif{}, 3).empty());
  EXPECT_THROW(transpose(Motif{INT64_MAX}, 1), Error);
  EXPECT_THROW(transpose_mod(m, 1, 0), Error);
}

TEST(GroupTransformsTest, PermutationsReorderMotifsConsistentlyWithComposition) {
  const Motif m{10, 20, 30, 40, 50};
  EXPECT_EQ(Permutation::rotation(2, 5).apply(m), rotate(m, 2));
  EXPECT_EQ(Permutation::reversal(5).apply(m), retrograde(m));
  const Permutation a = Permutation::from_one_based(std::vector<int>{2, 3, 1, 5, 4});
  const Permutation b = Permutation::from_one_based(std::vector<int>{5, 4, 3, 2, 1});
  EXPECT_EQ((a * b).apply(m), a.apply(b.apply(m)));
  EXPECT_EQ(a.inverse().apply(a.apply(m)), m);
  EXPECT_TRUE((a * a.inverse()).is_identity());
  EXPECT_EQ(a.to_string(), "(1 2 3)(4 5)");
  EXPECT_EQ(a.order(), 6u);
  EXPECT_EQ(Permutation::identity(3).to_string(), "()");
  EXPECT_THROW(Permutation::from_images({0, 0}), Error);
  EXPECT_THROW(Permutation::from_images({0, 2}), Error);
  EXPECT_THROW(a * Permutation::identity(4), Error);
  EXPECT_THROW(a.apply(Motif{1, 2}), Error);
}

// Closure, associativity, identity and inverses, checked over every pair and triple.
void expect_group_laws(const std::vector<std::vector<int>>& table) {
  const int n = static_cast<int>(table.size());
  int identity = -1;
  for (int e = 0; e < n && identity < 0; ++e) {
    bool is_identity = true;
    for (int a = 0; a < n; ++a) is_identity = is_identity && table[e][a] == a && table[a][e] == a;
    if (is_identity) identity = e;
  }
  ASSERT_GE(identity, 0) << "no identity";
  for (int a = 0; a < n; ++a) {
    int inverses = 0;
    for (int b = 0; b < n; ++b) {
      ASSERT_GE(table[a][b], 0);
      ASSERT_LT(table[a][b], n);
      if (table[a][b] == identity) {
        EXPECT_EQ(table[b][a], identity);
        ++inverses;
      }
      for (int c = 0; c < n; ++c) ASSERT_EQ(table[table[a][b]][c], table[a][table[b][c]]) << a << b << c;
    }
    EXPECT_EQ(inverses, 1) << "element " << a;
  }
}

TEST(GroupTransformsTest, CubeGroupHas24ElementsAndSatisfiesGroupLaws) {
  const auto& rotations = cube_rotations();
  EXPECT_EQ(std::set<Permutation>(rotations.begin(), rotations.end()).size(), 24u);
  const auto table = cayley_table(rotations);  // throws unless closed
  expect_group_laws(table);
  EXPECT_TRUE(rotations[0].is_identity());
  EXPECT_EQ(cube_rotation_name(0), "I");
  const auto fig = cube_cayley_table();
  for (int a = 0; a < kCubeGroupOrder; ++a) {
    for (int b = 0; b < kCubeGroupOrder; ++b) EXPECT_EQ(fig[a][b], table[a][b]);
  }
}

TEST(GroupTransformsTest, CubeGroupMatchesXenakisFigures) {
  // Fig. VIII-7 (p. 221), top-left corner: the Klein group {I, A, B, C}.
  const std::vector<std::vector<std::string_view>> corner = {
      {"I", "A", "B", "C"}, {"A", "I", "C", "B"}, {"B", "C", "I", "A"}, {"C", "B", "A", "I"}};
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) EXPECT_EQ(cube_rotation_name(cube_product(r, c)), corner[r][c]);
  }
  // Products quoted in hmt's S4.hs ("p on q" is q ∘ p): D on Q12 = Q4, L on L = L2,
  // E on D = C, D on E = B.
  EXPECT_EQ(cube_product(idx("Q12"), idx("D")), idx("Q4"));
  EXPECT_EQ(cube_product(idx("L"), idx("L")), idx("L2"));
  EXPECT_EQ(cube_product(idx("D"), idx("E")), idx("C"));
  EXPECT_EQ(cube_product(idx("E"), idx("D")), idx("B"));
  EXPECT_EQ(cube_rotations()[static_cast<std::size_t>(idx("Q1"))],
            Permutation::from_one_based(std::vector<int>{8, 7, 5, 6, 4, 3, 1, 2}));
  EXPECT_THROW(cube_rotation_index("Q13"), Error);
  EXPECT_THROW(cube_rotation_index(Permutation::from_one_based(std::vector<int>{2, 1, 3, 4, 5, 6, 7, 8})),
               Error);
}

TEST(GroupTransformsTest, NomosAlphaFibonacciMotionRepeatsAfter18Terms) {
  // Agon et al. 2004, as checked in hmt's S4.hs (which corrects the article's Q4 for Q11).
  const std::vector<int> expected = indices({"D", "Q12", "Q4", "E", "Q8", "Q2", "E2", "Q7", "Q4", "D2", "Q3",
                                             "Q11", "L2", "Q7", "Q2", "L", "Q8", "Q11"});
  const std::vector<int> sequence = cube_fibonacci_sequence(idx("D"), idx("Q12"), 36);
  EXPECT_EQ(std::vector<int>(sequence.begin(), sequence.begin() + 18), expected);
  EXPECT_EQ(std::vector<int>(sequence.begin() + 18, sequence.end()), expected);
  EXPECT_EQ(cube_fibonacci_sequence(idx("E"), idx("G2"), 16),
            indices({"E", "G2", "L2", "C", "G", "D", "E", "B", "D2", "L", "G", "C", "L2", "E2", "D2", "B"}));
}

TEST(GroupTransformsTest, EveryCubeElementIsAProperRotationOfTheVertices) {
  // Vertex coordinates from the faces of Fig. VIII-6 (hmt S4.hs): right {2,3,5,8} is x = +1,
  // front {2,4,5,7} is y = +1, top {1,2,7,8} is z = +1.
  const std::array<std::array<int, 3>, 8> v = {
      {{-1, -1, 1}, {1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {1, 1, -1}, {-1, -1, -1}, {-1, 1, 1}, {1, -1, 1}}};
  std::array<int, 5> count_by_order{};
  for (const Permutation& p : cube_rotations()) {
    // The cube's vertices satisfy sum v v^T = 8 I, so a linear map taking v_i to v_p(i) is
    // M = (1/8) sum v_p(i) v_i^T; check that it exists, is orthogonal and has determinant 1.
    std::array<std::array<int, 3>, 3> m8{};
    for (int i = 0; i < 8; ++i) {
      for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) m8[r][c] += v[static_cast<std::size_t>(p(i))][r] * v[i][c];
      }
    }
    std::array<std::array<int, 3>, 3> m{};
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c) {
        ASSERT_EQ(m8[r][c] % 8, 0) << p.to_string();
        m[r][c] = m8[r][c] / 8;
      }
    }
    for (int i = 0; i < 8; ++i) {
      for (int r = 0; r < 3; ++r) {
        EXPECT_EQ(m[r][0] * v[i][0] + m[r][1] * v[i][1] + m[r][2] * v[i][2],
                  v[static_cast<std::size_t>(p(i))][r]);
      }
    }
    const int det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
                    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    EXPECT_EQ(det, 1) << p.to_string();
    ++count_by_order[p.order()];
  }
  // S4's classes: identity, 9 half turns, 8 third turns (vertex axes), 6 quarter turns.
  EXPECT_EQ(count_by_order, (std::array<int, 5>{0, 1, 9, 8, 6}));
}

TEST(GroupTransformsTest, CubeGroupActsFaithfullyOnTheFourDiagonals) {
  std::set<std::vector<int>> actions;
  for (const Permutation& p : cube_rotations()) {
    std::vector<int> diagonal_images;
    for (int d = 0; d < 4; ++d) {
      diagonal_images.push_back(p(d) % 4);      // the diagonal {d, d+4} goes to {p(d), p(d) +/- 4}
      EXPECT_EQ((p(d + 4) - p(d) + 8) % 8, 4);  // opposite vertices stay opposite
    }
    actions.insert(diagonal_images);
  }
  EXPECT_EQ(actions.size(), 24u);  // isomorphic to S4
}

TEST(GroupTransformsTest, TranspositionAndInversionGenerateTheDihedralGroupOfOrder24) {
  const Permutation t1 = Permutation::transposition(1, 12);
  const Permutation i0 = Permutation::inversion(0, 12);
  const std::vector<Permutation> generators{t1, i0};
  const std::vector<Permutation> group = generate_group(generators);
  ASSERT_EQ(group.size(), 24u);
  std::set<Permutation> expected;
  for (int n = 0; n < 12; ++n) {
    expected.insert(Permutation::transposition(n, 12));
    expected.insert(Permutation::inversion(n, 12));
  }
  EXPECT_EQ(std::set<Permutation>(group.begin(), group.end()), expected);
  expect_group_laws(cayley_table(group));
  // Dihedral relations: T^12 = I0^2 = identity and I0 T I0 = T^-1; the group is not abelian.
  EXPECT_EQ(t1.order(), 12u);
  EXPECT_EQ(i0.order(), 2u);
  EXPECT_EQ(i0 * t1 * i0, t1.inverse());
  EXPECT_NE(i0 * t1, t1 * i0);
  // On motifs: I_n T_m = I_(n-m) on pitch classes.
  const Motif row{0, 11, 3, 4, 8, 7, 9, 5, 6, 1, 2, 10};
  EXPECT_EQ(invert_mod(transpose_mod(row, 4, 12), 7, 12), invert_mod(row, 3, 12));
}

TEST(GroupTransformsTest, SymmetricGroupsHaveFactorialOrder) {
  const Permutation swap = Permutation::from_one_based(std::vector<int>{2, 1, 3, 4, 5});
  const Permutation cycle = Permutation::from_one_based(std::vector<int>{2, 3, 4, 5, 1});
  const std::vector<Permutation> generators{swap, cycle};
  EXPECT_EQ(generate_group(generators).size(), 120u);
  EXPECT_THROW(generate_group(generators, 100), Error);
}

}  // namespace
}  // namespace stochos::stochastic
