// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Spec -> NoteSequence: draws every voice of a composition spec (spec.h) for one seed.
///
/// Each voice's parameters draw from their own streams, root.stream("voice/<name>/<param>")
/// with <param> one of onset, pitch, duration, velocity, timbre, pan, so that editing, adding
/// or removing one voice leaves every other voice's notes identical. Per onset the parameters
/// are evaluated in that order at the onset time (seconds).
///
/// The sequence has one tempo and one time signature at 0, ticks_per_quarter 220, one
/// instrument per voice (its index, named after the voice in instrument_infos), notes with
/// the voice's program (or the `timbre` value per note) and is_drum, and control changes 10
/// (pan) and `timbre_cc` wherever their value changes. Memory is bounded: onsets are counted
/// before notes are made, and more than `max_notes` in all is refused with Error(kUsage,
/// code "unbounded"). Pure function of its arguments; thread-safe.
#include <cstdint>
#include <optional>

#include "stochos/proto/music.pb.h"
#include "stochos/score/spec.h"

namespace stochos::score {

/// The seed used when none is given (printed by the CLI); Pithoprakta was written in 1955-56.
inline constexpr std::uint64_t kDefaultSeed = 1955;
inline constexpr std::uint64_t kMaxNotes = 10'000'000;
/// Notes shorter than this are lengthened to it (a Gaussian duration law may draw 0 or less).
inline constexpr double kMinNoteSeconds = 0.01;

struct EvaluateOptions {
  std::uint64_t seed = kDefaultSeed;
  /// Replaces the spec's length; voices still play only inside their sections.
  std::optional<double> duration_seconds;
  std::uint64_t max_notes = kMaxNotes;
};

magenta::NoteSequence evaluate(const Spec& spec, const EvaluateOptions& options = {});

}  // namespace stochos::score
