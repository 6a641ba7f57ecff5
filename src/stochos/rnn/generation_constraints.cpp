// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/generation_constraints.h"

#include <limits>

#include "stochos/core/error.h"
#include "stochos/melody/melody.h"
#include "stochos/rnn/inference.h"
#include "stochos/stochastic/sieve.h"

namespace stochos::rnn {
namespace {

std::string describe(const GenerationConstraintOptions& o) {
  std::string out;
  auto add = [&](const char* name, const std::optional<std::string>& value) {
    if (value) out += (out.empty() ? "" : ", ") + std::string(name) + " \"" + *value + "\"";
  };
  add("key", o.key);
  add("scale", o.scale);
  add("sieve", o.sieve);
  return out;
}

std::string pitch_range(int low, int high) {
  return "MIDI " + std::to_string(low) + ".." + std::to_string(high);
}

}  // namespace

GenerationConstraints::GenerationConstraints(const GenerationConstraintOptions& options,
                                             const ConstraintFrame& frame)
    : frame_(frame), onset_ok_(128, 0) {
  if (frame.steps_per_bar <= 0 || frame.steps_per_quarter <= 0) {
    throw Error::internal("constraint frame without a step grid");
  }
  melody::PitchClassSet classes;
  classes.set();
  if (options.key) classes &= melody::parse_scale(*options.key, "key");
  if (options.scale) classes &= melody::parse_scale(*options.scale, "scale");
  std::optional<stochastic::Sieve> sieve;
  if (options.sieve) {
    sieve = stochastic::Sieve::parse(*options.sieve);  // its errors quote the sieve and the column
  }
  if (options.chords) chords_ = melody::ChordProgression::parse(*options.chords);

  // What the model can play, as heard: its range moved back by the primer's transposition.
  const int low = frame.min_note - frame.transposition;
  const int high = frame.max_note - 1 - frame.transposition;
  bool any = false;
  for (int pitch = std::max(low, 0); pitch <= std::min(high, 127); ++pitch) {
    const bool ok = classes.test(static_cast<std::size_t>(pitch % 12)) && (!sieve || sieve->contains(pitch));
    onset_ok_[static_cast<std::size_t>(pitch)] = ok ? 1 : 0;
    any = any || ok;
  }
  std::string where = pitch_range(low, high) + ", the model's range";
  if (frame.transposition != 0) {
    where += " " + pitch_range(frame.min_note, frame.max_note - 1) + " as heard after undoing the primer's " +
             "transposition by " + std::to_string(frame.transposition) + " semitones";
  }
  if (!any && (options.key || options.scale || options.sieve)) {
    throw Error::usage("the constraints (" + describe(options) + ") allow no pitch in " + where);
  }
  // Every chord on a generated strong beat needs a tone the model may play there.
  if (chords_) {
    const std::int64_t begin = frame.first_step + static_cast<std::int64_t>(frame.primer_length);
    const std::int64_t end = frame.first_step + static_cast<std::int64_t>(frame.num_events);
    for (std::int64_t step = begin; step < end; ++step) {
      const melody::PitchClassSet* tones = chord_tones_at(step);
      if (!tones) continue;
      bool playable = false;
      for (int pitch = 0; pitch < 128 && !playable; ++pitch) {
        playable =
            onset_ok_[static_cast<std::size_t>(pitch)] && tones->test(static_cast<std::size_t>(pitch % 12));
      }
      if (!playable) {
        const auto& chord = chords_->chord_at(step, frame.steps_per_bar, frame.steps_per_quarter);
        throw Error::usage(
            "chord \"" + chord.chord.text + "\" at " +
            melody::ChordProgression::position_name(step, frame.steps_per_bar, frame.steps_per_quarter) +
            " has no tone (" + melody::pitch_class_set_to_string(*tones) + ") among the pitches " +
            (options.key || options.scale || options.sieve ? describe(options) + " allow" : "allowed") +
            " in " + where);
      }
    }
  }
}

const melody::PitchClassSet* GenerationConstraints::chord_tones_at(std::int64_t step) const {
  if (!chords_ || !melody::is_strong_beat(step, frame_.steps_per_bar, frame_.steps_per_quarter))
    return nullptr;
  const auto& chord = chords_->chord_at(step, frame_.steps_per_bar, frame_.steps_per_quarter);
  return chord.chord.no_chord ? nullptr : &chord.chord.tones;
}

bool GenerationConstraints::allows(std::span<const int> events, int event) const {
  if (events.size() < frame_.primer_length) return true;
  if (event == melody::kMelodyNoteOff) return true;
  const std::int64_t step = frame_.first_step + static_cast<std::int64_t>(events.size());
  const melody::PitchClassSet* tones = chord_tones_at(step);
  if (event == melody::kMelodyNoEvent) {
    if (!tones) return true;
    // The note this no-event sustains, if any, must be a chord tone on the strong beat.
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (*it == melody::kMelodyNoEvent) continue;
      if (*it == melody::kMelodyNoteOff) return true;
      return tones->test(static_cast<std::size_t>(((*it - frame_.transposition) % 12 + 12) % 12));
    }
    return true;  // silence since the start
  }
  const int heard = event - frame_.transposition;
  if (event < 0 || heard < 0 || heard > 127 || !onset_ok_[static_cast<std::size_t>(heard)]) return false;
  return !tones || tones->test(static_cast<std::size_t>(heard % 12));
}

void GenerationConstraints::allowed_classes(const melody::EventSequenceEncoderDecoder& encoder,
                                            std::span<const int> events,
                                            std::vector<std::uint8_t>& allowed) const {
  const int classes = encoder.num_classes();
  allowed.assign(static_cast<std::size_t>(classes), 0);
  for (int c = 0; c < classes; ++c) {
    allowed[static_cast<std::size_t>(c)] = allows(events, encoder.class_index_to_event(c, events)) ? 1 : 0;
  }
}

std::vector<int> GenerationConstraints::playable_pitches() const {
  std::vector<int> out;
  for (int pitch = 0; pitch < 128; ++pitch) {
    if (onset_ok_[static_cast<std::size_t>(pitch)]) out.push_back(pitch);
  }
  return out;
}

void masked_softmax(std::span<float> logits, std::span<const std::uint8_t> allowed, double temperature,
                    const std::string& where) {
  if (logits.size() != allowed.size())
    throw Error::internal("masked_softmax: mask and logits differ in size");
  bool any = false;
  for (std::size_t c = 0; c < logits.size(); ++c) {
    if (allowed[c]) {
      any = true;
    } else {
      logits[c] = -std::numeric_limits<float>::infinity();
    }
  }
  if (!any) throw Error::internal(where + ": the generation constraints leave no allowed event");
  softmax_rows(logits, static_cast<int>(logits.size()), temperature);
}

}  // namespace stochos::rnn
