// SPDX-License-Identifier: GPL-3.0-or-later
/// NoteSequence -> notation: quantized steps, measures, voices, ties and rests, shared by the
/// MusicXML writer. Thread-safe: pure functions.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "stochos/proto/music.pb.h"

namespace stochos::scoreio {

struct NotationOptions {
  /// Grid for sequences that are not quantized yet (a relative-quantized sequence keeps its own).
  int steps_per_quarter = 4;
};

/// One written note or rest: a piece of a sounding note within one measure.
struct NotationEvent {
  std::int64_t duration_steps = 0;
  std::vector<int> pitches;  ///< empty for a rest; several for a chord
  bool tie_start = false;    ///< continues into the next event of this voice
  bool tie_stop = false;     ///< continues the previous event of this voice
  bool whole_measure_rest = false;
};

struct NotationVoice {
  int voice = 1;  ///< 1-based
  std::vector<NotationEvent> events;
};

struct NotationMeasure {
  std::int64_t start_step = 0;
  std::int64_t length_steps = 0;
  bool time_signature_change = false;
  int numerator = 4;
  int denominator = 4;
  bool key_change = false;
  int key = 0;   ///< NoteSequence key (pitch class of the tonic)
  int mode = 0;  ///< NoteSequence mode
  std::vector<NotationVoice> voices;  ///< voice 1 first; voice 1 fills the measure
};

struct NotationPart {
  std::string name;
  int instrument = 0;
  int program = 0;
  bool is_drum = false;
  std::vector<NotationMeasure> measures;
};

struct NotationScore {
  int steps_per_quarter = 4;
  double qpm = 120;
  std::string title;
  std::vector<std::string> composers;
  std::vector<NotationPart> parts;
};

/// Lays `sequence` out. A relative-quantized sequence keeps its steps. Otherwise the tempo
/// map is flattened onto the first tempo (each time becomes its position in quarter notes,
/// so the rhythm survives tempo changes, and only the first qpm is written) and times are
/// quantized to `options.steps_per_quarter` with note_seq's rounding (a note shorter than a
/// step keeps one step). Time signatures start new measures (a measure before a change may be
/// short); key changes move to the start of their measure. Parts: one per (instrument,
/// program, is_drum), in that sorted order. Throws Error(kUnsupported) for time signatures
/// whose measure is not a whole number of steps.
NotationScore layout_notation(const magenta::NoteSequence& sequence, const NotationOptions& options = {});

/// The sequence with times replaced by quarter positions at the first tempo and quantized as
/// layout_notation does (quantization_info.steps_per_quarter set; one tempo; notes carry
/// quantized steps). Used by tests to compare a round trip with what was written.
magenta::NoteSequence quantize_for_notation(const magenta::NoteSequence& sequence, const NotationOptions& options = {});

}  // namespace stochos::scoreio
