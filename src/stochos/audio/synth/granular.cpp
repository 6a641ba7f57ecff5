// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/audio/synth/granular.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "stochos/core/error.h"
#include "stochos/stochastic/processes.h"

namespace stochos::audio {
namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw Error::usage(message);
}

double envelope_at(GrainEnvelope shape, double x) {
  switch (shape) {
    case GrainEnvelope::kGaussian: {
      const double z = (x - 0.5) / 0.15;
      return std::exp(-0.5 * z * z);
    }
    case GrainEnvelope::kHann:
      return 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * x);
    case GrainEnvelope::kTrapezoid:
      return std::min({1.0, x / 0.1, (1.0 - x) / 0.1});
    case GrainEnvelope::kRandom:
      break;
  }
  return 0.0;
}

// Envelopes are read from 4096-point tables with linear interpolation: an exp() or cos() per
// sample made clouds several times slower than Csound's table-driven grain opcode.
constexpr std::size_t kTableSize = 4096;

std::vector<double> envelope_table(GrainEnvelope shape) {
  std::vector<double> t(kTableSize + 1);
  for (std::size_t i = 0; i <= kTableSize; ++i) t[i] = envelope_at(shape, static_cast<double>(i) / kTableSize);
  return t;
}

double lookup(const std::vector<double>& table, double x) {
  const double p = std::clamp(x, 0.0, 1.0) * kTableSize;
  const auto i = std::min(static_cast<std::size_t>(p), kTableSize - 1);
  return table[i] + (table[i + 1] - table[i]) * (p - static_cast<double>(i));
}

}  // namespace

void validate(const GrainCloudOptions& o) {
  check_sample_rate(o.sample_rate_hz);
  require(std::isfinite(o.duration_seconds) && o.duration_seconds > 0.0 && o.duration_seconds <= 3600.0,
          "cloud duration must be in (0, 3600] seconds");
  require(std::isfinite(o.density_hz) && o.density_hz >= 0.0 && o.density_hz <= 20000.0,
          "grain density must be in 0..20000 grains per second");
  require(o.freq_lo_hz > 0.0 && o.freq_lo_hz <= o.freq_hi_hz && o.freq_hi_hz <= o.sample_rate_hz / 2.0,
          "grain frequencies need 0 < lo <= hi <= the Nyquist frequency");
  require(o.grain_lo_seconds >= 0.001 && o.grain_lo_seconds <= o.grain_hi_seconds && o.grain_hi_seconds <= 10.0,
          "grain durations need 0.001 <= lo <= hi <= 10 seconds");
  require(o.amp_lo >= 0.0 && o.amp_lo <= o.amp_hi && o.amp_hi <= 10.0, "grain amplitudes need 0 <= lo <= hi <= 10");
  require(o.pan_spread >= 0.0 && o.pan_spread <= 1.0, "pan spread must be in 0..1");
  require(o.position_lo >= 0.0 && o.position_lo <= o.position_hi && o.position_hi <= 1.0,
          "read positions need 0 <= lo <= hi <= 1");
  require(std::fabs(o.transpose_lo_semitones) <= 48.0 && std::fabs(o.transpose_hi_semitones) <= 48.0 &&
              o.transpose_lo_semitones <= o.transpose_hi_semitones,
          "transpositions need -48 <= lo <= hi <= 48 semitones");
  if (o.source) require(o.source->frames() > 1 && o.source->channels >= 1, "the granulated sound is empty");
}

