// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The per-partition chain of Magenta's melody_rnn_create_dataset (MG
/// magenta/models/melody_rnn/melody_rnn_pipeline.py get_pipeline):
///   TimeChangeSplitter -> Quantizer(steps_per_quarter) -> TranspositionPipeline((0,))
///   -> MelodyExtractor(min_bars 7, max_steps 512, min_unique_pitches 5, gap_bars 1,
///      ignore_polyphonic_notes false) -> EncoderPipeline (squash, encode)
/// applied to one NoteSequence at a time, with Magenta's statistics under Magenta's names
/// ("DAGPipeline_MelodyExtractor_training_melodies_discarded_too_short", ...), plus a
/// per-sequence report of what happened and why. One instance per partition; not
/// thread-safe (it keeps the Quantizer's last statistics, see below).
#include <cstdint>
#include <string>
#include <vector>

#include "stochos/melody/encoder_decoder.h"
#include "stochos/melody/extraction.h"
#include "stochos/melody/melody.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/melody/statistics.h"
#include "stochos/proto/music.pb.h"

namespace stochos::melody {

struct PipelineOptions {
  MelodyRnnConfig config;  ///< note range, key, steps_per_quarter and encoder
  ExtractionOptions extraction = melody_rnn_extraction_options();
  /// EncoderPipeline's squash into the config's range and key; false keeps melodies as
  /// played (`stochos melody extract` without --config).
  bool squash = true;
  /// stochos, not Magenta: re-time the sequence onto its first tempo before splitting (see
  /// flatten_tempo_changes), so performance-timed MIDI with hundreds of tempo events is not
  /// cut into pieces too short to hold a melody.
  bool flatten_tempo = false;
};

/// A copy of `sequence` with one tempo (its first, or 120 qpm): every time (notes, time and
/// key signatures, control changes, pitch bends, text annotations, total_time) is mapped to
/// its position in quarter notes under the original tempo map and back to seconds at that
/// single tempo, so notes keep their beat positions and quantize as the score has them.
magenta::NoteSequence flatten_tempo_changes(const magenta::NoteSequence& sequence);

/// What became of one input sequence (stochos's --report; Magenta logs only totals).
struct SequenceReport {
  std::uint64_t record_index = 0;
  std::string id;
  std::string filename;
  std::string partition;  ///< "training" or "eval"
  int notes = 0;
  int pieces = 0;            ///< after splitting at time-signature and tempo changes
  int pieces_quantized = 0;  ///< pieces the Quantizer accepted
  std::vector<std::string> quantize_failures;  ///< error codes of rejected pieces
  int pieces_non_integer_steps_per_bar = 0;
  ExtractionCounts counts;   ///< summed over pieces (lengths of kept melodies included)
  int melodies = 0;          ///< melodies written
  /// One phrase on why the sequence gave no (or few) melodies, empty when nothing was lost.
  std::string reason(const ExtractionOptions& extraction) const;
};

/// A melody as it leaves the pipeline, with what its source says about how to play it.
struct PipelineMelody {
  Melody melody;
  int instrument = 0;
  int program = 0;      ///< program of the instrument's first note in the piece
  double qpm = 120.0;   ///< the piece's tempo
  int piece = 0;        ///< index of the time-change piece it came from
  int transposition = 0;  ///< semitones squash moved it
};

class MelodyRnnPipeline {
 public:
  /// `mode` ("training" or "eval") names the statistics as Magenta's DAG does.
  MelodyRnnPipeline(PipelineOptions options, std::string mode);

  /// Everything up to and including squash; statistics are merged into `stats` and the
  /// report (optional) is filled. Throws only for bugs; bad pieces are counted.
  std::vector<PipelineMelody> melodies(const magenta::NoteSequence& sequence, Statistics& stats,
                                       SequenceReport* report);
  /// melodies() then encode each (EncoderPipeline).
  std::vector<EncodedSequence> transform(const magenta::NoteSequence& sequence, Statistics& stats,
                                         SequenceReport* report);

  const EventSequenceEncoderDecoder& encoder_decoder() const { return *encoder_; }
  const PipelineOptions& options() const { return options_; }

 private:
  PipelineOptions options_;
  std::string mode_;
  std::unique_ptr<EventSequenceEncoderDecoder> encoder_;
  // Magenta's Quantizer calls _set_stats only when it rejects a sequence, and the DAG
  // collects get_stats() after every call, so the last rejection is counted again for
  // every later piece the same Quantizer accepts. Reproduced so that the totals match
  // Magenta's log; SequenceReport has the true reasons.
  Statistics quantizer_last_stats_;
};

}  // namespace stochos::melody
