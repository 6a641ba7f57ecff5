// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Melody extraction with Magenta's rules and counters (MG magenta/pipelines/
/// melody_pipelines.py extract_melodies). For every instrument
/// (in the order Magenta's Python set visits them) melodies are read one after another, the
/// next search starting at the bar after the previous melody; each is kept, truncated or
/// discarded by the options below, and every decision is counted. Pure function of its
/// input; thread-safe.
#include <cstdint>
#include <optional>
#include <vector>

#include "stochos/melody/melody.h"
#include "stochos/melody/statistics.h"
#include "stochos/proto/music.pb.h"

namespace stochos::melody {

/// extract_melodies' parameters with its defaults.
struct ExtractionOptions {
  std::int64_t search_start_step = 0;
  int min_bars = 7;                                ///< shorter melodies are discarded
  std::optional<std::int64_t> max_steps_truncate;  ///< longer melodies are cut to this
  std::optional<std::int64_t> max_steps_discard;   ///< longer melodies are discarded
  double gap_bars = 1.0;                           ///< bars of silence that end a melody
  int min_unique_pitches = 5;                      ///< distinct pitch classes required
  bool ignore_polyphonic_notes = true;  ///< false: a track with simultaneous onsets is dropped
  bool pad_end = false;                 ///< pad (and truncate) to bar boundaries
  bool filter_drums = true;
};

/// The MelodyExtractor of melody_rnn_create_dataset (melody_rnn_pipeline.py): min_bars 7,
/// max_steps_truncate 512, min_unique_pitches 5, gap_bars 1, ignore_polyphonic_notes false.
ExtractionOptions melody_rnn_extraction_options();

/// What extract_melodies counted, under Magenta's names.
struct ExtractionCounts {
  std::int64_t polyphonic_tracks_discarded = 0;
  std::int64_t melodies_discarded_too_short = 0;
  std::int64_t melodies_discarded_too_few_pitches = 0;
  std::int64_t melodies_discarded_too_long = 0;
  std::int64_t melodies_truncated = 0;
  std::vector<std::int64_t> melody_lengths_in_bars;  ///< one per kept melody
};

struct ExtractionResult {
  std::vector<Melody> melodies;
  std::vector<int> instruments;  ///< the instrument each melody came from
  ExtractionCounts counts;
};

/// extract_melodies on a relative-quantized sequence. Throws kCodeNonIntegerStepsPerBar
/// (melody.h) when a bar is not a whole number of steps and the sequence has notes, and
/// notesequence's quantization_status when it is not quantized.
ExtractionResult extract_melodies(const magenta::NoteSequence& quantized_sequence,
                                  const ExtractionOptions& options = {});

/// Magenta's statistics list of extract_melodies: the counters polyphonic_tracks_discarded,
/// melodies_discarded_too_short, melodies_discarded_too_few_pitches,
/// melodies_discarded_too_long, melodies_truncated and the histogram melody_lengths_in_bars
/// with buckets 0 1 10 20 30 40 50 100 200 500 and min_bars//2, min_bars, min_bars±1.
Statistics extraction_statistics(const ExtractionCounts& counts, int min_bars);

}  // namespace stochos::melody
