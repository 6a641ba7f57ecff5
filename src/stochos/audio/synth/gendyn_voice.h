// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// GENDYN as an instrument of a NoteSequence: the notes of chosen instruments are played by
/// GENDYN (gendyn.h) and mixed with the General MIDI rendering of all the others (the score
/// language's `synth = "gendyn"` voices, `stochos compose --render`).
///
/// Each note gets its own oscillator, drawing from voice.rng.stream("note/<k>") where k counts
/// the voice's notes in sequence order, so a note's sound depends on its voice's stream and
/// its position only. From the note:
///  - pitch p gives f = 440·2^((p-69)/12) Hz: Gendy3 plays f exactly; Gendy1/2 wander between
///    f·2^(-spread/12) and f·2^(+spread/12) (both capped at the Nyquist frequency);
///  - velocity v gives a peak of gain·v/127 (GendynOptions::amplitude is replaced);
///  - the note sounds from its start with a linear attack of attack_seconds, holds to its end,
///    then fades out linearly over release_seconds;
///  - the last pan controller (CC 10) of the instrument at or before the note's start places it
///    in a stereo mix (constant power; centre without one).
/// Pitch bends are not applied. Functions are pure; thread-safe given distinct renderers.
#include <span>

#include "stochos/audio/audio_buffer.h"
#include "stochos/audio/render/midi_renderer.h"
#include "stochos/audio/synth/gendyn.h"
#include "stochos/core/random.h"
#include "stochos/proto/music.pb.h"

namespace stochos::audio {

struct GendynVoice {
  int instrument = 0;              ///< the NoteSequence instrument whose notes it plays
  GendynOptions options;           ///< model, laws, scales, breakpoints, interpolation; the
                                   ///< frequencies, amplitude and sample rate are set per note
  double spread_semitones = 0.5;   ///< Gendy1/2 frequency band around the note, 0..24
  double gain = 0.3;               ///< peak of a velocity-127 note, 0..1
  double attack_seconds = 0.005;   ///< 0..10
  double release_seconds = 0.05;   ///< after the note's end, 0..10
  core::Rng rng{0};                ///< the voice's stream (e.g. root.stream("voice/<name>/gendyn"))
};

/// Adds the GENDYN sound of `voice`'s notes (drum notes excepted) into `mix` (1 or 2 channels,
/// at mix.sample_rate_hz); sound beyond the end of `mix` is cut. Throws kUsage for parameters
/// out of range, kInput for a note pitch or velocity outside 0..127.
void mix_gendyn_voice(const magenta::NoteSequence& sequence, const GendynVoice& voice, AudioBuffer& mix);

/// Stereo audio of `sequence`: the instruments of `voices` by GENDYN, every other note with
/// `renderer` (General MIDI), summed without normalisation. The length is that of the
/// renderer's output for the whole sequence (its end plus the renderer's tail).
AudioBuffer render_with_gendyn_voices(MidiRenderer& renderer, const magenta::NoteSequence& sequence,
                                      std::span<const GendynVoice> voices);

}  // namespace stochos::audio
