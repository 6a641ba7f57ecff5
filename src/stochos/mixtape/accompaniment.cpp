// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/mixtape/accompaniment.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "stochos/core/error.h"
#include "stochos/stochastic/distribution_laws.h"
#include "stochos/stochastic/distributions.h"

namespace stochos::mixtape {
namespace {

struct Triad {
  int degree;       // scale degree 0..6 (for the prior)
  int root;         // semitones above the tonic
  bool minor;       // minor third
  double prior;     // how much a tonal piece leans on it
};

// Diatonic triads of a major key and of a harmonic-minor key (with a major V). The priors
// favour I, V, IV, then vi/ii; diminished triads are left out (they rarely carry a bar).
constexpr std::array<Triad, 6> kMajorTriads{{{0, 0, false, 0.30}, {4, 7, false, 0.25}, {3, 5, false, 0.20},
                                             {5, 9, true, 0.12}, {1, 2, true, 0.09}, {2, 4, true, 0.04}}};
constexpr std::array<Triad, 6> kMinorTriads{{{0, 0, true, 0.30}, {4, 7, false, 0.25}, {3, 5, true, 0.20},
                                             {5, 8, false, 0.12}, {2, 3, false, 0.09}, {6, 10, false, 0.04}}};

enum Figure { kAlberti = 0, kArpeggio = 1, kBlock = 2, kSustained = 3 };
constexpr std::array<const char*, 4> kFigureNames{"alberti", "arpeggio", "block", "sustained"};
// Rows: from figure; columns: to figure. Mostly keep the figure; sustained chords are rare
// and lead back to motion.
constexpr double kFigureTransitions[4][4] = {
    {0.6, 0.2, 0.15, 0.05}, {0.25, 0.5, 0.15, 0.1}, {0.25, 0.2, 0.45, 0.1}, {0.45, 0.3, 0.25, 0.0}};

int clamp_velocity(double v) { return std::clamp(static_cast<int>(std::lround(v)), 1, 127); }

}  // namespace

Accompaniment add_accompaniment(magenta::NoteSequence& sequence, const melody::Melody& melody,
                                const AccompanimentOptions& o, core::Rng rng) {
  if (o.tonic_pitch_class < 0 || o.tonic_pitch_class > 11) throw Error::usage("accompaniment tonic must be 0..11");
  if (o.steps_per_chord < 1 || o.steps_per_phrase < o.steps_per_chord || o.qpm <= 0) {
    throw Error::usage("accompaniment windows must be positive and a phrase at least one chord long");
  }
  const auto& triads = o.minor ? kMinorTriads : kMajorTriads;
  const double seconds_per_step = 60.0 / o.qpm / melody.steps_per_quarter();

  // The pitch sounding at every step of the melody (-1: silence).
  std::vector<int> sounding(melody.size(), -1);
  int current = -1;
  for (std::size_t i = 0; i < melody.size(); ++i) {
    const int e = melody[i];
    if (e >= 0) current = e;
    else if (e == melody::kMelodyNoteOff) current = -1;
    sounding[i] = current;
  }

  core::Rng chord_rng = rng.stream("chords");
  core::Rng figure_rng = rng.stream("figures");
  core::Rng velocity_rng = rng.stream("velocity");
  const stochastic::Distribution velocity_law = stochastic::Gaussian(o.mean_velocity, 6.0);

  Accompaniment out;
  int figure = kAlberti;
  const std::int64_t start = melody.start_step();
  const std::size_t windows = (melody.size() + o.steps_per_chord - 1) / o.steps_per_chord;
  auto add_note = [&](int pitch, std::int64_t step, std::int64_t steps, double velocity) {
    auto* n = sequence.add_notes();
    n->set_pitch(std::clamp(pitch, 0, 127));
    n->set_velocity(clamp_velocity(velocity));
    n->set_start_time(static_cast<double>(start + step) * seconds_per_step);
    n->set_end_time(static_cast<double>(start + step + steps) * seconds_per_step);
    n->set_instrument(o.instrument);
    n->set_program(o.program);
  };

  for (std::size_t w = 0; w < windows; ++w) {
    const std::size_t begin = w * static_cast<std::size_t>(o.steps_per_chord);
    const std::size_t end = std::min(melody.size(), begin + static_cast<std::size_t>(o.steps_per_chord));
    if (begin % static_cast<std::size_t>(o.steps_per_phrase) == 0) {
      if (w > 0) {
        const double u = figure_rng.uniform01();
        double acc = 0;
        for (int f = 0; f < 4; ++f) {
          acc += kFigureTransitions[figure][f];
          if (u < acc) { figure = f; break; }
        }
      }
      out.figures.emplace_back(kFigureNames[static_cast<std::size_t>(figure)]);
    }
    // How long each pitch class sounds in the window.
    std::array<double, 12> weight{};
    double total = 0;
    for (std::size_t s = begin; s < end; ++s) {
      if (sounding[s] < 0) continue;
      weight[static_cast<std::size_t>(((sounding[s] - o.tonic_pitch_class) % 12 + 12) % 12)] += 1.0;
      total += 1.0;
    }
    // Weight of a triad: the share of the window its tones cover, plus its prior; the last
    // window resolves to the tonic.
    std::array<double, kMajorTriads.size()> score{};
    double score_sum = 0;
    for (std::size_t t = 0; t < triads.size(); ++t) {
      const Triad& tr = triads[t];
      const int third = tr.root + (tr.minor ? 3 : 4);
      double covered = weight[static_cast<std::size_t>(tr.root % 12)] + weight[static_cast<std::size_t>(third % 12)] +
                       weight[static_cast<std::size_t>((tr.root + 7) % 12)];
      const double share = total > 0 ? covered / total : 0.0;
      score[t] = std::exp(5.0 * share) * tr.prior;
      score_sum += score[t];
    }
    std::size_t chosen = 0;
    if (w + 1 == windows) {
      chosen = 0;
    } else {
      double u = chord_rng.uniform01() * score_sum;
      for (std::size_t t = 0; t < triads.size(); ++t) {
        if (u < score[t] || t + 1 == triads.size()) { chosen = t; break; }
        u -= score[t];
      }
    }
    const Triad& tr = triads[chosen];
    const int root_pc = (o.tonic_pitch_class + tr.root) % 12;
    out.chord_roots.push_back(root_pc);
    out.chord_minor.push_back(tr.minor);
    const int root = o.bass_octave_pitch + root_pc;
    const int third = root + (tr.minor ? 3 : 4);
    const int fifth = root + 7;
    const auto len = static_cast<std::int64_t>(end - begin);
    const auto b = static_cast<std::int64_t>(begin);
    auto vel = [&](bool stressed) { return velocity_law.sample(velocity_rng) + (stressed ? 8.0 : 0.0); };
    if (w + 1 == windows || figure == kSustained) {
      add_note(root - 12, b, len, vel(true));
      add_note(third, b, len, vel(false) - 6);
      add_note(fifth, b, len, vel(false) - 6);
    } else if (figure == kBlock) {
      for (std::int64_t s = 0; s < len; s += 4) {
        const std::int64_t l = std::min<std::int64_t>(4, len - s);
        const bool stressed = s == 0;
        add_note(root, b + s, l, vel(stressed));
        add_note(third, b + s, l, vel(stressed) - 4);
        add_note(fifth, b + s, l, vel(stressed) - 4);
      }
    } else {
      const std::array<int, 4> alberti{root, fifth, third, fifth};
      const std::array<int, 4> arpeggio{root, third, fifth, root + 12};
      const auto& pattern = figure == kAlberti ? alberti : arpeggio;
      for (std::int64_t s = 0, k = 0; s < len; s += 2, ++k) {
        add_note(pattern[static_cast<std::size_t>(k % 4)], b + s, std::min<std::int64_t>(2, len - s), vel(s == 0));
      }
    }
  }
  double end_time = sequence.total_time();
  for (const auto& n : sequence.notes()) end_time = std::max(end_time, n.end_time());
  sequence.set_total_time(end_time);
  return out;
}

}  // namespace stochos::mixtape
