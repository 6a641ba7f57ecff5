// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Helpers on magenta::NoteSequence with the exact behaviour of note_seq's sequences_lib
/// (NS @ 35825508, note_seq/sequences_lib.py): transposition, stretching, shifting,
/// trimming, subsequence extraction and splitting, concatenation, merging, sustain.
/// All times are seconds. Functions take inputs by const reference and return new
/// sequences (never aliasing the input); they keep no state and are thread-safe.
///
/// Failures throw stochos::Error: kind kInput with a code() for problems of the data
/// (kCodeQuantizationStatus from quantize.h when a function needs an unquantized sequence,
/// kCodeChordSymbol, kCodeSubsequencePastEnd, kCodeNonFiniteTime), kind kUsage for
/// arguments that can never be right (unsorted split times, a shift <= 0, ...).
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stochos/notesequence/quantize.h"
#include "stochos/proto/music.pb.h"

namespace stochos::notesequence {

/// MIDI pitch range (note_seq constants.py), inclusive.
inline constexpr int kMinMidiPitch = 0;
inline constexpr int kMaxMidiPitch = 127;
/// The chord-symbol text that means "no chord" (note_seq constants.NO_CHORD).
inline constexpr std::string_view kNoChord = "N.C.";

/// A chord symbol that note_seq's chord_symbols_lib cannot parse (ChordSymbolError).
inline constexpr std::string_view kCodeChordSymbol = "chord_symbol";
/// A subsequence would start at or after the sequence's total_time.
inline constexpr std::string_view kCodeSubsequencePastEnd = "subsequence_past_end";
/// total_time is NaN or infinite where a hop grid is laid over it.
inline constexpr std::string_view kCodeNonFiniteTime = "non_finite_time";

/// Control numbers whose latest value before a subsequence start is carried to its time 0:
/// sustain, sostenuto, una corda (note_seq DEFAULT_SUBSEQUENCE_PRESERVE_CONTROL_NUMBERS).
inline constexpr std::array<int, 3> kDefaultPreservedControlNumbers = {64, 66, 67};

/// Sorts notes in place by start time, then pitch; equal keys keep their order.
void sort_notes(NoteSequence& sequence);

/// Sorts, in place and stably by time, time signatures, key signatures, tempos, pitch bends,
/// control changes, text annotations and section annotations.
void sort_events_by_time(NoteSequence& sequence);

/// The latest note end time in seconds, or 0 without notes (how note_seq's midi_io and
/// testing_lib maintain total_time). Does not modify the sequence.
double compute_total_time(const NoteSequence& sequence);

/// What transpose_note_sequence does with notes that would leave the allowed pitch range.
enum class OutOfRangeNotes {
  kDelete,       ///< note_seq transpose_note_sequence: drop them and count them
  kClampAmount,  ///< note_seq augment_note_sequence(delete_out_of_range_notes=False):
                 ///< shrink the amount so the sequence's lowest/highest pitch stays inside
};

struct TransposeOptions {
  int min_allowed_pitch = kMinMidiPitch;  ///< inclusive
  int max_allowed_pitch = kMaxMidiPitch;  ///< inclusive
  OutOfRangeNotes out_of_range = OutOfRangeNotes::kDelete;
  /// True: transpose chord-symbol text annotations; false: remove them.
  bool transpose_chords = true;
};

struct TransposeResult {
  NoteSequence sequence;
  int deleted_note_count = 0;
  int applied_semitones = 0;  ///< the amount used (differs from the request after clamping)
};

/// Transposes non-drum notes by `semitones` (drums are kept untouched), resets their
/// pitch_name, deletes notes leaving [min_allowed_pitch, max_allowed_pitch], sets total_time
/// to the latest end of the kept notes, transposes key signatures ((key + semitones) mod 12)
/// and chord symbols other than "N.C.". Throws kCodeChordSymbol for an unparseable chord.
TransposeResult transpose_note_sequence(const NoteSequence& sequence, int semitones,
                                        const TransposeOptions& options = {});

/// note_seq _clamp_transpose: the amount, limited so that a sequence spanning
/// [sequence_min_pitch, sequence_max_pitch] stays within the allowed range.
int clamp_transpose_amount(int semitones, int sequence_min_pitch, int sequence_max_pitch,
                           int min_allowed_pitch, int max_allowed_pitch);

/// note_seq chord_symbols_lib.transpose_chord_symbol: moves root and bass by `semitones`
/// keeping letter spelling rules ("E7" + 1 = "F7", "Bb/D" + 2 = "C/E"); kind and degree
/// modifications are copied. Throws kCodeChordSymbol if `figure` does not parse.
std::string transpose_chord_symbol(std::string_view figure, int semitones);

/// Multiplies every time by `stretch_factor` (> 1 is slower) and divides tempos' qpm by it.
/// Throws kCodeQuantizationStatus for a quantized sequence.
NoteSequence stretch_note_sequence(const NoteSequence& sequence, double stretch_factor);

/// Adds `shift_seconds` (> 0, else kUsage) to every time and to total_time and clears
/// subsequence_info. Throws kCodeQuantizationStatus for a quantized sequence.
NoteSequence shift_sequence_times(const NoteSequence& sequence, double shift_seconds);

/// Keeps notes starting in [start_seconds, end_seconds), cuts their ends at end_seconds and
/// sets total_time = min(total_time, end_seconds). Other events are untouched and nothing is
/// shifted. Throws kCodeQuantizationStatus for a quantized sequence.
NoteSequence trim_note_sequence(const NoteSequence& sequence, double start_seconds, double end_seconds);

/// One subsequence [start_seconds, end_seconds) shifted to start at 0; see
/// extract_subsequences.
NoteSequence extract_subsequence(
    const NoteSequence& sequence, double start_seconds, double end_seconds,
    std::span<const int> preserve_control_numbers = kDefaultPreservedControlNumbers);

/// Cuts `sequence` at the sorted `split_seconds` (piece i spans [split[i], split[i+1])),
/// each piece shifted to start at 0 (note_seq _extract_subsequences): notes starting in a
/// piece are kept with ends cut at its end; the latest time signature, key signature, tempo,
/// chord symbol and (per instrument and control number) preserved control change before a
/// piece is repeated at its time 0; beat annotations are copied; other text annotations,
/// control changes and pitch bends are dropped; subsequence_info records the offsets.
/// Throws kUsage for fewer than 2 or unsorted times, kCodeSubsequencePastEnd if a piece
/// would start at or after total_time, kCodeQuantizationStatus if quantized.
std::vector<NoteSequence> extract_subsequences(
    const NoteSequence& sequence, std::span<const double> split_seconds,
    std::span<const int> preserve_control_numbers = kDefaultPreservedControlNumbers);

/// Splits every `hop_size_seconds` (> 0, else kUsage), like note_seq split_note_sequence with
/// a scalar hop. With skip_splits_inside_notes, hop points inside a sounding note are skipped.
std::vector<NoteSequence> split_note_sequence(const NoteSequence& sequence, double hop_size_seconds,
                                              bool skip_splits_inside_notes = false);

/// Splits at the given times (sorted first), like note_seq split_note_sequence with a list.
std::vector<NoteSequence> split_note_sequence_at_times(const NoteSequence& sequence,
                                                       std::vector<double> split_seconds,
                                                       bool skip_splits_inside_notes = false);

/// Splits at every real time signature or tempo change before total_time, so each piece has
/// one time signature and one tempo (implicit 4/4 and 120 qpm at the start). With
/// skip_splits_inside_notes, changes inside a sounding note do not split.
std::vector<NoteSequence> split_note_sequence_on_time_changes(const NoteSequence& sequence,
                                                              bool skip_splits_inside_notes = false);

/// Splits where a note starts more than `gap_seconds` after every earlier note has ended.
std::vector<NoteSequence> split_note_sequence_on_silence(const NoteSequence& sequence,
                                                         double gap_seconds = 3.0);

/// Plays the sequences one after another: each is shifted by the sum of the previous
/// durations (`sequence_durations_seconds`, or the running total_time when empty), merged
/// with protobuf MergeFrom (later scalar fields win), then remove_redundant_data is applied.
/// Throws kUsage if durations are given with the wrong count or shorter than a sequence.
NoteSequence concatenate_sequences(std::span<const NoteSequence> sequences,
                                   std::span<const double> sequence_durations_seconds = {});

/// Overlays the sequences with MergeFrom, clears subsequence_info, removes redundant data.
NoteSequence merge_sequences(std::span<const NoteSequence> sequences);

/// Sorts time signatures, key signatures and tempos by time and drops each one that repeats
/// its predecessor except for time; drops repeated composers and genres (first kept).
NoteSequence remove_redundant_data(const NoteSequence& sequence);

/// Extends non-drum notes held under the sustain pedal (control `sustain_control_number`,
/// value >= 64 is down) to the pedal release or the next note of the same pitch on the same
/// instrument, whichever comes first. Throws kCodeQuantizationStatus if quantized.
NoteSequence apply_sustain_control_changes(const NoteSequence& sequence, int sustain_control_number = 64);

}  // namespace stochos::notesequence
