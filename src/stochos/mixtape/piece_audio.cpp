// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/mixtape/piece_audio.h"

namespace stochos::mixtape {

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

}  // namespace stochos::mixtape
