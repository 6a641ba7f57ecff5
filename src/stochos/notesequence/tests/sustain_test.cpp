// SPDX-License-Identifier: GPL-3.0-or-later
// Ports of note_seq sequences_lib_test.py (NS @ 35825508) with the same inputs and expected
// sequences (sustain pedal). Expected protos are compared as note_seq's assertProtoEquals
// does: doubles rounded to 7 decimals, then exact.
#include "stochos/notesequence/sequences.h"

#include <gtest/gtest.h>

#include "stochos/core/error.h"
#include "stochos/testing/note_seq_testing.h"

namespace stochos::notesequence {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace)

// --- sustain ---------------------------------------------------------------------------------

TEST(ApplySustainControlChanges, PedalExtendsNotesOfItsInstrumentToTheRelease) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0,
                      {{0.0, 64, 127},
                       {0.75, 64, 0},
                       {2.0, 64, 127},
                       {3.0, 64, 0},
                       {3.75, 64, 127},
                       {4.5, 64, 127},
                       {4.8, 64, 0},
                       {4.9, 64, 127},
                       {6.0, 64, 0}});
  add_track(sequence, 1, {{12, 100, 0.01, 10.0}, {52, 99, 4.75, 5.0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{11, 55, 0.22, 0.50}, {40, 45, 2.50, 3.50}, {55, 120, 4.0, 4.01}});
  add_track(expected, 0, {{11, 55, 0.22, 0.75}, {40, 45, 2.50, 3.50}, {55, 120, 4.0, 4.8}});
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, RepeatedPitchUnderPedalEndsThePreviousNote) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{1.0, 64, 127}, {4.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0,
            {{60, 100, 0.25, 1.50},
             {60, 100, 1.25, 1.50},
             {72, 100, 2.00, 3.50},
             {60, 100, 2.0, 3.00},
             {60, 100, 3.50, 4.50}});
  add_track(expected, 0,
            {{60, 100, 0.25, 1.25},
             {60, 100, 1.25, 2.00},
             {72, 100, 2.00, 4.00},
             {60, 100, 2.0, 3.50},
             {60, 100, 3.50, 4.50}});
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, OverlapsBeforeThePedalAreLeftAlone) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{1.0, 64, 127}, {4.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{60, 100, 0.25, 1.50}, {60, 100, .50, 1.50}, {60, 100, 1.25, 2.0}});
  add_track(expected, 0, {{60, 100, 0.25, 1.25}, {60, 100, 0.50, 1.25}, {60, 100, 1.25, 4.00}});
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, SimultaneousPedalDownAndUpChangeNothing) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{1.0, 64, 127}, {1.0, 64, 0}});
  add_track(sequence, 0, {{60, 100, 0.50, 1.50}, {60, 100, 2.0, 3.0}});
  EXPECT_TRUE(ProtoEquals(sequence, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, PedalPastTheLastNoteExtendsTotalTime) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{1.0, 64, 127}, {4.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{60, 100, 0.50, 1.50}, {72, 100, 2.0, 3.0}});
  add_track(expected, 0, {{60, 100, 0.50, 4.00}, {72, 100, 2.0, 4.0}});
  expected.set_total_time(4.0);
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, PedalAfterTheNotesLeavesTotalTime) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{4.0, 64, 127}, {5.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{60, 100, 0.50, 1.50}, {72, 100, 2.0, 3.0}});
  add_track(expected, 0, {{60, 100, 0.50, 1.50}, {72, 100, 2.0, 3.0}});
  expected.set_total_time(3.0);
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, IdenticalNotesUnderPedalKeepOnlyOne) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{1.0, 64, 127}, {4.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{60, 100, 2.00, 2.50}, {60, 100, 2.00, 2.50}});
  add_track(expected, 0, {{60, 100, 2.00, 4.00}});
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, DrumNotesAreNotExtended) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{1.0, 64, 127}, {4.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{60, 100, 2.00, 2.50}});
  add_track(sequence, 0, {{38, 100, 2.00, 2.50}}, /*is_drum=*/true);
  add_track(expected, 0, {{60, 100, 2.00, 4.00}});
  add_track(expected, 0, {{38, 100, 2.0, 2.5}}, /*is_drum=*/true);
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, PedalEventsAreProcessedBeforeNotesAtTheSameTime) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{0.0, 64, 127}, {0.75, 64, 0}, {2.0, 64, 127}, {3.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{11, 55, 0.22, 0.75}, {40, 45, 2.50, 3.50}});
  add_track(expected, 0, {{11, 55, 0.22, 0.75}, {40, 45, 2.50, 3.50}});
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

}  // namespace
}  // namespace stochos::notesequence
