// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Quantization of NoteSequences with note_seq's rules (note_seq sequences_lib,
/// quantize_note_sequence, quantize_note_sequence_absolute): relative to tempo (steps per
/// quarter) or absolute (steps per second). Functions take the input by const reference and
/// return a new sequence; they are thread-safe for distinct outputs. Every failure throws
/// stochos::Error of kind kInput whose code() is one of the kCode* constants below, so batch
/// jobs can count reasons.
#include <cstdint>
#include <string_view>

#include "stochos/proto/music.pb.h"

namespace stochos::notesequence {

using NoteSequence = magenta::NoteSequence;

/// note_seq constants.py.
inline constexpr double kDefaultQuartersPerMinute = 120.0;
inline constexpr int kDefaultStepsPerQuarter = 4;

/// Fraction of a step below which a time rounds down (note_seq QUANTIZE_CUTOFF): with 0.5,
/// times round half up to the nearest step.
inline constexpr double kQuantizeCutoff = 0.5;

/// Error codes (stochos::Error::code()) of quantization failures, named after note_seq's
/// exception classes.
inline constexpr std::string_view kCodeBadTimeSignature = "bad_time_signature";  // BadTimeSignatureError
inline constexpr std::string_view kCodeMultipleTimeSignatures = "multiple_time_signatures";
inline constexpr std::string_view kCodeMultipleTempos = "multiple_tempos";
inline constexpr std::string_view kCodeNegativeTime = "negative_time";
inline constexpr std::string_view kCodeQuantizationStatus = "quantization_status";
/// A time whose step count is NaN or does not fit in int64 (Python raises ValueError or
/// OverflowError there).
inline constexpr std::string_view kCodeTimeOutOfRange = "time_out_of_range";

/// The step of `unquantized_seconds`: int(seconds * steps_per_second + (1 - cutoff)),
/// truncated toward zero as Python's int() does (so -0.2 s at 4 steps/s gives step 0).
std::int64_t quantize_to_step(double unquantized_seconds, double steps_per_second,
                              double quantize_cutoff = kQuantizeCutoff);

/// steps_per_quarter * qpm / 60.
double steps_per_quarter_to_steps_per_second(int steps_per_quarter, double qpm);

/// A copy of `sequence` quantized relative to its single tempo: sets
/// quantization_info.steps_per_quarter, leaves exactly one time signature (added as 4/4 if
/// none) and one tempo (added as 120 qpm if none), both at time 0, and fills the quantized
/// steps of notes, control changes and text annotations plus total_quantized_steps.
/// Throws (codes): multiple_time_signatures, bad_time_signature (numerator 0 or denominator
/// not a power of 2), multiple_tempos, negative_time, time_out_of_range.
NoteSequence quantize_note_sequence(const NoteSequence& sequence, int steps_per_quarter);

/// A copy of `sequence` quantized on absolute time: sets quantization_info.steps_per_second;
/// tempos and time signatures are kept but ignored. Throws negative_time, time_out_of_range.
NoteSequence quantize_note_sequence_absolute(const NoteSequence& sequence, int steps_per_second);

/// True when quantization_info has a positive steps_per_quarter or steps_per_second.
bool is_quantized_sequence(const NoteSequence& sequence);
/// True when quantization_info has a positive steps_per_quarter.
bool is_relative_quantized_sequence(const NoteSequence& sequence);
/// True when quantization_info has a positive steps_per_second.
bool is_absolute_quantized_sequence(const NoteSequence& sequence);

/// Throw quantization_status when the matching is_*_quantized_sequence is false.
void assert_is_quantized_sequence(const NoteSequence& sequence);
void assert_is_relative_quantized_sequence(const NoteSequence& sequence);
void assert_is_absolute_quantized_sequence(const NoteSequence& sequence);

/// Steps per bar of a relative-quantized sequence from its first time signature:
/// steps_per_quarter * (4 / denominator) * numerator (a float: 6/8 at 4 steps gives 12.0).
/// Throws quantization_status if not relative-quantized, bad_time_signature if it has no
/// time signature.
double steps_per_bar_in_quantized_sequence(const NoteSequence& sequence);

}  // namespace stochos::notesequence
