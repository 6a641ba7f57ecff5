// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Granular synthesis after Gabor's acoustic quanta (Gabor, "Acoustical quanta and the theory
/// of hearing", Nature 159, 1947) and Xenakis's screens of grains (Formalized Music ch. II):
/// a cloud of short grains whose onsets form a Poisson process of the given density and whose
/// frequency, duration, envelope, amplitude and stereo position are drawn independently per
/// grain. Grains are either synthetic (a sine at the drawn frequency) or cut from a source
/// sound (granulation), read from a random position and transposed by a random interval.
///
/// Every draw comes from named streams of the Rng passed in ("onsets", "grain"), so the same
/// seed gives the same samples. Output is stereo, equal-power panned. Thread-safe (no state).
#include <filesystem>
#include <optional>
#include <string_view>

#include "stochos/audio/audio_buffer.h"
#include "stochos/audio/audio_file.h"
#include "stochos/core/random.h"

namespace stochos::audio {

enum class GrainEnvelope {
  kGaussian,   ///< Gabor's elementary signal: exp(-½((x-½)/0.15)²), truncated at the ends
  kHann,       ///< raised cosine
  kTrapezoid,  ///< 10 % linear attack and release
  kRandom,     ///< one of the three above, drawn per grain
};

struct GrainCloudOptions {
  double duration_seconds = 5.0;
  int sample_rate_hz = 44100;
  double density_hz = 50.0;         ///< mean grains per second (Poisson)
  double freq_lo_hz = 200.0;        ///< synthetic grains: frequency drawn log-uniformly
  double freq_hi_hz = 2000.0;
  double grain_lo_seconds = 0.02;   ///< grain duration drawn uniformly in [lo, hi]
  double grain_hi_seconds = 0.08;
  GrainEnvelope envelope = GrainEnvelope::kGaussian;
  double amp_lo = 0.05;             ///< grain peak amplitude drawn uniformly in [lo, hi]
  double amp_hi = 0.2;
  double pan_spread = 1.0;          ///< 0: all centred, 1: positions uniform over the stereo field
  /// Granulation: grains are read from this sound (mixed to mono) instead of sines.
  std::optional<AudioBuffer> source;
  double position_lo = 0.0;         ///< read position, as a fraction of the source's length
  double position_hi = 1.0;
  double transpose_lo_semitones = 0.0;  ///< per-grain transposition, uniform in [lo, hi]
  double transpose_hi_semitones = 0.0;
};

/// "gaussian", "hann", "trapezoid" or "random"; otherwise Error(kUsage) "<option> must be
/// gaussian, hann, trapezoid or random" (`option` as the caller's user wrote it).
GrainEnvelope parse_grain_envelope(std::string_view text, std::string_view option);

/// Throws Error(kUsage) naming the first option out of range.
void validate(const GrainCloudOptions& options);

/// The cloud. Samples are summed, not normalised: dense clouds of loud grains can exceed
/// full scale (the file writer clips); lower amp_hi for them.
AudioBuffer grain_cloud(const GrainCloudOptions& options, const core::Rng& rng);

/// The same cloud written to `path` block by block, never holding all of it (no page faults
/// for a long cloud's buffer): the file has the bytes of
/// write_audio_file(path, grain_cloud(options, rng), write_options).
void write_grain_cloud_file(const std::filesystem::path& path, const GrainCloudOptions& options, const core::Rng& rng,
                            const AudioWriteOptions& write_options = {});

}  // namespace stochos::audio
