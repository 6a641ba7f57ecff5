// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/mixtape/accompaniment.h"

#include <gtest/gtest.h>

#include <set>

#include "stochos/core/error.h"

namespace stochos::mixtape {
namespace {

// Two bars of C major arpeggio, then two bars on G major's tones (B D G).
melody::Melody c_then_g() {
  std::vector<int> events;
  for (int rep = 0; rep < 2; ++rep) {
    for (int p : {60, 64, 67, 72}) events.insert(events.end(), {p, -2, -2, -2});
  }
  for (int rep = 0; rep < 2; ++rep) {
    for (int p : {67, 71, 74, 79}) events.insert(events.end(), {p, -2, -2, -2});
  }
  return melody::Melody(events);
}

TEST(Accompaniment, FollowsTheMelodysHarmonyMostOfTheTime) {
  // Over many seeds, a window on C-E-G gets C major and one on G-B-D gets G major far more
  // often than any other chord (the weights favour chords that hold the melody).
  int c_first = 0, g_third = 0;
  constexpr int kSeeds = 200;
  for (int seed = 0; seed < kSeeds; ++seed) {
    magenta::NoteSequence ns;
    AccompanimentOptions o;
    o.steps_per_chord = 16;
    const Accompaniment a = add_accompaniment(ns, c_then_g(), o, core::Rng(seed));
    ASSERT_EQ(a.chord_roots.size(), 4u);
    c_first += a.chord_roots[0] == 0 && !a.chord_minor[0];
    g_third += a.chord_roots[2] == 7 && !a.chord_minor[2];
    EXPECT_EQ(a.chord_roots.back(), 0) << "the last window resolves to the tonic";
  }
  EXPECT_GT(c_first, kSeeds * 6 / 10);
  EXPECT_GT(g_third, kSeeds * 6 / 10);
}

TEST(Accompaniment, NotesStayInsideTheMelodyAndUseTheKeysTones) {
  magenta::NoteSequence ns;
  AccompanimentOptions o;
  o.tonic_pitch_class = 9;  // A minor: harmonic minor triads
  o.minor = true;
  o.qpm = 90;
  const melody::Melody m(std::vector<int>{69, -2, 72, -2, 76, -2, 72, -2, 68, -2, 71, -2, 64, -2, -2, -2,
                                          69, -2, -2, -2, -2, -2, -2, -2, -1, -2, -2, -2, -2, -2, -2, -2});
  add_accompaniment(ns, m, o, core::Rng(7));
  ASSERT_GT(ns.notes_size(), 0);
  const double end_seconds = 32 * 60.0 / 90 / 4;
  const std::set<int> a_harmonic_minor{9, 11, 0, 2, 4, 5, 8};
  for (const auto& n : ns.notes()) {
    EXPECT_GE(n.start_time(), 0.0);
    EXPECT_LE(n.end_time(), end_seconds + 1e-9);
    EXPECT_LT(n.start_time(), n.end_time());
    EXPECT_EQ(n.instrument(), 1);
    EXPECT_TRUE(a_harmonic_minor.count(n.pitch() % 12)) << n.pitch();
  }
  EXPECT_NEAR(ns.total_time(), end_seconds, 1e-9);
}

TEST(Accompaniment, SameSeedSameNotes) {
  magenta::NoteSequence a, b, c;
  add_accompaniment(a, c_then_g(), {}, core::Rng(3));
  add_accompaniment(b, c_then_g(), {}, core::Rng(3));
  add_accompaniment(c, c_then_g(), {}, core::Rng(4));
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
  EXPECT_NE(a.SerializeAsString(), c.SerializeAsString());
}

TEST(Accompaniment, RefusesBadOptions) {
  magenta::NoteSequence ns;
  AccompanimentOptions o;
  o.tonic_pitch_class = 12;
  EXPECT_THROW(add_accompaniment(ns, c_then_g(), o, core::Rng(1)), Error);
  o = {};
  o.steps_per_phrase = 4;
  EXPECT_THROW(add_accompaniment(ns, c_then_g(), o, core::Rng(1)), Error);
}

}  // namespace
}  // namespace stochos::mixtape
