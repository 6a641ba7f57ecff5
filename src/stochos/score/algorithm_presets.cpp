// SPDX-License-Identifier: GPL-3.0-or-later
// The presets that run an algorithm of the engine (presets.h). "brownian-melody" and
// "poisson-rhythm-cloud" are spec presets (presets.cpp); the algorithm versions here carry
// other names so that the registry's names stay unique.

#include "stochos/score/algorithms.h"
#include "stochos/score/corpus_model.h"
#include "stochos/score/presets.h"
#include "stochos/score/st.h"

namespace stochos::score {
namespace {

template <class Params>
Params with_duration(Params p, const PresetRequest& r) {
  if (r.duration_seconds) p.duration_seconds = *r.duration_seconds;
  return p;
}

// The shipped Mozart model, loaded once per process (it is immutable, so sharing is safe).
const CorpusModel& shipped_mozart_model() {
  static const CorpusModel model = CorpusModel::load(find_shipped_model(kShippedMozartModel));
  return model;
}

magenta::NoteSequence markov_corpus(const PresetRequest& r) {
  const MarkovMelodyParams params = with_duration(MarkovMelodyParams{}, r);
  if (r.corpus_dir) {
    const CorpusModel model = CorpusModel::learn_directory(*r.corpus_dir, CorpusModelOptions{});
    return compose_markov_melody(model, params, core::Rng(r.seed));
  }
  return compose_markov_melody(shipped_mozart_model(), params, core::Rng(r.seed));
}

}  // namespace

std::vector<Preset> algorithm_presets() {
  return {
      {"xenakis-st",
       "Xenakis's ST free stochastic music: sections of Poisson clouds with glissandi for a chamber "
       "orchestra (150 s)",
       [](const PresetRequest& r) { return compose_st(with_duration(StParams{}, r), core::Rng(r.seed)); },
       [](const PresetRequest& r, magenta::NoteSequence& out) {
         compose_st_into(out, with_duration(StParams{}, r), core::Rng(r.seed));
       }},
      {"analogique-markov-screens",
       "Analogique A+B: a Markov chain of screens drives grain clouds of pizzicati and pure tones (96 s)",
       [](const PresetRequest& r) {
         return compose_screens(with_duration(ScreensParams{}, r), core::Rng(r.seed));
       }},
      {"markov-corpus",
       "a piano melody and bass from a Markov chain learned from Mozart (or from --corpus DIR) (80 s)",
       markov_corpus},
      {"game-duel",
       "Duel: strings and piano choose runs, clusters, points or silence by a zero-sum game's optimal "
       "strategies (90 s)",
       [](const PresetRequest& r) {
         return compose_duel(with_duration(DuelParams{}, r), core::Rng(r.seed));
       }},
      {"sieve-canon",
       "a pentatonic sieve subject in strict four-voice canon: transposed, inverted and retrograde entries "
       "(84 s)",
       [](const PresetRequest& r) {
         return compose_sieve_canon(with_duration(SieveCanonParams{}, r), core::Rng(r.seed));
       }},
      {"brownian-vibraphone",
       "a vibraphone line in Brownian motion on an aeolian sieve, with rests and a warm drone (72 s)",
       [](const PresetRequest& r) {
         return compose_brownian(with_duration(BrownianParams{}, r), core::Rng(r.seed));
       }},
      {"poisson-drum-cloud", "a drum kit as nine Poisson processes whose rates swell and ebb (64 s)",
       [](const PresetRequest& r) {
         return compose_rhythm_cloud(with_duration(RhythmCloudParams{}, r), core::Rng(r.seed));
       }},
  };
}

}  // namespace stochos::score
