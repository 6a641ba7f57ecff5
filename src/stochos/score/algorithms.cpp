// SPDX-License-Identifier: GPL-3.0-or-later
// Library compositions (algorithms.h): Analogique screens, Markov melody, Duel, sieve canon,
// Brownian melody, Poisson rhythm cloud.
#include "stochos/score/algorithms.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "stochos/core/error.h"
#include "stochos/score/detail/generated_sequence.h"
#include "stochos/stochastic/distribution_laws.h"
#include "stochos/stochastic/group_transforms.h"
#include "stochos/stochastic/processes.h"
#include "stochos/stochastic/sieve.h"

namespace stochos::score {
namespace {

using magenta::NoteSequence;

void check_duration(double seconds, const char* what) {
  if (!(seconds > 0.0) || !(seconds <= kMaxAlgorithmSeconds))
    throw Error::usage(std::string(what) + ": duration must be in (0, 14400] seconds, got " +
                       std::to_string(seconds));
}
void check_program(int program, const char* what) {
  if (program < 0 || program > 127)
    throw Error::usage(std::string(what) + ": General MIDI program must be in 0..127");
}
void check_range(int lo, int hi, const char* what) {
  if (lo < 0 || hi > 127 || lo > hi)
    throw Error::usage(std::string(what) + ": pitch range must satisfy 0 <= lowest <= highest <= 127");
}

// Adds a note clipped to [0, end_limit]; notes that would be empty are dropped.
void add_note(NoteSequence& s, int pitch, int velocity, double start, double end, double end_limit,
              int instrument, int program, bool is_drum = false) {
  end = std::min(end, end_limit);
  // Slivers cut by the end of a piece or a round would round to zero MIDI ticks.
  if (!(end - start >= detail::kShortestNoteSeconds) || start < 0) return;
  auto* n = s.add_notes();
  n->set_pitch(std::clamp(pitch, 0, 127));
  n->set_velocity(std::clamp(velocity, 1, 127));
  n->set_start_time(start);
  n->set_end_time(end);
  n->set_instrument(instrument);
  n->set_program(program);
  n->set_is_drum(is_drum);
}

void finish(NoteSequence& s) {
  separate_repeated_notes(s);
  double total = 0;
  for (const auto& n : s.notes()) total = std::max(total, n.end_time());
  s.set_total_time(total);
}

std::vector<int> scale_of(const std::string& expression, int lo, int hi, const char* what) {
  const stochastic::Sieve sieve = stochastic::Sieve::parse(expression);
  std::vector<int> out;
  for (double p : stochastic::sieve_pitches(sieve, lo, hi, 0.0))
    out.push_back(static_cast<int>(std::lround(p)));
  if (out.size() < 2)
    throw Error::usage(std::string(what) + ": the sieve '" + expression +
                       "' has fewer than two pitches in range");
  return out;
}

int nearest(const std::vector<int>& scale, double pitch) {
  const auto it = std::lower_bound(scale.begin(), scale.end(), pitch);
  if (it == scale.begin()) return scale.front();
  if (it == scale.end()) return scale.back();
  return (*it - pitch) < (pitch - *(it - 1)) ? *it : *(it - 1);
}

}  // namespace

void separate_repeated_notes(NoteSequence& s) {
  auto* notes = s.mutable_notes();
  std::stable_sort(notes->begin(), notes->end(),
                   [](const auto& a, const auto& b) { return a.start_time() < b.start_time(); });
  std::map<std::tuple<int, int, bool, int>, int> sounding;  // track and key -> index of its latest note
  std::vector<bool> keep(static_cast<std::size_t>(notes->size()), true);
  for (int i = 0; i < notes->size(); ++i) {
    auto& n = *notes->Mutable(i);
    const auto key = std::make_tuple(n.instrument(), n.program(), n.is_drum(), n.pitch());
    const auto it = sounding.find(key);
    if (it != sounding.end()) {
      auto& previous = *notes->Mutable(it->second);
      if (previous.end_time() > n.start_time()) previous.set_end_time(n.start_time());
      if (previous.end_time() - previous.start_time() < detail::kShortestNoteSeconds)
        keep[static_cast<std::size_t>(it->second)] = false;
    }
    sounding[key] = i;
  }
  int out = 0;
  for (int i = 0; i < notes->size(); ++i)
    if (keep[static_cast<std::size_t>(i)]) notes->SwapElements(out++, i);
  notes->DeleteSubrange(out, notes->size() - out);
}

// --- Analogique screens -----------------------------------------------------------------------

stochastic::ScreenAxes ScreensParams::default_axes() {
  stochastic::ScreenAxes axes = stochastic::analogique_example_axes();
  axes.screen_seconds = 1.5;  // Δt: long enough to hear each screen's cloud as one texture
  axes.grain_seconds = 0.14;
  return axes;
}

NoteSequence compose_screens(const ScreensParams& p, const core::Rng& rng) {
  check_duration(p.duration_seconds, "screens");
  p.axes.check();
  stochastic::check_transition_matrix(p.matrix);
  if (static_cast<int>(p.matrix.size()) != p.axes.screen_count())
    throw Error::usage("screens: the matrix has " + std::to_string(p.matrix.size()) +
                       " states but the axes make " + std::to_string(p.axes.screen_count()) + " screens");
  check_program(p.string_program, "screens");
  check_program(p.tone_program, "screens");
  if (!(p.tone_fraction >= 0 && p.tone_fraction <= 1))
    throw Error::usage("screens: tone_fraction must be in [0, 1]");
  const auto count = static_cast<std::size_t>(std::ceil(p.duration_seconds / p.axes.screen_seconds));
  core::Rng r_chain = rng.stream("screens/chain"), r_grains = rng.stream("screens/grains"),
            r_split = rng.stream("screens/split");
  // Ch. III: the succession of screens is a Markov chain over screen types.
  const std::vector<int> order =
      stochastic::generate_screen_sequence(stochastic::screen_chain(p.matrix), count, r_chain);
  const stochastic::ScreenBook book = stochastic::fill_screen_book(p.axes, order, r_grains);
  NoteSequence s;
  detail::start_sequence(s, 60.0, {"Analogique A (strings)", "Analogique B (tones)"});
  for (const auto& screen : book.screens)
    for (const auto& g : screen.grains) {
      // A and B sound together, as Xenakis paired them; the tones are held a little longer.
      if (r_split.uniform01() < p.tone_fraction)
        add_note(s, g.midi_pitch, g.velocity * 4 / 5, g.start_seconds,
                 g.start_seconds + 2.5 * g.duration_seconds, p.duration_seconds, 1, p.tone_program);
      else
        add_note(s, g.midi_pitch, g.velocity, g.start_seconds, g.start_seconds + g.duration_seconds,
                 p.duration_seconds, 0, p.string_program);
    }
  finish(s);
  return s;
}

// --- Markov melody ----------------------------------------------------------------------------

NoteSequence compose_markov_melody(const CorpusModel& model, const MarkovMelodyParams& p,
                                   const core::Rng& rng) {
  check_duration(p.duration_seconds, "markov melody");
  check_program(p.bass_program, "markov melody");
  CorpusGenerateOptions g = p.melody;
  g.duration_seconds = p.duration_seconds;
  NoteSequence s = model.generate(g, rng.stream("markov_melody/melody"));
  s.mutable_instrument_infos(0)->set_name("melody (Markov chain)");
  if (p.bass) {
    auto* info = s.add_instrument_infos();
    info->set_instrument(1);
    info->set_name("bass");
    const double bar = 4 * 60.0 / s.tempos(0).qpm();
    core::Rng r_bass = rng.stream("markov_melody/bass");
    std::vector<std::pair<double, int>> bar_roots;
    for (const auto& n : s.notes()) {
      const double b = std::floor(n.start_time() / bar) * bar;
      if (bar_roots.empty() || bar_roots.back().first < b) bar_roots.emplace_back(b, n.pitch());
    }
    for (const auto& [start, melody_pitch] : bar_roots) {
      const int root = 36 + ((melody_pitch % 12) + 12) % 12;  // C2..B2
      add_note(s, root, 58 + static_cast<int>(r_bass.below(12)), start, start + bar * 0.48,
               p.duration_seconds, 1, p.bass_program);
      // Half the bars answer on beat 3 with the octave or the fifth above.
      if (r_bass.uniform01() < 0.5)
        add_note(s, root + (r_bass.uniform01() < 0.5 ? 12 : 7), 52, start + bar / 2, start + bar * 0.95,
                 p.duration_seconds, 1, p.bass_program);
    }
  }
  finish(s);
  return s;
}

// --- Duel -------------------------------------------------------------------------------------

stochastic::PayoffMatrix DuelParams::default_payoff() {
  // Rows X, columns Y: runs, clusters, pointillism, silence. Contrast scores, imitation costs;
  // X is favoured slightly, so the value is positive and X's score drifts upwards.
  return {{-1, 3, 1, 2}, {2, -1, 2, -2}, {1, 1, -2, 3}, {2, -3, 3, -1}};
}

namespace {

void play_tactic(NoteSequence& s, DuelTactic tactic, const DuelVoice& v, int instrument, double t0, double t1,
                 double end_limit, const std::vector<int>& scale, core::Rng& r) {
  switch (tactic) {
    case DuelTactic::kSieveRuns: {  // scale runs along the sieve, 6-10 notes a second
      double t = t0 + 0.1 * r.uniform01();
      while (t < t1) {
        const double rate = 6.0 + 4.0 * r.uniform01();
        const int length = 6 + static_cast<int>(r.below(11));
        auto index = static_cast<std::int64_t>(r.below(scale.size()));
        int direction = r.uniform01() < 0.5 ? -1 : 1;
        for (int k = 0; k < length && t < t1; ++k, t += 1.0 / rate) {
          add_note(s, scale[static_cast<std::size_t>(index)], 66 + 2 * k, t, t + 0.9 / rate,
                   std::min(t1, end_limit), instrument, v.program);
          if (index + direction < 0 || index + direction >= static_cast<std::int64_t>(scale.size()))
            direction = -direction;
          index += direction;
        }
        t += 0.2 + 0.4 * r.uniform01();
      }
      break;
    }
    case DuelTactic::kClusters: {  // one or two held semitone clusters
      const int count = 1 + static_cast<int>(r.below(2));
      const double span = (t1 - t0) / count;
      for (int c = 0; c < count; ++c) {
        const int width = 3 + static_cast<int>(r.below(4));
        const int low = v.lowest_pitch + static_cast<int>(r.below(static_cast<std::uint64_t>(
                                             std::max(1, v.highest_pitch - v.lowest_pitch - width))));
        const int velocity = 45 + static_cast<int>(r.below(20));
        for (int k = 0; k < width; ++k)
          add_note(s, std::min(low + k, v.highest_pitch), velocity, t0 + c * span, t0 + (c + 0.95) * span,
                   end_limit, instrument, v.program);
      }
      break;
    }
    case DuelTactic::kPointillism: {  // Poisson points, 5 a second, staccato, any register
      for (double onset : stochastic::poisson_onsets(5.0, t1 - t0, r)) {
        const double t = t0 + onset;
        add_note(s, static_cast<int>(r.between(v.lowest_pitch, v.highest_pitch)),
                 40 + static_cast<int>(r.below(71)), t, t + 0.06 + 0.1 * r.uniform01(),
                 std::min(t1, end_limit), instrument, v.program);
      }
      break;
    }
    case DuelTactic::kSilence:
      break;
  }
}

}  // namespace

NoteSequence compose_duel(const DuelParams& p, const core::Rng& rng, DuelTrace* trace) {
  check_duration(p.duration_seconds, "duel");
  if (!(p.round_seconds >= 0.5 && p.round_seconds <= 600))
    throw Error::usage("duel: round_seconds must be in [0.5, 600]");
  stochastic::check_payoff_matrix(p.payoff);
  if (p.payoff.size() != kDuelTactics || p.payoff[0].size() != kDuelTactics)
    throw Error::usage("duel: the payoff matrix must be 4 x 4 (runs, clusters, pointillism, silence)");
  for (const DuelVoice* v : {&p.x, &p.y}) {
    check_program(v->program, "duel");
    check_range(v->lowest_pitch, v->highest_pitch, "duel");
    if (v->highest_pitch - v->lowest_pitch < 8)
      throw Error::usage("duel: each voice needs a range of at least 8 semitones");
  }
  const std::vector<int> x_scale = scale_of(p.sieve, p.x.lowest_pitch, p.x.highest_pitch, "duel");
  const std::vector<int> y_scale = scale_of(p.sieve, p.y.lowest_pitch, p.y.highest_pitch, "duel");
  const auto rounds =
      static_cast<std::size_t>(std::max(1.0, std::ceil(p.duration_seconds / p.round_seconds - 1e-9)));
  stochastic::Duel duel(p.payoff, p.x_conductor, p.y_conductor, rng.stream("duel/conductors"));
  const std::vector<stochastic::DuelRound> played = duel.play(rounds);
  double max_payoff = 0;
  for (const auto& row : p.payoff)
    for (double v : row) max_payoff = std::max(max_payoff, std::abs(v));

  NoteSequence s;
  detail::start_sequence(s, 60.0, {p.x.name, p.y.name, "timpani (score)"});
  for (std::size_t k = 0; k < played.size(); ++k) {
    const double t0 = static_cast<double>(k) * p.round_seconds;
    const double t1 = std::min(t0 + p.round_seconds, p.duration_seconds);
    core::Rng rx = rng.stream("duel/x/" + std::to_string(k)), ry = rng.stream("duel/y/" + std::to_string(k));
    play_tactic(s, static_cast<DuelTactic>(played[k].row_tactic), p.x, 0, t0, t1, p.duration_seconds, x_scale,
                rx);
    play_tactic(s, static_cast<DuelTactic>(played[k].column_tactic), p.y, 1, t0, t1, p.duration_seconds,
                y_scale, ry);
    // The referee: a timpani stroke on the round's first beat, D3 when X wins it, G2 when Y does.
    if (p.score_strokes && played[k].payoff != 0 && max_payoff > 0)
      add_note(s, played[k].payoff > 0 ? 50 : 43,
               40 + static_cast<int>(std::lround(70 * std::abs(played[k].payoff) / max_payoff)), t0, t0 + 1.2,
               p.duration_seconds, 2, 47);
  }
  if (trace) {
    trace->rounds = played;
    trace->solution = duel.solution();
  }
  finish(s);
  return s;
}

// --- sieve canon ------------------------------------------------------------------------------

std::vector<CanonVoice> SieveCanonParams::default_voices() {
  // A woodwind-and-horn quartet: the subject, its transposition by three degrees (a fifth in
  // this pentatonic sieve), its inversion and its retrograde, entering a bar apart.
  return {{"flute (subject)", 73, 0, 0, false, false, 12},
          {"clarinet (T3)", 71, 16, 3, false, false, 0},
          {"horn (inversion)", 60, 32, 0, true, false, -12},
          {"bassoon (retrograde)", 70, 48, -2, false, true, -24}};
}

NoteSequence compose_sieve_canon(const SieveCanonParams& p, const core::Rng& rng) {
  check_duration(p.duration_seconds, "sieve canon");
  if (!(p.qpm >= 20 && p.qpm <= 300)) throw Error::usage("sieve canon: qpm must be in 20..300");
  if (p.motif_steps < 2 || p.motif_steps > 256)
    throw Error::usage("sieve canon: motif_steps must be in 2..256");
  check_range(p.motif_lowest_pitch, p.motif_highest_pitch, "sieve canon");
  if (p.voices.empty() || p.voices.size() > 15) throw Error::usage("sieve canon: 1..15 voices");
  const std::vector<int> scale = scale_of(p.scale_sieve, 0, 127, "sieve canon");
  const std::vector<std::int64_t> onsets =
      stochastic::Sieve::parse(p.rhythm_sieve).segment(0, p.motif_steps - 1);
  if (onsets.size() < 2)
    throw Error::usage("sieve canon: the rhythm sieve has fewer than two onsets in the motif");
  // Scale degrees available to the subject.
  const auto lo = static_cast<std::int64_t>(
      std::lower_bound(scale.begin(), scale.end(), p.motif_lowest_pitch) - scale.begin());
  const auto hi = static_cast<std::int64_t>(
                      std::upper_bound(scale.begin(), scale.end(), p.motif_highest_pitch) - scale.begin()) -
                  1;
  if (hi - lo < 2) throw Error::usage("sieve canon: the motif range holds fewer than three sieve pitches");
  core::Rng r = rng.stream("canon/subject");
  stochastic::Motif degrees;
  std::int64_t d = (lo + hi) / 2;
  for (std::size_t k = 0; k < onsets.size(); ++k) {
    degrees.push_back(d);
    const std::int64_t steps[] = {-2, -1, -1, 1, 1, 2, 0, 3, -3};
    d = std::clamp(d + steps[r.below(9)], lo, hi);
  }
  std::vector<double> lengths;  // in steps, onset to onset
  for (std::size_t k = 0; k < onsets.size(); ++k)
    lengths.push_back(
        static_cast<double>((k + 1 < onsets.size() ? onsets[k + 1] : p.motif_steps) - onsets[k]));
  std::vector<int> accents;
  for (std::size_t k = 0; k < onsets.size(); ++k) accents.push_back(62 + static_cast<int>(r.below(14)));

  const double step_seconds = 60.0 / (p.qpm * 4);
  const double expected_notes = p.duration_seconds / (p.motif_steps * step_seconds) *
                                static_cast<double>(onsets.size()) * static_cast<double>(p.voices.size());
  if (expected_notes > 2e6)
    throw Error::usage("sieve canon: more than 2,000,000 notes requested; shorten the piece");
  std::vector<std::string> names;
  for (const auto& v : p.voices) names.push_back(v.name);
  NoteSequence s;
  detail::start_sequence(s, p.qpm, names);
  for (std::size_t v = 0; v < p.voices.size(); ++v) {
    const CanonVoice& voice = p.voices[v];
    check_program(voice.program, "sieve canon");
    if (voice.entry_steps < 0) throw Error::usage("sieve canon: entry_steps must be >= 0");
    // The voice's transformation, on scale degrees so every note stays on the sieve.
    stochastic::Motif m = voice.invert ? stochastic::invert(degrees, 2 * degrees[0]) : degrees;
    m = stochastic::transpose(m, voice.transpose_degrees);
    std::vector<double> len = lengths;
    if (voice.retrograde) {
      m = stochastic::retrograde(m);
      std::reverse(len.begin(), len.end());
    }
    for (double cycle = voice.entry_steps * step_seconds;; cycle += p.motif_steps * step_seconds) {
      if (cycle >= p.duration_seconds) break;
      double at = 0;
      for (std::size_t k = 0; k < m.size(); ++k) {
        const auto degree = static_cast<std::size_t>(
            std::clamp<std::int64_t>(m[k], 0, static_cast<std::int64_t>(scale.size()) - 1));
        const double start = cycle + at * step_seconds;
        add_note(s, scale[degree] + voice.register_offset_semitones, k == 0 ? 86 : accents[k], start,
                 start + 0.92 * len[k] * step_seconds, p.duration_seconds, static_cast<int>(v),
                 voice.program);
        at += len[k];
      }
    }
  }
  finish(s);
  return s;
}

// --- Brownian melody --------------------------------------------------------------------------

NoteSequence compose_brownian(const BrownianParams& p, const core::Rng& rng) {
  check_duration(p.duration_seconds, "brownian");
  if (!(p.qpm >= 20 && p.qpm <= 300)) throw Error::usage("brownian: qpm must be in 20..300");
  check_program(p.program, "brownian");
  if (p.pad_program >= 0) check_program(p.pad_program, "brownian");
  check_range(p.lowest_pitch, p.highest_pitch, "brownian");
  if (!(p.sigma_semitones > 0 && p.sigma_semitones <= 24))
    throw Error::usage("brownian: sigma_semitones must be in (0, 24]");
  if (!(p.rest_probability >= 0 && p.rest_probability < 1))
    throw Error::usage("brownian: rest_probability must be in [0, 1)");
  const std::vector<int> scale = scale_of(p.scale_sieve, p.lowest_pitch, p.highest_pitch, "brownian");
  const double eighth = 30.0 / p.qpm;
  stochastic::RandomWalk walk((p.lowest_pitch + p.highest_pitch) / 2.0,
                              stochastic::Gaussian(0.0, p.sigma_semitones),
                              {static_cast<double>(p.lowest_pitch), static_cast<double>(p.highest_pitch),
                               stochastic::Barrier::kReflect},
                              rng.stream("brownian/walk"));
  stochastic::BernoulliProcess rests(p.rest_probability, rng.stream("brownian/rests"));
  stochastic::PinkNoise dynamics(rng.stream("brownian/dynamics"));
  NoteSequence s;
  detail::start_sequence(s, p.qpm, {"Brownian melody", "drone"});
  const auto steps = static_cast<std::size_t>(std::ceil(p.duration_seconds / eighth));
  std::vector<bool> rest(steps);
  std::vector<double> pitch(steps), loud(steps);
  for (std::size_t k = 0; k < steps; ++k) {  // every stream advances once per step
    pitch[k] = walk.next();
    rest[k] = rests.hit();
    loud[k] = dynamics.next();
  }
  for (std::size_t k = 0; k < steps; ++k) {
    if (rest[k]) continue;
    std::size_t hold = 1;  // a note carries over the rests after it, up to a dotted quarter
    while (hold < 3 && k + hold < steps && rest[k + hold]) ++hold;
    const double t = static_cast<double>(k) * eighth;
    add_note(s, nearest(scale, pitch[k]), 72 + static_cast<int>(std::lround(28 * loud[k])), t,
             t + (hold - 0.1) * eighth, p.duration_seconds, 0, p.program);
  }
  if (p.pad_program >= 0) {  // tonic and fifth under the walk, renewed every four bars
    const int tonic = 36 + scale.front() % 12;
    const double span = 16 * 2 * eighth;
    for (double t = 0; t < p.duration_seconds; t += span)
      for (int interval : {0, 7, 12})
        add_note(s, tonic + interval, 38, t, t + span * 0.98, p.duration_seconds, 1, p.pad_program);
  }
  finish(s);
  return s;
}

// --- Poisson rhythm cloud ---------------------------------------------------------------------

NoteSequence compose_rhythm_cloud(const RhythmCloudParams& p, const core::Rng& rng) {
  check_duration(p.duration_seconds, "rhythm cloud");
  if (p.drums.empty() || p.drums.size() > 47) throw Error::usage("rhythm cloud: 1..47 drums");
  if (!(p.floor_fraction >= 0 && p.floor_fraction <= 1))
    throw Error::usage("rhythm cloud: floor_fraction must be in [0, 1]");
  double total_rate_hz = 0;
  for (const auto& [key, rate] : p.drums) {
    if (key < 27 || key > 87)
      throw Error::usage("rhythm cloud: drum key " + std::to_string(key) +
                         " is outside General MIDI's 27..87");
    if (!(rate > 0 && rate <= 50))
      throw Error::usage("rhythm cloud: drum rates must be in (0, 50] events per second");
    total_rate_hz += rate;
  }
  if (total_rate_hz * p.duration_seconds > 2e6)
    throw Error::usage("rhythm cloud: more than 2,000,000 hits requested; lower the rates or the duration");
  const double d = p.duration_seconds, floor = p.floor_fraction;
  // The swell: floor -> 1 at 60% of the piece -> floor, piecewise linear.
  auto swell = [d, floor](double t) {
    const double peak = 0.6 * d;
    return t < peak ? floor + (1 - floor) * t / peak : floor + (1 - floor) * (d - t) / (d - peak);
  };
  NoteSequence s;
  detail::start_sequence(s, 120.0, {"drums"});
  core::Rng r_velocity = rng.stream("cloud/velocity");
  for (std::size_t i = 0; i < p.drums.size(); ++i) {
    const auto [key, rate] = p.drums[i];
    stochastic::PoissonProcess process(
        [&, rate = rate](double t) { return rate * std::clamp(swell(t), 0.0, 1.0); }, rate,
        rng.stream("cloud/drum/" + std::to_string(i)));
    for (double t : process.onsets_until(d)) {
      const int velocity =
          36 + static_cast<int>(std::lround(80 * swell(t) * (0.5 + 0.5 * r_velocity.uniform01())));
      add_note(s, key, velocity, t, t + 0.1, d, 9, 0, true);
    }
  }
  finish(s);
  return s;
}

namespace detail {

void start_sequence(NoteSequence& out, double qpm, const std::vector<std::string>& instrument_names) {
  out.set_ticks_per_quarter(220);
  out.add_tempos()->set_qpm(qpm);
  auto* ts = out.add_time_signatures();
  ts->set_numerator(4);
  ts->set_denominator(4);
  for (std::size_t i = 0; i < instrument_names.size(); ++i) {
    auto* info = out.add_instrument_infos();
    info->set_instrument(static_cast<int>(i));
    info->set_name(instrument_names[i]);
  }
}

}  // namespace detail

}  // namespace stochos::score
