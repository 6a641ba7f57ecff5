// SPDX-License-Identifier: GPL-3.0-or-later
// The mixtape's eleven tracks. Each shows one part of the toolkit and says so in its liner notes;
// each draws only from its own stream of the album's seed.
#include "stochos/mixtape/detail/tracks.h"

#include <algorithm>
#include <cmath>
#include <array>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "stochos/audio/spectral/spectral_transform.h"
#include "stochos/audio/synth/gendyn_voice.h"
#include "stochos/audio/synth/granular.h"
#include "stochos/core/error.h"
#include "stochos/mixtape/accompaniment.h"
#include "stochos/jobs/piece_audio.h"
#include "stochos/notesequence/sequences.h"
#include "stochos/rnn/melody_generator.h"
#include "stochos/score/algorithms.h"
#include "stochos/score/corpus_model.h"
#include "stochos/score/evaluator.h"
#include "stochos/score/spec.h"
#include "stochos/score/st.h"
#include "stochos/score/time_curve.h"

namespace stochos::mixtape::detail {
namespace {

// --- General MIDI pieces of the engine ----------------------------------------------------------

TrackAudio rendered(TrackContext& ctx, magenta::NoteSequence ns, nlohmann::ordered_json parameters) {
  TrackAudio out;
  out.audio = ctx.renderer().render(ns);
  out.sequence = std::move(ns);
  out.parameters = std::move(parameters);
  return out;
}

TrackAudio free_stochastic_music(TrackContext& ctx) {
  score::StParams p;
  p.duration_seconds = ctx.length(60);
  return rendered(ctx, score::compose_st(p, ctx.rng()),
                  {{"algorithm", "score::compose_st (Xenakis ST)"},
                   {"duration_seconds", p.duration_seconds},
                   {"mean_section_seconds", p.mean_section_seconds},
                   {"density_hz", {p.v3_min_density_hz, p.v4_max_density_hz}},
                   {"glissando_sigma_semitones_per_second", {p.glissando_sigma_at_v3, p.glissando_sigma_at_v4}}});
}

TrackAudio screens(TrackContext& ctx) {
  score::ScreensParams p;
  p.duration_seconds = ctx.length(45);
  return rendered(ctx, score::compose_screens(p, ctx.rng()),
                  {{"algorithm", "score::compose_screens (Analogique A+B)"},
                   {"duration_seconds", p.duration_seconds},
                   {"string_program", p.string_program},
                   {"tone_program", p.tone_program},
                   {"tone_fraction", p.tone_fraction}});
}

TrackAudio mozart_chain(TrackContext& ctx) {
  const score::CorpusModel model = score::CorpusModel::load(ctx.models().markov_model);
  score::MarkovMelodyParams p;
  p.duration_seconds = ctx.length(45);
  return rendered(ctx, score::compose_markov_melody(model, p, ctx.rng()),
                  {{"algorithm", "score::compose_markov_melody"},
                   {"model", ctx.models().markov_model.filename().string()},
                   {"models", ctx.models().provenance},
                   {"duration_seconds", p.duration_seconds},
                   {"melody_range", {p.melody.lowest_pitch, p.melody.highest_pitch}},
                   {"bass_program", p.bass_program}});
}

TrackAudio sieve_canon_duel(TrackContext& ctx) {
  const double length = ctx.length(64);
  score::SieveCanonParams canon;
  canon.duration_seconds = length * 0.5;
  score::DuelParams duel;
  duel.duration_seconds = length - canon.duration_seconds;
  // The duel's runs climb the canon's own sieve, so the second half answers the first.
  duel.sieve = canon.scale_sieve;
  duel.round_seconds = std::min(duel.round_seconds, std::max(1.0, duel.duration_seconds / 4));
  magenta::NoteSequence first = score::compose_sieve_canon(canon, ctx.rng().stream("canon"));
  score::DuelTrace trace;
  magenta::NoteSequence second = score::compose_duel(duel, ctx.rng().stream("duel"), &trace);
  // Different instrument numbers keep the halves' programs on channels of their own.
  for (auto& n : *second.mutable_notes()) n.set_instrument(n.instrument() + 8);
  for (auto& b : *second.mutable_pitch_bends()) b.set_instrument(b.instrument() + 8);
  for (auto& c : *second.mutable_control_changes()) c.set_instrument(c.instrument() + 8);
  const std::array<magenta::NoteSequence, 2> halves{first, second};
  const std::array<double, 2> lengths{canon.duration_seconds, duel.duration_seconds};
  magenta::NoteSequence ns = notesequence::concatenate_sequences(halves, lengths);
  nlohmann::ordered_json tactics = nlohmann::ordered_json::array();
  for (const auto& round : trace.rounds) tactics.push_back({round.row_tactic, round.column_tactic});
  return rendered(ctx, std::move(ns),
                  {{"algorithm", "score::compose_sieve_canon, then score::compose_duel on the same sieve"},
                   {"duration_seconds", length},
                   {"scale_sieve", canon.scale_sieve},
                   {"rhythm_sieve", canon.rhythm_sieve},
                   {"duel_round_seconds", duel.round_seconds},
                   {"duel_game_value", trace.solution.value},
                   {"duel_tactics_x_y", tactics}});
}

// --- GENDYN ------------------------------------------------------------------------------------

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Three voices sounded by GENDYN only; @L@ is the length in seconds, @H@ half of it.
constexpr std::string_view kGendynPiece = R"toml(
title = "GENDY"
tempo_qpm = 60
duration_seconds = @L@

[[voice]]
name = "drone"
synth = "gendyn"
program = 89
pitch = 'round(mask(source=brownian(start=0.5, step=normal(0, 0.12), lo=0, hi=1), lo=curve([0, 31], [@L@, 40]), hi=curve([0, 40], [@L@, 50])))'
ioi_seconds = 'uniform(3, 5)'
duration_seconds = 'uniform(4, 6.5)'
velocity = 'uniform(70, 100)'
pan = 'round(64 + 30 * (logistic(r=3.7) - 0.5))'
gendyn = { model = "gendy1", ampdist = "cauchy", durdist = "logist", adparam = 0.8, ddparam = 0.6, ampscale = 0.35, durscale = 0.25, init_cps = 12, spread_semitones = 1.2, gain = 0.22, attack_seconds = 0.8, release_seconds = 1.5 }

[[voice]]
name = "swarm"
synth = "gendyn"
program = 81
pitch = 'round(mask(source=lorenz(output="x"), lo=curve([0, 55], [@H@, 62], [@L@, 52]), hi=curve([0, 64], [@H@, 80], [@L@, 62]), input_lo=-20, input_hi=20))'
onset_seconds = 'poisson(rate=curve([0, 0.3], [@H@, 2.5], [@L@, 0.4]))'
duration_seconds = 'uniform(0.6, 2.2)'
velocity = 'uniform(50, 95)'
pan = 'round(64 + 55 * (henon() / 1.3))'
gendyn = { model = "gendy2", ampdist = "logist", durdist = "cauchy", ampscale = 0.5, durscale = 0.15, init_cps = 10, spread_semitones = 0.7, gain = 0.14, attack_seconds = 0.15, release_seconds = 0.6 }

[[voice]]
name = "calls"
synth = "gendyn"
program = 80
pitch = 'choice(sieve("(8@0|8@3|8@5)&(3@0|3@2)|5@4", origin=60, lo=64, hi=91))'
onset_seconds = 'poisson(rate=curve([0, 0.2], [@H@, 1.5], [@L@, 3]))'
duration_seconds = 'uniform(0.08, 0.35)'
velocity = 'uniform(50, 110)'
pan = 'round(64 + 50 * (logistic(r=3.95) - 0.5) * 2)'

[voice.gendyn]
model = "gendy3"
ampdist = 3
durdist = "arcsine"
ampscale = 0.7
durscale = 0.2
init_cps = 8
interpolation = "cubic"
gain = 0.16
)toml";

TrackAudio gendyn_piece(TrackContext& ctx) {
  const double length = ctx.length(48);
  char number[32];
  std::snprintf(number, sizeof number, "%.3f", length);
  std::string text = replace_all(std::string(kGendynPiece), "@L@", number);
  std::snprintf(number, sizeof number, "%.3f", length / 2);
  text = replace_all(std::move(text), "@H@", number);
  const score::Spec spec = score::parse_spec_text(text, "mixtape:gendyn");
  score::EvaluateOptions options;
  options.seed = ctx.rng().seed();
  magenta::NoteSequence ns = score::evaluate(spec, options);
  const std::vector<audio::GendynVoice> voices = jobs::gendyn_voices(spec, core::Rng(options.seed));
  TrackAudio out;
  out.audio = audio::render_with_gendyn_voices(ctx.renderer(), ns, voices);
  out.sequence = std::move(ns);
  out.parameters = {{"algorithm", "score language (spec below), voices sounded by GENDYN (audio::GendynOscillator)"},
                    {"duration_seconds", length},
                    {"spec", text}};
  return out;
}

// --- Melody RNN ------------------------------------------------------------------------------------

struct Primer {
  const char* work;     // which Mozart theme
  const char* events;   // Magenta's melody events: pitch, -1 note off, -2 hold; 16th steps
  double qpm;
  int tonic_pitch_class;
  bool minor;
};

// Opening bars of four Mozart themes (the compositions are in the public domain), written as
// Magenta primer melodies.
constexpr Primer kSonataFacile{"Piano Sonata No. 16 in C, K. 545, first movement (opening)",
                               "[72, -2, -2, -2, -2, -2, -2, -2, 76, -2, -2, -2, 79, -2, -2, -2, "
                               "71, -2, -2, -2, -2, -2, 72, 74, 72, -2, -2, -2, -2, -2, -2, -2]",
                               120.0, 0, false};
constexpr Primer kAndanteGrazioso{"Piano Sonata No. 11 in A, K. 331, first movement (theme)",
                                  "[73, -2, -2, 74, 73, -2, 76, -2, -2, -2, 76, -2, "
                                  "71, -2, -2, 73, 71, -2, 74, -2, -2, -2, 74, -2]",
                                  84.0, 9, false};
constexpr Primer kAllaTurca{"Piano Sonata No. 11 in A, K. 331, Rondo alla turca (opening)",
                            "[71, 69, 68, 69, 72, -2, -1, -2, 74, 72, 71, 72, 76, -2, -1, -2, "
                            "77, 76, 75, 76, 83, 81, 80, 81, 83, 81, 80, 81, 84, -2, -2, -2]",
                            126.0, 9, true};
constexpr Primer kNachtmusik{"Eine kleine Nachtmusik, K. 525, first movement (opening)",
                             "[67, -2, -2, -2, -1, -2, 62, -2, 67, -2, -2, -2, -1, -2, 62, -2, "
                             "67, -2, 62, -2, 67, -2, 71, -2, 74, -2, -2, -2, -2, -2, -2, -2]",
                             132.0, 7, false};

TrackAudio melody_rnn_track(TrackContext& ctx, const std::string& config, const Primer& primer, int melody_program,
                            int accompaniment_program, double default_seconds) {
  const auto found = ctx.models().melody_rnn.find(config);
  if (found == ctx.models().melody_rnn.end()) throw Error::internal("no " + config + " model for the mixtape");
  const rnn::LoadedModel model = rnn::load_melody_rnn(found->second, config);
  const double length = ctx.length(default_seconds);
  rnn::MelodyGenerateOptions options;
  options.primer_melody = primer.events;
  options.qpm = primer.qpm;
  const int steps_per_quarter = model.config.steps_per_quarter;
  // Whole beats, at least a bar beyond the primer.
  const int primer_steps = static_cast<int>(std::count(primer.events, primer.events + std::strlen(primer.events), ',')) + 1;
  const int beats = static_cast<int>(std::ceil(length * primer.qpm / 60.0));
  options.num_steps = std::max(beats * steps_per_quarter, primer_steps + 4 * steps_per_quarter);
  options.search.temperature = 1.0;
  // Plain sampling (Magenta's default, beam size 1): a beam search keeps the likeliest
  // continuation, which holds notes. Measured on the shipped Mozart models (four 16-bar
  // continuations of the K. 525 primer each): sampling plays 50-160 notes over 15-24
  // pitches, beam 2 (branch 2, 16 steps an iteration) 27-44 notes, beam 4 14-34 notes over
  // 8-14 pitches, a melody that stalls; no track here sounds better with it.
  options.search.beam_size = 1;
  options.search.branch_factor = 1;
  rnn::MelodyGenerator generator(model, options);
  core::Rng melody_rng = ctx.rng().stream("melody");
  rnn::GeneratedMelody generated = generator.generate(melody_rng);

  magenta::NoteSequence ns = generated.sequence;
  // Phrased dynamics instead of Magenta's flat velocity 100: Gaussian around mezzo-forte,
  // louder on the beat.
  core::Rng velocity_rng = ctx.rng().stream("melody-velocity");
  const stochastic::Distribution velocity_law = stochastic::Gaussian(84.0, 7.0);
  const double seconds_per_beat = 60.0 / primer.qpm;
  for (auto& n : *ns.mutable_notes()) {
    const double beat = n.start_time() / seconds_per_beat;
    const bool on_beat = std::abs(beat - std::round(beat)) < 1e-6;
    n.set_velocity(std::clamp(static_cast<int>(std::lround(velocity_law.sample(velocity_rng) + (on_beat ? 8 : 0))), 1, 127));
    n.set_program(melody_program);
  }
  AccompanimentOptions accompaniment;
  accompaniment.tonic_pitch_class = primer.tonic_pitch_class;
  accompaniment.minor = primer.minor;
  accompaniment.program = accompaniment_program;
  accompaniment.qpm = primer.qpm;
  const Accompaniment chosen =
      add_accompaniment(ns, generated.melody, accompaniment, ctx.rng().stream("accompaniment"));
  nlohmann::ordered_json figures = chosen.figures;
  TrackAudio out = rendered(ctx, std::move(ns),
                            {{"algorithm", "rnn::MelodyGenerator (Magenta's melody_rnn_generate) + mixtape::add_accompaniment"},
                             {"config", config},
                             {"model", found->second.filename().string()},
                             {"models", ctx.models().provenance},
                             {"primer", primer.work},
                             {"primer_melody", primer.events},
                             {"qpm", primer.qpm},
                             {"num_steps", options.num_steps},
                             {"temperature", options.search.temperature},
                             {"beam_size", options.search.beam_size},
                             {"branch_factor", options.search.branch_factor},
                             {"log_likelihood", generated.log_likelihood},
                             {"melody_program", melody_program},
                             {"accompaniment_program", accompaniment_program},
                             {"accompaniment_figures", figures}});
  return out;
}

// --- Sound made from other tracks ----------------------------------------------------------------

TrackAudio granular_cloud(TrackContext& ctx) {
  const double length = ctx.length(40);
  TrackAudio source = ctx.source("free-stochastic-music");
  // Three clouds that overlap by a second: sparse long grains from the opening, a dense
  // shimmer of short transposed grains from the middle, a settling cloud from the end.
  // Quietest grains a quarter of the loudest.
  using audio::GrainEnvelope;
  std::array<audio::GrainCloudOptions, 3> clouds{{
      {.density_hz = 14, .grain_lo_seconds = 0.08, .grain_hi_seconds = 0.25, .envelope = GrainEnvelope::kHann,
       .amp_lo = 0.35 / 4, .amp_hi = 0.35, .position_lo = 0.0, .position_hi = 0.35,
       .transpose_lo_semitones = -2, .transpose_hi_semitones = 0},
      {.density_hz = 160, .grain_lo_seconds = 0.02, .grain_hi_seconds = 0.05, .envelope = GrainEnvelope::kGaussian,
       .amp_lo = 0.12 / 4, .amp_hi = 0.12, .position_lo = 0.3, .position_hi = 0.7,
       .transpose_lo_semitones = -12, .transpose_hi_semitones = 12},
      {.density_hz = 45, .grain_lo_seconds = 0.05, .grain_hi_seconds = 0.14, .envelope = GrainEnvelope::kRandom,
       .amp_lo = 0.22 / 4, .amp_hi = 0.22, .position_lo = 0.65, .position_hi = 1.0,
       .transpose_lo_semitones = -7, .transpose_hi_semitones = 0},
  }};
  const double overlap = std::min(1.0, length / 6);
  const double part = (length + 2 * overlap) / 3;
  const int rate = source.audio.sample_rate_hz;
  audio::AudioBuffer mix;
  mix.sample_rate_hz = rate;
  mix.channels = 2;
  mix.samples.assign(2 * static_cast<std::size_t>(std::llround(length * rate)), 0.0f);
  nlohmann::ordered_json described = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < clouds.size(); ++k) {
    audio::GrainCloudOptions& o = clouds[k];
    o.duration_seconds = part;
    o.sample_rate_hz = rate;
    o.source = source.audio;
    const audio::AudioBuffer cloud = audio::grain_cloud(o, ctx.rng().stream("cloud/" + std::to_string(k + 1)));
    // Linear fades over the overlaps, then added at the cloud's place.
    const auto offset = static_cast<std::size_t>(std::llround(static_cast<double>(k) * (part - overlap) * rate));
    const std::size_t frames = cloud.frames();
    const double fade = overlap * rate;
    for (std::size_t f = 0; f < frames && offset + f < mix.frames(); ++f) {
      double g = 1.0;
      if (k > 0) g = std::min(g, static_cast<double>(f) / fade);
      if (k + 1 < clouds.size()) g = std::min(g, static_cast<double>(frames - f) / fade);
      for (int ch = 0; ch < 2; ++ch) {
        mix.samples[(offset + f) * 2 + static_cast<std::size_t>(ch)] +=
            static_cast<float>(g) * cloud.samples[f * 2 + static_cast<std::size_t>(ch)];
      }
    }
    described.push_back({{"seconds", part},
                         {"density_hz", o.density_hz},
                         {"grain_seconds", {o.grain_lo_seconds, o.grain_hi_seconds}},
                         {"source_position", {o.position_lo, o.position_hi}},
                         {"transpose_semitones", {o.transpose_lo_semitones, o.transpose_hi_semitones}}});
    o.source.reset();  // the next cloud takes its own copy
  }
  TrackAudio out;
  out.audio = std::move(mix);
  out.sequence = std::move(source.sequence);
  out.notes_caption = "notes of the source, Free Stochastic Music (ST), which the cloud reads as grains";
  out.parameters = {{"algorithm", "audio::grain_cloud, granulating the rendered ST track"},
                    {"source_track", "free-stochastic-music"},
                    {"duration_seconds", length},
                    {"clouds", described}};
  return out;
}

