// SPDX-License-Identifier: GPL-3.0-or-later
// Magenta's melody_pipelines_test.py ported test for test (MG @ 526d3eb1), plus the
// instrument order of CPython's set.
#include "stochos/melody/extraction.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "stochos/core/error.h"

#include "stochos/melody/detail/python_set_order.h"
#include "stochos/testing/note_seq_testing.h"
#include "stochos/notesequence/quantize.h"

namespace stochos::melody {
namespace {

using notesequence::test_support::add_track;
using notesequence::test_support::base_sequence;
constexpr int NOTE_OFF = kMelodyNoteOff;
constexpr int NO_EVENT = kMelodyNoEvent;
using Events = std::vector<int>;

std::vector<Events> events_of(const ExtractionResult& r, bool sorted) {
  std::vector<Events> out;
  for (const auto& m : r.melodies) out.push_back(m.events());
  if (sorted) std::sort(out.begin(), out.end());
  return out;
}

ExtractionOptions opts(int min_bars, double gap_bars, int min_unique_pitches, bool ignore_polyphonic_notes) {
  ExtractionOptions o;
  o.min_bars = min_bars;
  o.gap_bars = gap_bars;
  o.min_unique_pitches = min_unique_pitches;
  o.ignore_polyphonic_notes = ignore_polyphonic_notes;
  return o;
}

magenta::NoteSequence quantized(const magenta::NoteSequence& s) { return notesequence::quantize_note_sequence(s, 1); }

TEST(MelodyPipelines, MelodyExtractor) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 2, 4}, {11, 1, 6, 7}});
  add_track(s, 1, {{12, 127, 2, 4}, {14, 50, 6, 8}});
  // MelodyExtractor(min_bars=1, min_unique_pitches=1, gap_bars=1), i.e. max_steps 512 and
  // ignore_polyphonic_notes False.
  ExtractionOptions o = melody_rnn_extraction_options();
  o.min_bars = 1;
  o.min_unique_pitches = 1;
  o.gap_bars = 1;
  const ExtractionResult r = extract_melodies(quantized(s), o);
  ASSERT_EQ(2u, r.melodies.size());
  EXPECT_EQ(Melody({NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 11}, 0, 4, 1), r.melodies[0]);
  EXPECT_EQ(Melody({NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 14, NO_EVENT}, 0, 4, 1), r.melodies[1]);
}

TEST(MelodyPipelines, ExtractMelodiesSimple) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 2, 4}, {11, 1, 6, 7}});
  add_track(s, 1, {{12, 127, 2, 4}, {14, 50, 6, 9}});
  add_track(s, 9, {{13, 100, 2, 4}, {15, 25, 6, 8}}, true);
  const ExtractionResult r = extract_melodies(quantized(s), opts(1, 1, 2, true));
  EXPECT_EQ((std::vector<Events>{{NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 11},
                                 {NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 14, NO_EVENT, NO_EVENT}}),
            events_of(r, true));
}

TEST(MelodyPipelines, ExtractMultipleMelodiesFromSameTrack) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 2, 4}, {11, 1, 6, 11}});
  add_track(s, 1, {{12, 127, 2, 4}, {14, 50, 6, 8}, {50, 100, 33, 37}, {52, 100, 34, 37}});
  const ExtractionResult r = extract_melodies(quantized(s), opts(1, 2, 2, true));
  EXPECT_EQ((std::vector<Events>{
                {NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 11, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT},
                {NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 14, NO_EVENT},
                {NO_EVENT, 50, 52, NO_EVENT, NO_EVENT}}),
            events_of(r, true));
}

TEST(MelodyPipelines, ExtractMelodiesMelodyTooShort) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 127, 2, 4}, {14, 50, 6, 7}});
  add_track(s, 1, {{12, 127, 2, 4}, {14, 50, 6, 8}});
  add_track(s, 2, {{12, 127, 2, 4}, {14, 50, 6, 9}});
  const ExtractionResult r = extract_melodies(quantized(s), opts(2, 1, 2, true));
  EXPECT_EQ((std::vector<Events>{{NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 14, NO_EVENT},
                                 {NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 14, NO_EVENT, NO_EVENT}}),
            events_of(r, false));
  EXPECT_EQ(1, r.counts.melodies_discarded_too_short);
}

TEST(MelodyPipelines, ExtractMelodiesPadEnd) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 127, 2, 4}, {14, 50, 6, 7}});
  add_track(s, 1, {{12, 127, 2, 4}, {14, 50, 6, 8}});
  add_track(s, 2, {{12, 127, 2, 4}, {14, 50, 6, 9}});
  ExtractionOptions o = opts(1, 1, 2, true);
  o.pad_end = true;
  const ExtractionResult r = extract_melodies(quantized(s), o);
  EXPECT_EQ((std::vector<Events>{
                {NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 14, NOTE_OFF},
                {NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 14, NO_EVENT},
                {NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 14, NO_EVENT, NO_EVENT, NOTE_OFF, NO_EVENT,
                 NO_EVENT}}),
            events_of(r, false));
}

