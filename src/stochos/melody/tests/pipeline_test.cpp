// SPDX-License-Identifier: GPL-3.0-or-later
// melody_rnn_pipeline's chain on small hand-made sequences: statistics under Magenta's
// names, Magenta's stale Quantizer statistics, and the per-sequence report.
#include "stochos/melody/pipeline.h"

#include <gtest/gtest.h>

#include "stochos/testing/note_seq_testing.h"

namespace stochos::melody {
namespace {

using notesequence::test_support::add_track;
using notesequence::test_support::base_sequence;

// 8 bars of a 5-pitch-class line at 120 qpm in 4/4: one quarter note per beat.
magenta::NoteSequence eight_bar_tune(int instrument = 0, double start_seconds = 0.0) {
  magenta::NoteSequence s = base_sequence(4, 4, 120);
  const int pitches[] = {60, 62, 64, 65, 67, 65, 64, 62};
  std::vector<std::tuple<int, int, double, double>> notes;
  for (int beat = 0; beat < 32; ++beat) {
    const double t = start_seconds + beat * 0.5;
    notes.emplace_back(pitches[beat % 8], 90, t, t + 0.45);
  }
  add_track(s, instrument, notes);
  return s;
}

PipelineOptions options_for(const std::string& config) {
  PipelineOptions o;
  o.config = melody_rnn_config(config);
  return o;
}

TEST(MelodyRnnPipeline, OneEightBarMelodyWithMagentasCounterNames) {
  MelodyRnnPipeline pipeline(options_for("attention_rnn"), "training");
  Statistics stats;
  SequenceReport report;
  const auto out = pipeline.transform(eight_bar_tune(), stats, &report);
  ASSERT_EQ(1u, out.size());
  EXPECT_EQ(74, out[0].input_size);
  // 32 beats of 4 steps: the last note ends at step 128, whose NOTE_OFF is stripped, so
  // 128 events give 127 steps of inputs and labels.
  EXPECT_EQ(127u, out[0].steps());
  EXPECT_EQ(1, stats.counter("DAGPipeline_TranspositionPipeline_training_transpositions_generated"));
  EXPECT_TRUE(stats.has("DAGPipeline_TranspositionPipeline_training_skipped_due_to_range_exceeded"));
  EXPECT_TRUE(stats.has("DAGPipeline_MelodyExtractor_training_melodies_discarded_too_short"));
  EXPECT_TRUE(stats.has("DAGPipeline_MelodyExtractor_training_polyphonic_tracks_discarded"));
  const Histogram* h = stats.histogram("DAGPipeline_MelodyExtractor_training_melody_lengths_in_bars");
  ASSERT_NE(nullptr, h);
  EXPECT_EQ(1, h->count_for_bucket(8));  // 128 events // 16 = 8 bars, bucket [8,10)
  EXPECT_FALSE(stats.has("DAGPipeline_Quantizer_training_sequences_discarded_because_multiple_tempos"));
  EXPECT_EQ(1, report.melodies);
  EXPECT_EQ(1, report.pieces);
  EXPECT_EQ("", report.reason(pipeline.options().extraction));
}

TEST(MelodyRnnPipeline, TempoChangeSplitsAndShortPiecesAreCountedAsTooShort) {
  magenta::NoteSequence s = eight_bar_tune();
  auto* t = s.add_tempos();
  t->set_time(8.0);  // a tempo change half way: two 4-bar pieces, both under 7 bars
  t->set_qpm(90);
  MelodyRnnPipeline pipeline(options_for("basic_rnn"), "eval");
  Statistics stats;
  SequenceReport report;
  EXPECT_TRUE(pipeline.transform(s, stats, &report).empty());
  EXPECT_EQ(2, report.pieces);
  EXPECT_EQ(2, stats.counter("DAGPipeline_MelodyExtractor_eval_melodies_discarded_too_short"));
  EXPECT_EQ(2, stats.counter("DAGPipeline_TranspositionPipeline_eval_transpositions_generated"));
  EXPECT_EQ("2 melodies shorter than 7 bars", report.reason(pipeline.options().extraction));
}

TEST(MelodyRnnPipeline, PolyphonicTrackIsDroppedWithItsReason) {
  magenta::NoteSequence s = eight_bar_tune();
  add_track(s, 0, {{72, 90, 0.0, 0.45}});  // a second note on the first onset
  MelodyRnnPipeline pipeline(options_for("lookback_rnn"), "training");
  Statistics stats;
  SequenceReport report;
  EXPECT_TRUE(pipeline.transform(s, stats, &report).empty());
  EXPECT_EQ(1, stats.counter("DAGPipeline_MelodyExtractor_training_polyphonic_tracks_discarded"));
  EXPECT_NE(std::string::npos, report.reason(pipeline.options().extraction).find("polyphonic"));
}

TEST(MelodyRnnPipeline, QuantizerRejectionIsCountedAgainForLaterAcceptedSequencesAsMagentaDoes) {
  MelodyRnnPipeline pipeline(options_for("basic_rnn"), "training");
  Statistics stats;
  magenta::NoteSequence bad = eight_bar_tune();
  bad.mutable_time_signatures(0)->set_denominator(3);  // BadTimeSignatureError
  SequenceReport bad_report;
  EXPECT_TRUE(pipeline.transform(bad, stats, &bad_report).empty());
  const std::string name = "DAGPipeline_Quantizer_training_sequences_discarded_because_bad_time_signature";
  EXPECT_EQ(1, stats.counter(name));
  EXPECT_EQ(std::vector<std::string>{"bad_time_signature"}, bad_report.quantize_failures);
  // Magenta's Quantizer sets its statistics only on failure and the DAG reads them after
  // every call, so the next (good) sequence repeats the count.
  SequenceReport good_report;
  EXPECT_EQ(1u, pipeline.transform(eight_bar_tune(), stats, &good_report).size());
  EXPECT_EQ(2, stats.counter(name));
  EXPECT_TRUE(good_report.quantize_failures.empty());
}

TEST(MelodyRnnPipeline, SquashMovesMelodiesIntoTheConfigRangeAndKey) {
  MelodyRnnPipeline pipeline(options_for("basic_rnn"), "training");
  Statistics stats;
  magenta::NoteSequence s = eight_bar_tune();
  for (auto& n : *s.mutable_notes()) n.set_pitch(n.pitch() + 26);  // D major, two octaves up
  const auto melodies = pipeline.melodies(s, stats, nullptr);
  ASSERT_EQ(1u, melodies.size());
  EXPECT_EQ(60, melodies[0].melody[0]);  // back to C, centred in [48, 84)
  EXPECT_EQ(-26, melodies[0].transposition);
  EXPECT_DOUBLE_EQ(120.0, melodies[0].qpm);
}

}  // namespace
}  // namespace stochos::melody