// The chaotic curves of the spectral track, in the score language (docs/score-language.md).
constexpr const char* kSpectralPitch = "round(7 * (logistic(r=3.7) - 0.5))";
constexpr double kSpectralPitchRateHz = 0.5;
constexpr const char* kSpectralTilt = "lorenz(output=\"x\") / 3";
constexpr double kSpectralTiltRateHz = 8.0;

TrackAudio spectral_mozart(TrackContext& ctx) {
  TrackAudio source = ctx.source("mozart-chain");
  const auto pitch = score::make_time_curve(kSpectralPitch, ctx.rng().stream("pitch"), kSpectralPitchRateHz);
  const auto tilt = score::make_time_curve(kSpectralTilt, ctx.rng().stream("tilt"), kSpectralTiltRateHz);
  const audio::AudioBuffer shifted = audio::pitch_shift(source.audio, pitch);
  TrackAudio out;
  out.audio = audio::spectral_shape(shifted, {}, tilt);
  out.sequence = std::move(source.sequence);
  out.notes_caption = "notes of the source, Mozart Chain, before the chaotic pitch curve moves them";
  out.parameters = {{"algorithm", "audio::pitch_shift (Rubber Band) and audio::spectral_shape (FFTW) of the rendered Mozart Chain track"},
                    {"source_track", "mozart-chain"},
                    {"pitch_semitones", kSpectralPitch},
                    {"pitch_curve_rate_hz", kSpectralPitchRateHz},
                    {"tilt_db_per_octave", kSpectralTilt},
                    {"tilt_curve_rate_hz", kSpectralTiltRateHz}};
  return out;
}

