// SPDX-License-Identifier: GPL-3.0-or-later
// The preset registry, and the presets written in the score language itself (each a spec
// that docs/score-language.md can quote, evaluated like a user's file).
#include "stochos/score/presets.h"

#include <algorithm>

#include "stochos/core/error.h"
#include "stochos/score/evaluator.h"
#include "stochos/score/expression.h"
#include "stochos/score/spec.h"

namespace stochos::score {
namespace {

// A flute and a clarinet wandering by Brownian motion (Formalized Music ch. I: the walk as a
// melody), the flute's steps Gaussian, the clarinet's Cauchy (rare wide leaps); both snapped
// to D dorian written as a sieve, over a slow pedal. 90 seconds.
constexpr const char* kBrownianMelody = R"toml(
title = "Brownian melody"
tempo_qpm = 72
time_signature = "4/4"
duration_seconds = 90

[[voice]]
name = "flute"
program = 73
range = [62, 93]
pitch = 'quantize(brownian(start=74, step=normal(0, 2), lo=62, hi=93), sieve("12@0|12@2|12@3|12@5|12@7|12@9|12@10", origin=62, lo=62, hi=93))'
ioi_seconds = 'choice([0.4167, 0.8333, 1.25], weights=[4, 3, 1])'
duration_seconds = 'uniform(0.35, 1.1)'
velocity = 'round(mask(source=pink(), lo=curve([0, 55], [45, 85], [90, 50]), hi=curve([0, 75], [45, 105], [90, 70]), input_lo=-1, input_hi=1))'
pan = 44

[[voice]]
name = "clarinet"
program = 71
range = [50, 79]
start_seconds = 6.667
pitch = 'quantize(brownian(start=62, step=cauchy(0, 1), lo=50, hi=79), sieve("12@0|12@2|12@3|12@5|12@7|12@9|12@10", origin=62, lo=50, hi=79))'
ioi_seconds = 'choice([0.8333, 1.25, 1.6667], weights=[2, 2, 1])'
duration_seconds = 'uniform(0.6, 1.6)'
velocity = 'uniform(50, 80)'
pan = 84

[[voice]]
name = "pedal"
program = 42
pitch = 'cycle([38, 38, 45, 43])'
ioi_seconds = 10
duration_seconds = 9.5
velocity = 45
)toml";

// Xenakis's clouds (Pithoprakta, Achorripsis): onsets of a Poisson process whose density
// swells and ebbs along a curve, pitches spread by a tendency mask that opens then closes,
// pizzicato and woodblock timbres. 75 seconds.
constexpr const char* kPoissonRhythmCloud = R"toml(
title = "Poisson rhythm cloud"
tempo_qpm = 60
time_signature = "4/4"
duration_seconds = 75

[[voice]]
name = "pizzicato"
program = 45
onset_seconds = 'poisson(rate=curve([0, 0.5], [30, 12], [55, 12], [75, 0.5], shape="sine"))'
pitch = 'mask(source=uniform(0, 1), lo=curve([0, 60], [30, 36], [60, 40], [75, 58]), hi=curve([0, 64], [30, 96], [60, 92], [75, 66]))'
duration_seconds = 'exponential(rate=8) + 0.05'
velocity = 'uniform(45, 110)'
pan = 'uniform(10, 118)'

[[voice]]
name = "woodblock"
program = 115
onset_seconds = 'poisson(rate=curve([0, 0.2], [40, 4], [75, 0.2]))'
pitch = 'choice([72, 74, 77, 79], weights=[3, 2, 2, 1])'
duration_seconds = 0.08
velocity = 'triangular(60, 90, 120)'
pan = 'round(64 + 50 * (logistic(r=3.97) - 0.5))'

[[voice]]
name = "timpani"
program = 47
onset_seconds = 'poisson(rate=0.25)'
pitch = 'choice([38, 43, 45])'
duration_seconds = 1.5
velocity = 'uniform(60, 100)'
pan = 64
)toml";

Preset spec_preset(std::string name, std::string description, const char* text) {
  Preset p;
  p.name = name;
  p.description = std::move(description);
  p.compose = [name, text](const PresetRequest& request) {
    const Spec spec = parse_spec_text(text, "<preset " + name + ">");
    EvaluateOptions options;
    options.seed = request.seed;
    options.duration_seconds = request.duration_seconds;
    return evaluate(spec, options);
  };
  return p;
}

}  // namespace

std::vector<Preset> spec_presets() {
  return {
      spec_preset("brownian-melody",
                  "flute and clarinet in Brownian motion snapped to a dorian sieve, over a pedal (90 s)",
                  kBrownianMelody),
      spec_preset(
          "poisson-rhythm-cloud",
          "Poisson clouds of pizzicati and woodblocks whose density and register swell and ebb (75 s)",
          kPoissonRhythmCloud),
  };
}

void Preset::compose_into(const PresetRequest& request, magenta::NoteSequence& out) const {
  if (compose_in_place) {
    compose_in_place(request, out);
  } else {
    out = compose(request);
  }
}

const std::vector<Preset>& builtin_presets() {
  static const std::vector<Preset> all = [] {
    std::vector<Preset> out = spec_presets();
    for (auto& p : algorithm_presets()) out.push_back(std::move(p));
    std::stable_sort(out.begin(), out.end(),
                     [](const Preset& a, const Preset& b) { return a.name < b.name; });
    return out;
  }();
  return all;
}

const Preset& find_preset(const std::string& name) {
  std::vector<std::string> names;
  for (const auto& p : builtin_presets()) {
    if (p.name == name) return p;
    names.push_back(p.name);
  }
  std::string all;
  for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
  throw Error::usage("unknown preset '" + name + "'" + did_you_mean(name, names) + " (presets: " + all + ")")
      .with_code("unknown_preset");
}

}  // namespace stochos::score
