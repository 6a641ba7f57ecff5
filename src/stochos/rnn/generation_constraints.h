// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Generation controls beyond Magenta (issue 18): keep a generated melody in a key or
/// scale, on a sieve of MIDI pitches, and on the chords of a progression at strong beats.
/// They mask the model's distribution at every generated step: a class is allowed iff the
/// event it decodes to (after the events so far, so a lookback "repeat" class counts as the
/// event it repeats) is allowed at that step, judged on the pitch the user hears, i.e. after
/// undoing the transposition that squashed the primer into the model's range and key.
/// Masked classes get logit -inf; the softmax at the sampling temperature then renormalises
/// over the allowed classes, so sampling draws from the model's distribution conditioned on
/// the constraint and beam-search scores add log p under that renormalised distribution.
///
/// Rules for the event at a generated step s (steps count from the start of the output):
///   - note-off (-1) is always allowed, so no step can be left without an allowed class;
///   - a note-on of heard pitch p needs p's pitch class in every --key/--scale set, p in the
///     --sieve (over MIDI pitch numbers 0-127, not pitch classes), and, when s is a strong
///     beat (melody::is_strong_beat) under a chord, p's pitch class among its chord tones;
///   - no-event (-2, continue) at a strong beat under a chord is refused when the note it
///     would sustain is not a chord tone: a strong beat hears a chord tone or silence. A
///     note held across weak steps is not re-checked there; N.C. constrains nothing.
/// The primer is never constrained (its notes may be outside the scale, and a primer note
/// sustained into the generated part is judged at the next generated strong beat).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stochos/melody/chord_progression.h"
#include "stochos/melody/encoder_decoder.h"
#include "stochos/melody/pitch_class_set.h"

namespace stochos::rnn {

/// The constraints as the user writes them (CLI flags and Python keywords); see
/// melody/pitch_class_set.h and chord_progression.h for the syntax. Unset = no constraint.
struct GenerationConstraintOptions {
  std::optional<std::string> key;     ///< "D minor" or a pitch-class set
  std::optional<std::string> scale;   ///< same syntax; intersected with key
  std::optional<std::string> sieve;   ///< stochastic::Sieve syntax over MIDI pitch numbers
  std::optional<std::string> chords;  ///< "C Am F G7", "C:2 G:2 Am F"
  bool any() const { return key || scale || sieve || chords; }
};

/// Where the events of one generation sit: the model's note range, the transposition and
/// the grid. Event i of a sequence is at output step first_step + i; events before
/// primer_length are the primer; the sequence ends at num_events.
struct ConstraintFrame {
  int min_note = 48;  ///< model pitch range [min_note, max_note)
  int max_note = 84;
  int transposition = 0;  ///< model pitch = heard pitch + transposition
  std::int64_t first_step = 0;
  std::size_t primer_length = 1;
  std::size_t num_events = 128;
  int steps_per_bar = 16;
  int steps_per_quarter = 4;
};

class GenerationConstraints {
 public:
  /// Parses the options and checks them against the frame before anything is generated.
  /// Throws Error(kUsage) for bad syntax, for key/scale/sieve that leave no playable pitch
  /// in the model's range (as heard: [min_note, max_note) - transposition), and for a chord
  /// falling on a generated strong beat that has no tone among those pitches.
  GenerationConstraints(const GenerationConstraintOptions& options, const ConstraintFrame& frame);

  const ConstraintFrame& frame() const { return frame_; }

  /// True if `event` (model space) may follow `events` (model space, primer included).
  bool allows(std::span<const int> events, int event) const;

  /// allowed[c] = 1 iff class c, decoded after `events`, is allowed (size num_classes()).
  void allowed_classes(const melody::EventSequenceEncoderDecoder& encoder, std::span<const int> events,
                       std::vector<std::uint8_t>& allowed) const;

  /// The heard MIDI pitches a note-on may have off strong beats (for messages and tests).
  std::vector<int> playable_pitches() const;

 private:
  // Chord tones required at step `step`, or null when the step is free.
  const melody::PitchClassSet* chord_tones_at(std::int64_t step) const;

  ConstraintFrame frame_;
  std::vector<std::uint8_t> onset_ok_;  // by heard MIDI pitch 0-127: key, scale, sieve, range
  std::optional<melody::ChordProgression> chords_;
};

/// Sets the logits of classes with allowed[c] == 0 to -inf, then applies softmax_rows at
/// `temperature`: the renormalised distribution over the allowed classes (exactly
/// softmax_rows' numbers when every class is allowed). Throws Error(kInternal) naming
/// `where` if no class is allowed.
void masked_softmax(std::span<float> logits, std::span<const std::uint8_t> allowed, double temperature,
                    const std::string& where);

}  // namespace stochos::rnn
