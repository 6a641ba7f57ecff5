// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// GENDYN, Xenakis's dynamic stochastic synthesis (Formalized Music, 2nd ed., ch. IX and XIV;
/// Serra, "Stochastic composition and stochastic timbre: GENDY3 by Iannis Xenakis", Perspectives
/// of New Music 31(1), 1993; Hoffmann, "A new GENDYN program", CMJ 24(2), 2000).
///
/// One period of the wave is a polygon of N breakpoints. At every breakpoint the wave reaches,
/// that breakpoint's amplitude and duration take a step of a random walk (first order, Gendy1
/// and Gendy3) or a walk of the step itself (second order, Gendy2), each kept inside its bounds
/// by mirror barriers. The wave joins the breakpoints by straight lines or, optionally, by a
/// monotone cubic that never overshoots them. The three models and their parameters follow
/// SuperCollider's Gendy1/Gendy2/Gendy3 UGens (server/plugins/GendynUGens.cpp, Nick Collins)
/// so that patches carry over:
///   Gendy1(ampdist, durdist, adparam, ddparam, minfreq, maxfreq, ampscale, durscale, initCPs, knum)
///   Gendy2(..., the same, a, c)   Gendy3(ampdist, durdist, adparam, ddparam, freq, ampscale,
///   durscale, initCPs, knum)
/// Differences from scsynth, on purpose: random numbers come from core::Rng streams (so a seed
/// reproduces a sound on every machine), arithmetic is double precision, and Gendy3 never
/// loses part of a period: a breakpoint shorter than one sample is merged into the next one
/// instead of being dropped.
///
/// Guarantees: every sample lies in [-amplitude, amplitude]; for Gendy1/2 each period (N
/// segments) lasts between 1/maxfreq and 1/minfreq seconds, for Gendy3 exactly 1/freq (to the
/// sample). Not thread-safe; independent instances may run in parallel.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "stochos/audio/audio_buffer.h"
#include "stochos/audio/audio_file.h"
#include "stochos/audio/synth/detail/gendy_step.h"
#include "stochos/core/random.h"
#include "stochos/stochastic/distributions.h"

