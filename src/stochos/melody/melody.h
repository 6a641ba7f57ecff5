// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Monophonic melodies as note_seq has them (NS note_seq/melodies_lib.py, events_lib.py):
/// one event per quantized step, where 0..127 starts a note of that MIDI pitch,
/// kMelodyNoteOff (-1) ends the sounding note and kMelodyNoEvent (-2) continues whatever is
/// going on (a held note or silence). A Melody knows where it sits in its source sequence
/// (start_step, end_step, in steps of that sequence) and its grid (steps_per_bar,
/// steps_per_quarter). Value type; no shared state; thread-safe for distinct objects.
///
/// Failures throw stochos::Error (kind kInput) with one of the kCode* codes below, named
/// after note_seq's exceptions so callers can count them the way Magenta's pipelines do.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stochos/proto/music.pb.h"

namespace stochos::melody {

/// note_seq constants.py.
inline constexpr int kMelodyNoteOff = -1;
inline constexpr int kMelodyNoEvent = -2;
inline constexpr int kMinMelodyEvent = -2;
inline constexpr int kMaxMelodyEvent = 127;
inline constexpr int kNumSpecialMelodyEvents = 2;
inline constexpr int kMinMidiPitch = 0;
inline constexpr int kMaxMidiPitch = 127;
inline constexpr int kNotesPerOctave = 12;
inline constexpr int kDefaultStepsPerBar = 16;
inline constexpr int kDefaultStepsPerQuarter = 4;
inline constexpr int kStandardPpq = 220;

/// note_seq constants.NOTE_KEYS: for each pitch class, the major keys (0 = C major ..
/// 11 = B major) whose scale contains it.
inline constexpr std::array<std::array<int, 7>, 12> kNoteKeys = {{
    {0, 1, 3, 5, 7, 8, 10},
    {1, 2, 4, 6, 8, 9, 11},
    {0, 2, 3, 5, 7, 9, 10},
    {1, 3, 4, 6, 8, 10, 11},
    {0, 2, 4, 5, 7, 9, 11},
    {0, 1, 3, 5, 6, 8, 10},
    {1, 2, 4, 6, 7, 9, 11},
    {0, 2, 3, 5, 7, 8, 10},
    {1, 3, 4, 6, 8, 9, 11},
    {0, 2, 4, 5, 7, 9, 10},
    {1, 3, 5, 6, 8, 10, 11},
    {0, 2, 4, 6, 7, 9, 11},
}};

/// Error codes (stochos::Error::code()).
inline constexpr std::string_view kCodePolyphonicMelody = "polyphonic_melody";  // PolyphonicMelodyError
inline constexpr std::string_view kCodeNonIntegerStepsPerBar = "non_integer_steps_per_bar";
inline constexpr std::string_view kCodeBadNote = "bad_note";                     // BadNoteError
inline constexpr std::string_view kCodeEventOutOfRange = "melody_event_out_of_range";  // ValueError
inline constexpr std::string_view kCodePrimerSyntax = "primer_syntax";

/// Python's floor modulo (the sign of the divisor), which note_seq's step arithmetic uses.
constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
  const std::int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

/// Options of Melody::to_sequence (note_seq defaults).
struct ToSequenceOptions {
  int velocity = 100;
  int instrument = 0;
  int program = 0;
  double sequence_start_seconds = 0.0;
  double qpm = 120.0;
};

/// Options of melody_from_quantized_sequence (note_seq Melody.from_quantized_sequence).
struct FromQuantizedOptions {
  std::int64_t search_start_step = 0;  ///< assumed to be the first step of a bar
  int instrument = 0;
  double gap_bars = 1.0;  ///< this many bars of silence after a note-off end the melody
  bool ignore_polyphonic_notes = false;  ///< keep the highest of notes starting together
  bool pad_end = false;                  ///< pad with NO_EVENT to a bar boundary
  bool filter_drums = true;
};

class Melody {
 public:
  /// An empty melody at step 0 with 16 steps per bar and 4 per quarter.
  Melody() = default;
  /// A melody of the given events. Throws kCodeEventOutOfRange for events outside
  /// [-2, 127]; NOTE_OFFs before the first note become NO_EVENT, as in note_seq.
  explicit Melody(std::vector<int> events, std::int64_t start_step = 0, int steps_per_bar = kDefaultStepsPerBar,
                  int steps_per_quarter = kDefaultStepsPerQuarter);

