// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Chord symbols and chord progressions as users type them (`melody generate --chords "C Am
/// F G7"`), and which steps of the 16th grid count as strong beats. Values are immutable;
/// functions are thread-safe. Parse errors are stochos::Error of kind kUsage quoting the
/// symbol and saying what is accepted.
///
/// A chord symbol is a root note name (pitch_class_set.h: "C", "F#", "Bb"), a quality from
/// the table in chord_qualities() ("" major, "m", "dim", "aug", "sus4", "7", "maj7", "m7",
/// "m7b5", "dim7", "9", "add9", "6/9", ...), and optionally "/BASS" with a note name, whose
/// pitch class joins the chord tones ("C/Bb" = C E G Bb). "N.C." (or "NC") is no chord.
///
/// A progression is chord symbols separated by spaces (or commas). Each lasts one bar, or
/// BEATS quarter notes when written CHORD:BEATS (a positive integer): "C Am F G7", "C:2 G:2
/// Am F". It starts at the first bar of the output (step 0, where the primer starts) and
/// repeats until the end. Bar lines ('|') are refused rather than guessed at.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stochos/melody/pitch_class_set.h"

namespace stochos::melody {

struct ChordSymbol {
  std::string text;     ///< as written
  PitchClassSet tones;  ///< empty for no chord
  bool no_chord = false;
};

/// Parses one chord symbol (syntax above). Throws Error(kUsage).
ChordSymbol parse_chord_symbol(std::string_view text);

/// The accepted quality spellings and their intervals above the root, in help order.
const std::vector<std::pair<std::string, std::vector<int>>>& chord_qualities();

struct ProgressionChord {
  ChordSymbol chord;
  int beats = 0;  ///< quarter notes it lasts; 0 = one bar
};

class ChordProgression {
 public:
  /// Parses a progression (syntax above). Throws Error(kUsage) for an empty text, a bad
  /// symbol, a bad duration or a bar line.
  static ChordProgression parse(std::string_view text);

  const std::vector<ProgressionChord>& chords() const { return chords_; }

  /// The chord at `step` (16th steps from the start of the output; the progression repeats),
  /// with bars of `steps_per_bar` and beats of `steps_per_quarter` steps.
  const ProgressionChord& chord_at(std::int64_t step, int steps_per_bar, int steps_per_quarter) const;

  /// Step `step`'s place in the progression for messages: "bar 3, beat 1".
  static std::string position_name(std::int64_t step, int steps_per_bar, int steps_per_quarter);

 private:
  std::vector<ProgressionChord> chords_;
};

/// Strong beats of the step grid: the first step of every bar, plus the middle step of bars
/// holding an even number of quarter notes. In 4/4 at 4 steps per quarter those are steps 0
/// and 8 of each 16-step bar (beats 1 and 3); 2/4 gives beats 1 and 2; 3/4 and 6/8 bars have
/// their downbeat only. `step` counts from the start of the output.
bool is_strong_beat(std::int64_t step, int steps_per_bar, int steps_per_quarter);

}  // namespace stochos::melody
