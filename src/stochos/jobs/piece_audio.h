// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Sound for a composed piece: the glue between the score language (score/) and the audio
/// module (audio/), which sit on the same layer and share no types. Voices with
/// synth = "gendyn" are played by GENDYN, the others by the General MIDI synthesizer. Used by
/// the compose job (`stochos compose --render`) and by the mixtape.
#include <filesystem>
#include <string>
#include <vector>

#include "stochos/audio/render/midi_renderer.h"
#include "stochos/audio/synth/gendyn_voice.h"
#include "stochos/core/random.h"
#include "stochos/score/spec.h"

namespace stochos::jobs {

/// The audio module's GENDYN voice for a score voice with synth = "gendyn". Voice i is
/// instrument i of the evaluated sequence; its oscillators draw from the stream
/// voice/<name>/gendyn of the piece's root seed.
audio::GendynVoice gendyn_voice(const score::VoiceSpec& voice, int instrument, const core::Rng& root);

/// The GENDYN voices of `spec` (empty when it has none).
std::vector<audio::GendynVoice> gendyn_voices(const score::Spec& spec, const core::Rng& root);

/// A spectrogram picture of `sound` (audio/spectral computes it, plot draws it): 2048-point
/// Hann frames of the mono mix, up to `max_hz` (0: Nyquist). Written atomically.
void write_spectrogram_png(const audio::AudioBuffer& sound, const std::filesystem::path& path,
                           const std::string& title, double max_hz = 0);

}  // namespace stochos::jobs
