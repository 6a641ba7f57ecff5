// SPDX-License-Identifier: GPL-3.0-or-later
// Melody features on melodies whose answers are known by construction.
#include "stochos/melody/melody_features.h"

#include <gtest/gtest.h>

#include "stochos/melody/melody.h"

namespace stochos::melody {
namespace {

constexpr int N = kMelodyNoEvent, OFF = kMelodyNoteOff;

// One bar (16 steps): four quarter notes starting at `p`, up a whole tone each.
std::vector<int> bar(int p) {
  std::vector<int> out;
  for (int k = 0; k < 4; ++k) out.insert(out.end(), {p + 2 * k, N, N, N});
  return out;
}

TEST(MelodyFeatures, BarsRepeatedExactlyOrTransposedAreCountedAtTheirDistance) {
  // Bars: A B A' B' with A' = A up a fifth, B' = B exactly, then 4 bars C D E F unlike any.
  std::vector<int> events;
  for (int p : {60, 48, 67, 48}) {
    auto b = bar(p);
    events.insert(events.end(), b.begin(), b.end());
  }
  for (int p : {61, 50, 63, 52}) {
    std::vector<int> b = {p, N, N, N, N, N, N, N, p + 1, OFF, N, N, N, N, N, N};
    b[4 + (p % 4)] = p + 7;  // different rhythms, so no bar repeats another
    events.insert(events.end(), b.begin(), b.end());
  }
  MelodyFeatureSums sums;
  sums.add(events, 0, diatonic_key_of(events));
  // Distance 2: bars 2..7 compared (6), bars 2 and 3 repeat (transposed, exact).
  EXPECT_EQ(sums.bars_compared[0], 6);
  EXPECT_EQ(sums.bars_repeated[0], 2);
  EXPECT_DOUBLE_EQ(sums.repeat_share(0), 2.0 / 6.0);
  // Distance 4: bars 4..7 compared, none repeats; distance 8: nothing to compare.
  EXPECT_EQ(sums.bars_compared[1], 4);
  EXPECT_EQ(sums.bars_repeated[1], 0);
  EXPECT_EQ(sums.bars_compared[2], 0);
}

TEST(MelodyFeatures, HistogramsKeyAndRange) {
  // C D E F G, quarter notes, then a half-note A: C major, range 9 semitones.
  const std::vector<int> events = {60, N,  N, N, 62, N,  N, N, 64, N, N, N, 65, N,   N,
                                   N,  67, N, N, N,  69, N, N, N,  N, N, N, N,  OFF, N};
  EXPECT_EQ(diatonic_key_of(events), 0b101010110101);  // C major's pitch classes
  MelodyFeatureSums sums;
  sums.add(events, 4, diatonic_key_of(events));  // from step 4: D E F G A
  EXPECT_EQ(sums.notes, 5);
  EXPECT_DOUBLE_EQ(sums.in_key_share(), 1.0);
  EXPECT_DOUBLE_EQ(sums.mean_range(), 7.0);  // D4..A4
  const auto lengths = sums.note_step_shares();
  EXPECT_DOUBLE_EQ(lengths[3], 4.0 / 5.0);  // four quarter notes
  EXPECT_DOUBLE_EQ(lengths[7], 1.0 / 5.0);  // the half note ends at its note off
  const auto pcs = sums.pitch_class_shares();
  EXPECT_DOUBLE_EQ(pcs[2], 0.2);
  EXPECT_DOUBLE_EQ(pcs[0], 0.0);
  // Out of key: F# in C major.
  MelodyFeatureSums sharp;
  sharp.add(std::vector<int>{66, N, 60, N}, 0, diatonic_key_of(events));
  EXPECT_DOUBLE_EQ(sharp.in_key_share(), 0.5);
  std::array<double, 3> a{0.5, 0.5, 0}, b{0, 0.5, 0.5};
  EXPECT_DOUBLE_EQ(total_variation(a, b), 0.5);
}

}  // namespace
}  // namespace stochos::melody
