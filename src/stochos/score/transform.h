// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Applies generator expressions (expression.h) to an existing NoteSequence
/// (`stochos transform`). Each expression is evaluated once per note, at the note's original
/// start time in seconds, notes taken in order of start time (then pitch, then position):
///   pitch     semitones added (rounded; the result clamped to 0..127); drum notes untouched
///   duration  factor on the note's length (must be > 0; notes stay at least 10 ms long)
///   timing    seconds added to the note's start and end (a note never starts before 0);
///             `time() * 0.1` stretches the notes by 10 %
///   velocity  added to the velocity (result clamped to 1..127)
///   program   the note's new program (rounded, clamped to 0..127); drum notes untouched
/// Everything else (tempos, signatures, controllers, bends, text, metadata, unused note
/// fields) is kept as it was; total_time follows the notes if they now end later or earlier.
/// Each expression draws from root.stream("transform/<name>"). Errors are Error(kUsage)
/// naming the option and the column in its expression.
#include <cstdint>
#include <optional>
#include <string>

#include "stochos/proto/music.pb.h"
#include "stochos/score/evaluator.h"

namespace stochos::score {

struct TransformOptions {
  std::optional<std::string> pitch;     ///< semitone offsets
  std::optional<std::string> duration;  ///< length factors
  std::optional<std::string> timing;    ///< offsets in seconds
  std::optional<std::string> velocity;  ///< velocity offsets
  std::optional<std::string> program;   ///< programs
  std::uint64_t seed = kDefaultSeed;
};

/// The transformed copy. Pure function of its arguments; thread-safe.
magenta::NoteSequence transform(const magenta::NoteSequence& input, const TransformOptions& options);

}  // namespace stochos::score
