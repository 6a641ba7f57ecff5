// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Library compositions of the engine, each a function from a params struct (with musical
/// defaults: tempo, General MIDI programs, ranges, a length) and a core::Rng to a
/// NoteSequence whose notes lie in [0, duration_seconds] and in MIDI ranges. They are the
/// mixtape's tracks and the algorithm presets (algorithm_presets.cpp):
///   - Analogique screens (Formalized Music ch. II-III): a Markov chain over screens drives
///     clouds of grains, played by pizzicato strings (Analogique A) and pure tones (B);
///   - a Markov melody learned from a corpus (corpus_model.h), with a sparse bass;
///   - a Duel (ch. IV): two conductors choose tactics (sieve runs, clusters, Poisson
///     pointillism, silence) by the optimal strategies of a zero-sum game;
///   - a sieve canon: a sieve-scale melody in strict canon, each voice a group
///     transformation (transposition, inversion, retrograde) entering later;
///   - a Brownian melody: a Wiener walk on pitch quantized to a sieve scale;
///   - a Poisson rhythm cloud: percussion, each drum a Poisson process whose rate follows a
///     breakpoint swell.
/// Every draw flows from the Rng passed in, through named streams; the same params and seed
/// give the same sequence. Bad or unbounded params throw Error(kUsage). Thread-safe.
#include <string>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/proto/music.pb.h"
#include "stochos/score/corpus_model.h"
#include "stochos/stochastic/game.h"
#include "stochos/stochastic/screens.h"

namespace stochos::score {

/// Longest piece an algorithm composes (four hours); longer requests are unit mistakes.
inline constexpr double kMaxAlgorithmSeconds = 4 * 3600.0;

/// Sorts the notes by start time and ends each note where the next note of the same key on
/// the same (instrument, program, drum) track starts: MIDI cannot hold one key twice on a
/// channel, and a reader would end both at the first note-off. Notes left shorter than
/// 20 ms are removed (they would round to zero ticks).
void separate_repeated_notes(magenta::NoteSequence& sequence);

struct ScreensParams {
  double duration_seconds = 96.0;
  /// Grid and Δt; default: stochastic::analogique_example_axes() with Δt = 1.5 s, 0.14 s grains.
  stochastic::ScreenAxes axes = default_axes();
  /// Transition matrix between screens (rows stochastic); default: the documented example.
  stochastic::TransitionMatrix matrix = stochastic::analogique_example_matrix();
  int string_program = 45;      ///< Pizzicato Strings: Analogique A
  int tone_program = 79;        ///< Ocarina, the GM tone nearest a sine: Analogique B
  double tone_fraction = 0.35;  ///< share of grains given to the tones
  static stochastic::ScreenAxes default_axes();
};
magenta::NoteSequence compose_screens(const ScreensParams& params, const core::Rng& rng);

struct MarkovMelodyParams {
  double duration_seconds = 80.0;
  /// Its duration_seconds is overridden by the one above. Default: piano, the corpus's
  /// tempo, melody folded into G3..A6.
  CorpusGenerateOptions melody{80.0, 0.0, 0, 55, 93, 0, 0.92};
  bool bass = true;       ///< a bass note an octave or two below the first melody note of each bar
  int bass_program = 32;  ///< Acoustic Bass
};
magenta::NoteSequence compose_markov_melody(const CorpusModel& model, const MarkovMelodyParams& params,
                                            const core::Rng& rng);

/// The textures a conductor of the duel can choose.
enum class DuelTactic { kSieveRuns = 0, kClusters = 1, kPointillism = 2, kSilence = 3 };
inline constexpr int kDuelTactics = 4;

struct DuelVoice {
  std::string name;
  int program = 0;
  int lowest_pitch = 48;
  int highest_pitch = 84;
};

struct DuelParams {
  double duration_seconds = 90.0;
  double round_seconds = 6.0;
  /// payoff[x][y]: what Y pays X when X plays tactic x and Y tactic y (4 x 4, tactics in
  /// DuelTactic order). Default: contrast is rewarded (answering runs with clusters, density
  /// with silence), imitation is not; asymmetric so the game has a non-zero value.
  stochastic::PayoffMatrix payoff = default_payoff();
  stochastic::Conductor x_conductor{stochastic::DuelPolicy::kOptimal, {}};
  stochastic::Conductor y_conductor{stochastic::DuelPolicy::kOptimal, {}};
  DuelVoice x{"strings (X)", 48, 60, 91};
  DuelVoice y{"piano (Y)", 0, 31, 64};
  std::string sieve = "(8@0|8@2|8@3|8@5|8@7)|(5@1|5@4)";  ///< scale of the runs
  bool score_strokes = true;  ///< a timpani stroke per round, louder for a larger payoff
  static stochastic::PayoffMatrix default_payoff();
};

struct DuelTrace {
  std::vector<stochastic::DuelRound> rounds;
  stochastic::GameSolution solution;
};
magenta::NoteSequence compose_duel(const DuelParams& params, const core::Rng& rng,
                                   DuelTrace* trace = nullptr);

struct CanonVoice {
  std::string name;
  int program = 0;
  int entry_steps = 0;        ///< delay of this voice's first note, in sixteenths
  int transpose_degrees = 0;  ///< transposition in scale degrees (stays on the sieve)
  bool invert = false;        ///< mirror the motif's degrees around its first degree
  bool retrograde = false;
  int register_offset_semitones = 0;  ///< octave placement added after the sieve mapping
};

struct SieveCanonParams {
  double duration_seconds = 84.0;
  double qpm = 84.0;
  std::string scale_sieve = "12@0|12@2|12@3|12@7|12@8";      ///< pitch sieve, origin C (C D Eb G Ab)
  std::string rhythm_sieve = "(8@0|8@3|8@6)|(16@10|16@14)";  ///< onsets, in sixteenths
  int motif_steps = 64;         ///< length of the canon subject in sixteenths (4 bars)
  int motif_lowest_pitch = 60;  ///< the subject's degrees are walked in this range
  int motif_highest_pitch = 79;
  std::vector<CanonVoice> voices = default_voices();
  static std::vector<CanonVoice> default_voices();
};
magenta::NoteSequence compose_sieve_canon(const SieveCanonParams& params, const core::Rng& rng);

struct BrownianParams {
  double duration_seconds = 72.0;
  double qpm = 100.0;
  int program = 11;  ///< Vibraphone
  int lowest_pitch = 50;
  int highest_pitch = 86;
  double sigma_semitones = 2.2;    ///< walk step spread per eighth note
  double rest_probability = 0.18;  ///< Bernoulli rests on the eighth-note grid
  std::string scale_sieve = "(12@0|12@2|12@3|12@5|12@7|12@8|12@10)";  ///< C aeolian
  int pad_program = 89;  ///< Pad 2 (warm): a soft drone on the scale's tonic; -1 omits it
};
magenta::NoteSequence compose_brownian(const BrownianParams& params, const core::Rng& rng);

struct RhythmCloudParams {
  double duration_seconds = 64.0;
  /// General MIDI drum keys and their peak rates (events per second).
  std::vector<std::pair<int, double>> drums = {{36, 1.2}, {38, 1.0}, {42, 4.0}, {46, 0.6}, {45, 0.8},
                                               {50, 0.6}, {39, 0.5}, {75, 1.5}, {76, 1.2}};
  /// The rates follow a swell: floor_fraction of the peak at the ends, the peak at 60%.
  double floor_fraction = 0.15;
};
magenta::NoteSequence compose_rhythm_cloud(const RhythmCloudParams& params, const core::Rng& rng);

}  // namespace stochos::score