AudioBuffer grain_cloud(const GrainCloudOptions& o, const core::Rng& rng) {
  validate(o);
  AudioBuffer out;
  out.sample_rate_hz = o.sample_rate_hz;
  out.channels = 2;
  const std::size_t frames = seconds_to_frames(o.duration_seconds, o.sample_rate_hz);
  out.samples.assign(2 * frames, 0.0f);
  std::vector<float> source;
  double source_rate_ratio = 1.0;  // source frames per output frame at no transposition
  if (o.source) {
    source = o.source->mono();
    source_rate_ratio = static_cast<double>(o.source->sample_rate_hz) / o.sample_rate_hz;
  }
  core::Rng onset_rng = rng.stream("onsets");
  core::Rng grain_rng = rng.stream("grain");
  const std::vector<double> onsets = stochastic::poisson_onsets(o.density_hz, o.duration_seconds, onset_rng);
  const std::vector<double> tables[3] = {envelope_table(GrainEnvelope::kGaussian), envelope_table(GrainEnvelope::kHann),
                                         envelope_table(GrainEnvelope::kTrapezoid)};
  const double log_lo = std::log(o.freq_lo_hz), log_hi = std::log(o.freq_hi_hz);
  for (double onset_seconds : onsets) {
    // A fixed number of draws per grain, in a fixed order, whatever the options.
    const double u_freq = grain_rng.uniform01();
    const double u_dur = grain_rng.uniform01();
    const double u_amp = grain_rng.uniform01();
    const double u_pan = grain_rng.uniform01();
    const double u_env = grain_rng.uniform01();
    const double u_pos = grain_rng.uniform01();
    const double u_phase = grain_rng.uniform01();
    const double freq_hz = std::exp(log_lo + (log_hi - log_lo) * u_freq);
    const double grain_seconds = o.grain_lo_seconds + (o.grain_hi_seconds - o.grain_lo_seconds) * u_dur;
    const double amp = o.amp_lo + (o.amp_hi - o.amp_lo) * u_amp;
    const double pan = 0.5 + o.pan_spread * (u_pan - 0.5);  // 0 left .. 1 right
    const double gain_l = amp * std::cos(0.5 * std::numbers::pi * pan);
    const double gain_r = amp * std::sin(0.5 * std::numbers::pi * pan);
    GrainEnvelope shape = o.envelope;
    if (shape == GrainEnvelope::kRandom) shape = static_cast<GrainEnvelope>(std::min(2, static_cast<int>(u_env * 3.0)));
    const std::vector<double>& env = tables[static_cast<int>(shape)];
    const auto start = static_cast<std::size_t>(std::llround(onset_seconds * o.sample_rate_hz));
    const auto length = std::max<std::size_t>(2, static_cast<std::size_t>(grain_seconds * o.sample_rate_hz));
    const double inv_length = 1.0 / static_cast<double>(length - 1);
    if (o.source) {
      const double transpose = o.transpose_lo_semitones + (o.transpose_hi_semitones - o.transpose_lo_semitones) * u_phase;
      const double speed = source_rate_ratio * std::pow(2.0, transpose / 12.0);
      const double span = speed * static_cast<double>(length);
      const double last_start = std::max(0.0, static_cast<double>(source.size() - 1) - span);
      const double position = std::min(last_start, (o.position_lo + (o.position_hi - o.position_lo) * u_pos) *
                                                       static_cast<double>(source.size() - 1));
      for (std::size_t i = 0; i < length && start + i < frames; ++i) {
        const double read = position + speed * static_cast<double>(i);
        const auto j = static_cast<std::size_t>(read);
        if (j + 1 >= source.size()) break;
        const double frac = read - static_cast<double>(j);
        const double x = (source[j] + (source[j + 1] - source[j]) * frac) * lookup(env, static_cast<double>(i) * inv_length);
        out.samples[2 * (start + i)] += static_cast<float>(x * gain_l);
        out.samples[2 * (start + i) + 1] += static_cast<float>(x * gain_r);
      }
    } else {
      // The sine by rotation of a unit phasor (one complex multiply per sample); over a
      // grain of at most 10 s the accumulated rounding stays near 1e-12.
      const double phase0 = 2.0 * std::numbers::pi * u_phase;
      const double step = 2.0 * std::numbers::pi * freq_hz / o.sample_rate_hz;
      const double cos_step = std::cos(step), sin_step = std::sin(step);
      double re = std::cos(phase0), im = std::sin(phase0);
      for (std::size_t i = 0; i < length && start + i < frames; ++i) {
        const double x = im * lookup(env, static_cast<double>(i) * inv_length);
        const double next_re = re * cos_step - im * sin_step;
        im = re * sin_step + im * cos_step;
        re = next_re;
        out.samples[2 * (start + i)] += static_cast<float>(x * gain_l);
        out.samples[2 * (start + i) + 1] += static_cast<float>(x * gain_r);
      }
    }
  }
  return out;
}

}  // namespace stochos::audio