namespace stochos::audio {

enum class GendyModel {
  kGendy1,  ///< first-order walks of amplitude and duration, frequency in [minfreq, maxfreq]
  kGendy2,  ///< second-order walks (Hoffmann); amplitude steps driven by a Lehmer generator
  kGendy3,  ///< first-order walks; durations normalised so that every period lasts 1/freq
};

enum class GendyInterpolation {
  kLinear,  ///< as Xenakis and SuperCollider
  kCubic,   ///< monotone piecewise cubic Hermite (Fritsch & Carlson, SIAM J. Numer. Anal. 17(2),
            ///< 1980): smooth corners, never beyond the neighbouring breakpoints
};

struct GendynOptions {
  GendyModel model = GendyModel::kGendy1;
  /// The law of the amplitude and duration steps, by SuperCollider's numbering (0 LINEAR ...
  /// 6 SINUS) with parameters adparam/ddparam in (0, 1]; SuperCollider's defaults.
  stochastic::GendyDistribution ampdist = stochastic::GendyDistribution::kCauchy;
  stochastic::GendyDistribution durdist = stochastic::GendyDistribution::kCauchy;
  double adparam = 1.0;
  double ddparam = 1.0;
  /// Instead of a Gendy law, any law of the engine; its draws are folded into [-1, 1] by
  /// mirroring. Takes precedence over ampdist/durdist when set.
  std::optional<stochastic::Distribution> amp_law;
  std::optional<stochastic::Distribution> dur_law;
  double minfreq_hz = 440.0;  ///< Gendy1/2: slowest period 1/minfreq
  double maxfreq_hz = 660.0;  ///< Gendy1/2: fastest period 1/maxfreq
  double freq_hz = 440.0;     ///< Gendy3: the fixed frequency
  double ampscale = 0.5;      ///< size of the amplitude steps (amplitudes live in [-1, 1])
  double durscale = 0.5;      ///< size of the duration steps (durations live in [0, 1])
  int init_cps = 12;          ///< initCPs: breakpoints held in memory (1..4096)
  int knum = 0;               ///< knum: breakpoints used per period (0 or > init_cps: all)
  double lehmer_a = 1.17;     ///< Gendy2's a
  double lehmer_c = 0.31;     ///< Gendy2's c
  double amplitude = 1.0;     ///< output scale; samples stay in [-amplitude, amplitude]
  GendyInterpolation interpolation = GendyInterpolation::kLinear;
  int sample_rate_hz = 44100;
};

/// Throws Error(kUsage) naming the first parameter out of range.
void validate(const GendynOptions& options);

/// The seed of `stochos synth`, `stochos transform-audio` and Python's gendyn() and
/// grain_cloud() when none is given.
inline constexpr std::uint64_t kDefaultSynthSeed = 20240607;

/// "gendy1", "gendy2" or "gendy3"; otherwise Error(kUsage) "<option> must be gendy1, gendy2
/// or gendy3" (`option` as the caller's user wrote it: "--model", "model").
GendyModel parse_gendy_model(std::string_view text, std::string_view option);
/// "linear" or "cubic"; otherwise Error(kUsage) "<option> must be linear or cubic".
GendyInterpolation parse_gendy_interpolation(std::string_view text, std::string_view option);

/// A GENDYN oscillator. Draws from `rng` only (pass e.g. root.stream("gendyn")).
class GendynOscillator {
 public:
  GendynOscillator(GendynOptions options, core::Rng rng);
  /// Writes the next out.size() samples.
  void generate(std::span<float> out);
  /// Frequencies (1 / period length) of the periods completed so far, for analysis and
  /// tests; kept only when track_periods is true.
  const std::vector<double>& period_frequencies_hz() const { return period_hz_; }
  void track_periods(bool on) { track_periods_ = on; }

 private:
  struct Point {
    double amp = 0.0;
    double frames = 1.0;      // length of the segment that ends at this point
    bool period_end = false;  // the last breakpoint of a period
  };
  Point next_point();
  void gendy3_cycle();
  void advance();
  double step(bool amplitude, double u);
  double tangent(const Point& before, const Point& at, const Point& after) const;

  GendynOptions o_;
  core::Rng rng_, amp_rng_{0}, dur_rng_{0};
  detail::GendyStep amp_step_, dur_step_;  // the Gendy laws, constants precomputed
  int num_;  // breakpoints per period
  std::vector<double> memory_amp_, memory_dur_, memory_amp_step_, memory_dur_step_;
  int index_ = 0;
  double old_amp_ = 0.0, older_amp_ = 0.0;  // Gendy2's Lehmer seed
  std::vector<Point> cycle_;                // Gendy3: the current period's points
  std::size_t cycle_pos_ = 0;
  // The segment being drawn goes from p1 to p2; p0 and p3 are its neighbours (for cubic).
  Point p0_, p1_, p2_, p3_;
  double t_frames_ = 0.0;  // position inside the current segment
  double m1_ = 0.0, m2_ = 0.0;
  bool started_ = false;
  bool track_periods_ = false;
  bool seen_period_end_ = false;
  double period_frames_ = 0.0;
  std::vector<double> period_hz_;
};

/// `duration_seconds` of mono GENDYN sound from seed `rng`.
AudioBuffer gendyn(const GendynOptions& options, double duration_seconds, core::Rng rng);

/// The same sound written to `path` block by block, never holding all of it: the file has the
/// bytes of write_audio_file(path, gendyn(options, duration_seconds, rng), write_options).
void write_gendyn_file(const std::filesystem::path& path, const GendynOptions& options, double duration_seconds,
                       core::Rng rng, const AudioWriteOptions& write_options = {});

}  // namespace stochos::audio
