// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/jobs/piece_audio.h"

#include "stochos/audio/spectral/spectrogram.h"
#include "stochos/plot/spectrogram.h"

namespace stochos::jobs {

audio::GendynVoice gendyn_voice(const score::VoiceSpec& voice, int instrument, const core::Rng& root) {
  const score::GendynSpec& g = voice.gendyn;
  audio::GendynVoice out;
  out.instrument = instrument;
  out.rng = root.stream("voice/" + voice.name + "/gendyn");
  audio::GendynOptions& o = out.options;
  o.model = g.model == score::GendynSpec::Model::kGendy1   ? audio::GendyModel::kGendy1
            : g.model == score::GendynSpec::Model::kGendy2 ? audio::GendyModel::kGendy2
                                                           : audio::GendyModel::kGendy3;
  o.ampdist = g.ampdist;
  o.durdist = g.durdist;
  o.adparam = g.adparam;
  o.ddparam = g.ddparam;
  o.ampscale = g.ampscale;
  o.durscale = g.durscale;
  o.init_cps = g.init_cps;
  o.knum = g.knum;
  o.lehmer_a = g.lehmer_a;
  o.lehmer_c = g.lehmer_c;
  o.interpolation = g.cubic ? audio::GendyInterpolation::kCubic : audio::GendyInterpolation::kLinear;
  out.spread_semitones = g.spread_semitones;
  out.gain = g.gain;
  out.attack_seconds = g.attack_seconds;
  out.release_seconds = g.release_seconds;
  return out;
}

std::vector<audio::GendynVoice> gendyn_voices(const score::Spec& spec, const core::Rng& root) {
  std::vector<audio::GendynVoice> out;
  for (std::size_t i = 0; i < spec.voices.size(); ++i) {
    if (spec.voices[i].synth == score::VoiceSynth::kGendyn) {
      out.push_back(gendyn_voice(spec.voices[i], static_cast<int>(i), root));
    }
  }
  return out;
}

void write_spectrogram_png(const audio::AudioBuffer& sound, const std::filesystem::path& path,
                           const std::string& title, double max_hz) {
  audio::Spectrogram s = audio::spectrogram(sound);
  plot::SpectrogramMatrix m;
  m.columns = s.frames;
  m.rows = s.bins;
  m.seconds_per_column = s.hop_seconds;
  m.hz_per_row = s.bin_hz;
  m.db = std::move(s.db);  // frame-major is the plot's column-major
  plot::SpectrogramPlotOptions o;
  o.title = title + " (mono mix, 2048-point Hann frames)";
  o.max_hz = max_hz;
  plot::write_spectrogram_png(m, path, o);
}

}  // namespace stochos::jobs