TEST(MelodyPipelines, ExtractMelodiesMelodyTooLong) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 127, 2, 4}, {14, 50, 6, 15}});
  add_track(s, 1, {{12, 127, 2, 4}, {14, 50, 6, 18}});
  ExtractionOptions o = opts(1, 1, 2, true);
  o.max_steps_truncate = 14;
  o.max_steps_discard = 18;
  const ExtractionResult r = extract_melodies(quantized(s), o);
  Events expected = {NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 14};
  expected.insert(expected.end(), 7, NO_EVENT);
  EXPECT_EQ((std::vector<Events>{expected, expected}), events_of(r, false));
  EXPECT_EQ(2, r.counts.melodies_truncated);
}

TEST(MelodyPipelines, ExtractMelodiesMelodyTooLongWithPad) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 127, 2, 4}, {14, 50, 6, 15}});
  add_track(s, 1, {{12, 127, 2, 4}, {14, 50, 6, 18}});
  ExtractionOptions o = opts(1, 1, 2, true);
  o.max_steps_truncate = 14;
  o.max_steps_discard = 18;
  o.pad_end = true;
  const ExtractionResult r = extract_melodies(quantized(s), o);
  EXPECT_EQ((std::vector<Events>{{NO_EVENT, NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 14, NO_EVENT, NO_EVENT,
                                  NO_EVENT, NO_EVENT, NO_EVENT}}),
            events_of(r, false));
  EXPECT_EQ(1, r.counts.melodies_discarded_too_long);
}

TEST(MelodyPipelines, ExtractMelodiesTooFewPitches) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 0, 1}, {13, 100, 1, 2}, {18, 100, 2, 3}, {24, 100, 3, 4}, {25, 100, 4, 5}});
  add_track(s, 1, {{12, 100, 0, 1}, {13, 100, 1, 2}, {18, 100, 2, 3}, {25, 100, 3, 4}, {26, 100, 4, 5}});
  const ExtractionResult r = extract_melodies(quantized(s), opts(1, 1, 4, true));
  EXPECT_EQ((std::vector<Events>{{12, 13, 18, 25, 26}}), events_of(r, false));
  EXPECT_EQ(1, r.counts.melodies_discarded_too_few_pitches);
}

TEST(MelodyPipelines, ExtractMelodiesLateStart) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 102, 103}, {13, 100, 104, 106}});
  add_track(s, 1, {{12, 100, 100, 101}, {13, 100, 102, 105}});
  const ExtractionResult r = extract_melodies(quantized(s), opts(1, 1, 2, true));
  EXPECT_EQ((std::vector<Events>{{NO_EVENT, NO_EVENT, 12, NOTE_OFF, 13, NO_EVENT}, {12, NOTE_OFF, 13, NO_EVENT, NO_EVENT}}),
            events_of(r, true));
}

TEST(MelodyPipelines, ExtractMelodiesStatistics) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 2, 4}, {11, 1, 6, 7}, {10, 100, 8, 10}, {9, 100, 11, 14}, {8, 100, 16, 40}, {7, 100, 41, 42}});
  add_track(s, 1, {{12, 127, 2, 4}, {14, 50, 2, 8}});
  add_track(s, 2, {{12, 127, 0, 1}});
  add_track(s, 3, {{12, 127, 2, 4}, {12, 50, 6, 8}});
  const ExtractionResult r = extract_melodies(quantized(s), opts(1, 1, 2, false));
  const Statistics stats = extraction_statistics(r.counts, 1);
  EXPECT_EQ(1, stats.counter("polyphonic_tracks_discarded"));
  EXPECT_EQ(1, stats.counter("melodies_discarded_too_short"));
  EXPECT_EQ(1, stats.counter("melodies_discarded_too_few_pitches"));
  const Histogram* h = stats.histogram("melody_lengths_in_bars");
  ASSERT_NE(nullptr, h);
  // {-inf: 0, 0: 0, 1: 0, 2: 0, 10: 1, 20: 0, 30: 0, 40: 0, 50: 0, 100: 0, 200: 0, 500: 0}
  const std::vector<double> bounds = {-INFINITY, 0, 1, 2, 10, 20, 30, 40, 50, 100, 200, 500};
  EXPECT_EQ(bounds, h->lower_bounds);
  EXPECT_EQ((std::vector<std::int64_t>{0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}), h->counts);
}

// Beyond the port: Magenta loops over set(n.instrument for n in notes); CPython's slot order
// (checked against /usr/bin/python3 3.11: list(set([...])) for these inputs).
TEST(PythonSetOrder, MatchesCPythonForSparseAndDenseInstruments) {
  using V = std::vector<std::int64_t>;
  EXPECT_EQ((V{0, 1, 2, 3}), detail::python_set_order({3, 1, 2, 0, 3}));
  EXPECT_EQ((V{9, 3}), detail::python_set_order({3, 9}));
  EXPECT_EQ((V{16, 1, 18}), detail::python_set_order({18, 16, 1}));
  EXPECT_EQ((V{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}),
            detail::python_set_order({17, 3, 5, 0, 1, 2, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}));
  EXPECT_EQ((V{40, 9, 32, 1}), detail::python_set_order({40, 9, 32, 1}));
}

TEST(MelodyExtraction, NonIntegerStepsPerBarThrowsWithItsCode) {
  auto s = base_sequence(3, 16);  // 3/16 at 1 step per quarter: 0.75 steps per bar
  add_track(s, 0, {{60, 100, 0, 1}});
  try {
    extract_melodies(quantized(s), opts(1, 1, 1, true));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(kCodeNonIntegerStepsPerBar, e.code());
  }
}

}  // namespace
}  // namespace stochos::melody