  const std::vector<int>& events() const { return events_; }
  std::size_t size() const { return events_.size(); }
  bool empty() const { return events_.empty(); }
  int operator[](std::size_t i) const { return events_[i]; }
  std::vector<int>::const_iterator begin() const { return events_.begin(); }
  std::vector<int>::const_iterator end() const { return events_.end(); }

  std::int64_t start_step() const { return start_step_; }
  std::int64_t end_step() const { return end_step_; }
  int steps_per_bar() const { return steps_per_bar_; }
  int steps_per_quarter() const { return steps_per_quarter_; }

  /// Appends one event and moves end_step. Throws kCodeEventOutOfRange.
  void append(int event);

  /// note_seq Melody.set_length: pads with NO_EVENT or truncates, on the right (end_step
  /// moves) or the left (start_step moves). Extending on the right ends a held note with a
  /// NOTE_OFF at the old end.
  void set_length(std::size_t steps, bool from_left = false);

  /// Events [begin, end) as a new melody whose start_step is start_step() + begin
  /// (Python's melody[begin:end]).
  Melody slice(std::size_t begin, std::size_t end) const;

  /// Counts of note-ons per pitch class (C = 0).
  std::array<int, 12> note_histogram() const;
  /// For each major key, how many note-ons fit into its scale.
  std::array<int, 12> major_key_histogram() const;
  /// The best-fitting major key (lowest index on ties), 0 for a melody without notes.
  int major_key() const;

  /// Moves every note by `semitones`, then folds notes outside [min_note, max_note) into
  /// that range by octaves.
  void transpose(int semitones, int min_note = 0, int max_note = 128);

  /// note_seq Melody.squash: transposes into `transpose_to_key` (none: no transposition)
  /// with the octave that centres the melody in [min_note, max_note), then folds the rest
  /// into the range. Returns the transposition applied in semitones.
  int squash(int min_note, int max_note, std::optional<int> transpose_to_key);

  /// The melody as a NoteSequence: one tempo (qpm), ticks_per_quarter 220, notes lasting
  /// until the next note-on or note-off (or the melody's end), placed at
  /// sequence_start_seconds + step * 60 / qpm / steps_per_quarter.
  magenta::NoteSequence to_sequence(const ToSequenceOptions& options = {}) const;

  /// Same events, start, end and grid (note_seq's Melody.__eq__).
  bool operator==(const Melody& other) const = default;

 private:
  friend Melody melody_from_quantized_sequence(const magenta::NoteSequence&, const FromQuantizedOptions&);
  void add_note(int pitch, std::int64_t start_index, std::int64_t end_index);

  std::vector<int> events_;
  std::int64_t start_step_ = 0;
  std::int64_t end_step_ = 0;
  int steps_per_bar_ = kDefaultStepsPerBar;
  int steps_per_quarter_ = kDefaultStepsPerQuarter;
};

/// note_seq Melody.from_quantized_sequence: the monophonic melody of one instrument from a
/// relative-quantized sequence, starting at the first note at or after search_start_step
/// (the melody begins on that note's bar), ending at a gap of gap_bars bars. Velocity-0
/// notes and (with filter_drums) drums are skipped. An empty melody still carries the
/// sequence's steps_per_bar. Throws kCodeNonIntegerStepsPerBar, kCodePolyphonicMelody
/// (two notes start on one step and ignore_polyphonic_notes is false), kCodeBadNote, and
/// notesequence's quantization_status for an unquantized sequence.
Melody melody_from_quantized_sequence(const magenta::NoteSequence& quantized_sequence,
                                      const FromQuantizedOptions& options = {});

/// Parses Magenta's --primer_melody syntax, a Python list literal of events such as
/// "[60, -2, 60, -2, 67, -2, 67, -2]" (a tuple or a trailing comma is accepted, as
/// ast.literal_eval does). Throws Error(kUsage, code kCodePrimerSyntax) naming the column,
/// or kCodeEventOutOfRange.
Melody parse_primer_melody(std::string_view text);

/// note_seq midi_file_to_melody: reads a MIDI file, quantizes it (steps_per_quarter) and
/// extracts the melody of instrument 0 (highest note of simultaneous starts).
Melody midi_file_to_melody(const std::filesystem::path& path, int steps_per_quarter = kDefaultStepsPerQuarter,
                           bool ignore_polyphonic_notes = true);

}  // namespace stochos::melody
