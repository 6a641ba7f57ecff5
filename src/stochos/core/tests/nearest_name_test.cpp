// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/core/nearest_name.h"

#include <gtest/gtest.h>

#include <array>

namespace stochos::core {
namespace {

TEST(NearestName, EditDistanceCountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(0u, edit_distance("", ""));
  EXPECT_EQ(3u, edit_distance("", "abc"));
  EXPECT_EQ(3u, edit_distance("kitten", "sitting"));  // k->s, e->i, +g
  EXPECT_EQ(2u, edit_distance("flaw", "lawn"));
  EXPECT_EQ(1u, edit_distance("Gauss", "gauss"));
  EXPECT_EQ(0u, edit_distance("Gauss", "gauss", true));
}

TEST(NearestName, SuggestsOnlyPlausibleTyposIgnoringCase) {
  const std::vector<std::string> laws = {"uniform", "gaussian", "cauchy", "poisson"};
  EXPECT_EQ("gaussian", nearest_name("Gausian", laws));
  EXPECT_EQ("cauchy", nearest_name("cauchi", laws));
  EXPECT_EQ("", nearest_name("triangular", laws));  // nothing within max(2, 10/3)
  const std::array<const char*, 2> words = {"linear", "cubic"};
  EXPECT_EQ("cubic", nearest_name("cubik", words));
}

TEST(NearestName, NearestNamesListsTheClosestFirstKeepingTiesInOrder) {
  const std::vector<std::string> names = {"lstm/w", "lstm/b", "softmax/w", "lstm/bias"};
  EXPECT_EQ((std::vector<std::string>{"lstm/w", "lstm/b"}), nearest_names("lstm/x", names, 2));
  EXPECT_EQ(4u, nearest_names("zzz", names, 10).size());
}

}  // namespace
}  // namespace stochos::core
