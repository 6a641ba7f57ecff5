// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// What a person judging generated melodies against a corpus looks at, computed from melody
/// events (-2 no event, -1 note off, 0..127 note on; 16th-note steps): the pitch-class and
/// note-length histograms, how many notes stay in the key of a primer, the pitch range, and
/// how often a bar repeats an earlier one (exactly or transposed) 2, 4 or 8 bars back, the
/// longer structure that lookback_rnn and attention_rnn are meant to learn.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace stochos::melody {

inline constexpr int kFeatureMaxNoteSteps = 16;  ///< note lengths above go to the last bin
inline constexpr std::array<int, 3> kRepeatBarDistances = {2, 4, 8};

/// Totals over many melodies (or continuations); add() one at a time, then read the shares.
struct MelodyFeatureSums {
  std::array<double, 12> pitch_classes{};                 ///< notes per pitch class
  std::array<double, kFeatureMaxNoteSteps> note_steps{};  ///< notes per length 1..16+ steps
  std::int64_t notes = 0;
  std::int64_t notes_in_key = 0;
  double range_sum = 0;  ///< sum over melodies of highest - lowest pitch (semitones)
  std::int64_t melodies_with_notes = 0;
  std::array<std::int64_t, 3> bars_compared{};  ///< per distance in kRepeatBarDistances
  std::array<std::int64_t, 3> bars_repeated{};  ///< of those, equal or transposed copies

  /// Adds events[from, end) as one melody. Notes are counted from their onset in that span;
  /// a note's length runs to the next onset or note off (or the end of the events).
  /// `key` is a set of pitch classes (bit k = pitch class k) for the in-key share. Bars are
  /// `steps_per_bar` steps counted from `from`; a bar with no onset is not compared.
  void add(std::span<const int> events, std::size_t from, std::uint16_t key, int steps_per_bar = 16);

  std::array<double, 12> pitch_class_shares() const;
  std::array<double, kFeatureMaxNoteSteps> note_step_shares() const;
  double in_key_share() const;
  double mean_range() const;
  double repeat_share(std::size_t distance_index) const;
};

/// The diatonic (major-scale) pitch-class set holding most of the notes of events (ties:
/// the lowest tonic pitch class), as a 12-bit set; 0 when there is no note.
std::uint16_t diatonic_key_of(std::span<const int> events);

/// Total variation distance (half the L1 distance) between two distributions.
template <std::size_t N>
double total_variation(const std::array<double, N>& a, const std::array<double, N>& b) {
  double sum = 0;
  for (std::size_t i = 0; i < N; ++i) sum += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
  return sum / 2;
}

}  // namespace stochos::melody