std::vector<TrackDefinition> make_catalogue() {
  return {
      {"free-stochastic-music", "Free Stochastic Music (ST)", "Xenakis's ST algorithm: score::compose_st",
       "Iannis Xenakis's ST program (1962) as a built-in. The piece is a chain of sections whose "
       "lengths are exponential; each section draws a density of events per second, and inside it "
       "every onset is a Poisson process, every instrument a weighted choice among timbre classes, "
       "every interval and glissando speed a Gaussian law whose spread grows with the density. The "
       "glissandi you hear are pitch bends.",
       60, free_stochastic_music},
      {"analogique-screens", "Screens (Analogique A+B)", "Markov chain of screens: score::compose_screens",
       "Xenakis's Analogique A and B (1958-59): the music is a sequence of 'screens', each a cloud of "
       "grains with a density, a register and a loudness. Which screen comes next is decided by a "
       "Markov chain (a table of transition probabilities), so the texture drifts between states the "
       "way weather does. Pizzicato strings play one share of the grains, pure tones the rest.",
       45, screens},
      {"mozart-chain", "Mozart Chain", "Markov chain learned from Mozart: score::compose_markov_melody",
       "A second-order Markov chain learned from 21 Mozart sonata movements: after every pair of "
       "notes, the next pitch, rhythm and loudness are drawn with the frequencies Mozart's own top "
       "line shows after the same pair. A sparse bass marks the bars. It sounds like Mozart who has "
       "forgotten where the phrase was going.",
       45, mozart_chain},
      {"melody-rnn-basic", "Melody RNN I: basic_rnn", "Melody RNN (basic_rnn), stochastic accompaniment",
       "Magenta's basic_rnn, an LSTM network trained with stochos on 6,270 folk and pop melodies (the "
       "Nottingham Music Database, POP909) and then on Mozart's, continues the "
       "opening of the Sonata facile (K. 545) one sixteenth note at a time, each note drawn from the "
       "network's predicted probabilities (at temperature 1, as Magenta samples). Underneath, a stochastic "
       "accompaniment picks a chord per "
       "half bar, favouring chords that hold the melody's notes, and a figure per phrase (Alberti "
       "bass, arpeggios, block chords) by a Markov chain.",
       32, [](TrackContext& ctx) { return melody_rnn_track(ctx, "basic_rnn", kSonataFacile, 0, 0, 32); }},
      {"melody-rnn-lookback", "Melody RNN II: lookback_rnn",
       "Melody RNN (lookback_rnn), stochastic accompaniment",
       "lookback_rnn sees, besides the last note, what happened one and two bars ago and where it is "
       "in the bar, so it learns to repeat itself the way tunes do; trained like basic_rnn on folk and "
       "pop melodies and then Mozart's. Here it continues the theme of the "
       "Sonata in A (K. 331) on a flute, over a harp accompaniment chosen by the same chord lottery.",
       36,
       [](TrackContext& ctx) { return melody_rnn_track(ctx, "lookback_rnn", kAndanteGrazioso, 73, 46, 36); }},
      {"melody-rnn-attention", "Melody RNN III: attention_rnn",
       "Melody RNN (attention_rnn), stochastic accompaniment",
       "attention_rnn looks back over its last 40 outputs and learns which of them matter for the "
       "next note, which helps it keep longer motifs. It continues the Rondo alla turca on a violin, "
       "in A minor, with a piano accompaniment drawn from the minor key's chords.",
       32, [](TrackContext& ctx) { return melody_rnn_track(ctx, "attention_rnn", kAllaTurca, 40, 0, 32); }},
      {"melody-rnn-mono", "Melody RNN IV: mono_rnn", "Melody RNN (mono_rnn), stochastic accompaniment",
       "mono_rnn is basic_rnn's network over the whole keyboard: it is never moved into one key or "
       "one octave, so it learns the registers melodies really use. Trained on the same folk, pop and "
       "Mozart melodies, it continues the opening of Eine kleine Nachtmusik on an oboe, over strings.",
       32, [](TrackContext& ctx) { return melody_rnn_track(ctx, "mono_rnn", kNachtmusik, 68, 48, 32); }},
      {"gendy", "GENDY", "GENDYN dynamic stochastic synthesis: audio::GendynOscillator",
       "No samples, no oscillators: every sound here is Xenakis's dynamic stochastic synthesis "
       "(GENDYN, 1991). One period of the wave is a polygon whose corners take random-walk steps at "
       "every repetition, so pitch and timbre are themselves stochastic. A drone, a swarm steered by "
       "the Lorenz attractor and high calls on a sieve are written in stochos's score language.",
       48, gendyn_piece},
      {"quanta", "Quanta", "Gabor granular synthesis: audio::grain_cloud on track 1",
       "Dennis Gabor's 'acoustic quanta': thousands of grains of 20 to 250 milliseconds, each cut from "
       "the recording of track 1 (Free Stochastic Music) at a random place, transposed at random and "
       "scattered in time as a Poisson process: sparse long grains, then a dense shimmer, then a cloud "
       "that settles.",
       40, granular_cloud},
      {"chaotic-mozart", "Chaotic Mozart",
       "Spectral transformation by chaotic curves: audio::pitch_shift, spectral_shape",
       "Track 3 (Mozart Chain) again, transformed in the spectral domain: its pitch follows the "
       "logistic map (a new value every two seconds, glided), and its brightness, a tilt of the "
       "spectrum in decibels per octave, follows the Lorenz attractor. The notes are Mozart's chain; "
       "the tuning and colour are chaos.",
       45, spectral_mozart},
      {"sieve-canon-duel", "Sieve Canon and Duel",
       "Sieves, group transformations, game theory: compose_sieve_canon, compose_duel",
       "A subject on a Xenakis sieve (a scale built by combining residue classes) in strict canon: "
       "each voice enters later, transposed, inverted or reversed, the group transformations of "
       "Nomos Alpha. Then the same sieve becomes the field of a Duel (1959): two conductors choose "
       "runs, clusters, points or silence by the optimal mixed strategies of a zero-sum game, and "
       "timpani strokes score each round.",
       64, sieve_canon_duel},
  };
}

}  // namespace

const std::vector<TrackDefinition>& track_catalogue() {
  static const std::vector<TrackDefinition> catalogue = make_catalogue();
  return catalogue;
}

const TrackDefinition& find_track(const std::string& slug) {
  for (const auto& t : track_catalogue()) {
    if (t.slug == slug) return t;
  }
  throw Error::usage("no mixtape track called '" + slug + "'");
}

}  // namespace stochos::mixtape::detail
