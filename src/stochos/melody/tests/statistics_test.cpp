// SPDX-License-Identifier: GPL-3.0-or-later
// Magenta's statistics.py behaviour: merge by name, histogram buckets, log format.
#include "stochos/melody/statistics.h"

#include <gtest/gtest.h>

namespace stochos::melody {
namespace {

TEST(Statistics, CountersMergeByNameAndPrintSorted) {
  Statistics a;
  a.add_counter("b_count", 2);
  a.add_counter("a_count", 1);
  Statistics b;
  b.add_counter("b_count", 3);
  a.merge(b);
  EXPECT_EQ(5, a.counter("b_count"));
  EXPECT_EQ((std::vector<std::string>{"a_count: 1", "b_count: 5"}), a.log_lines());
  EXPECT_EQ((std::vector<std::string>{"X_a_count: 1", "X_b_count: 5"}), a.prefixed("X").log_lines());
}

TEST(Statistics, HistogramBucketsAreSortedDistinctLowerBoundsAfterMinusInfinity) {
  // Magenta's melody_lengths_in_bars buckets for min_bars 7.
  Histogram h({0, 1, 10, 20, 30, 40, 50, 100, 200, 500, 3, 7, 8, 6});
  h.increment(7);
  h.increment(9);
  h.increment(9);
  h.increment(31);
  h.increment(-1);
  Statistics s;
  s.add_histogram("melody_lengths_in_bars", h);
  ASSERT_EQ(1u, s.log_lines().size());
  EXPECT_EQ("melody_lengths_in_bars:\n  [-inf,0): 1\n  [7,8): 1\n  [8,10): 2\n  [30,40): 1", s.log_lines()[0]);
  Histogram top({0, 500});
  top.increment(1000);
  Statistics t;
  t.add_histogram("h", top);
  EXPECT_EQ("h:\n  [500,inf): 1", t.log_lines()[0]);
}

}  // namespace
}  // namespace stochos::melody
