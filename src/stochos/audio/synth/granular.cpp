// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/audio/synth/granular.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <span>
#include <string>

#include "stochos/audio/audio_file.h"
#include "stochos/audio/synth/detail/grain_blocks.h"
#include "stochos/core/error.h"
#include "stochos/core/interrupt.h"
#include "stochos/stochastic/processes.h"

namespace stochos::audio {
namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw Error::usage(message);
}

constexpr std::size_t kBlock = detail::kGrainBlock;

// Adds one grain of `audible` samples to interleaved stereo `mix`: `signal(first, n, out)`
// writes up to n samples of the grain from sample `first` on and returns how many it wrote
// (fewer when a granulated source runs out, which ends the grain).
template <class Envelope, class Signal>
void mix_grain(Envelope envelope, Signal&& signal, std::size_t audible, float gain_l, float gain_r, float* mix) {
  alignas(32) float s[kBlock];
  alignas(32) float e[kBlock];
  for (std::size_t first = 0; first < audible; first += kBlock) {
    const std::size_t n = signal(first, std::min(kBlock, audible - first), s);
    envelope.next(e);
    detail::mix_block(s, e, gain_l, gain_r, mix + 2 * first, n);
    if (n < kBlock) break;
  }
}

template <class Signal>
void mix_grain(GrainEnvelope shape, std::size_t length, Signal&& signal, std::size_t audible, float gain_l,
               float gain_r, float* mix) {
  switch (shape) {
    case GrainEnvelope::kHann:
      return mix_grain(detail::HannBlocks(length), signal, audible, gain_l, gain_r, mix);
    case GrainEnvelope::kTrapezoid:
      return mix_grain(detail::TrapezoidBlocks(length), signal, audible, gain_l, gain_r, mix);
    case GrainEnvelope::kGaussian:
    case GrainEnvelope::kRandom:  // drawn per grain before this call
      break;
  }
  mix_grain(detail::GaussianBlocks(length), signal, audible, gain_l, gain_r, mix);
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

namespace {

// The grains of a cloud in onset order: draws each grain's parameters and adds its samples to a
// stereo buffer holding some stretch of the cloud. Whole-buffer and block-by-block rendering
// add the same grains in the same order, so every sample is the same sum, bit for bit.
class GrainCloudRenderer {
 public:
  GrainCloudRenderer(const GrainCloudOptions& o, const core::Rng& rng)
      : o_(o),
        frames_(seconds_to_frames(o.duration_seconds, o.sample_rate_hz)),
        // The longest grain, with a frame to spare for the rounding of lo + (hi - lo)·u.
        max_grain_frames_(static_cast<std::size_t>(o.grain_hi_seconds * o.sample_rate_hz) + 2),
        grain_rng_(rng.stream("grain")),
        log_lo_(std::log(o.freq_lo_hz)),
        log_hi_(std::log(o.freq_hi_hz)) {
    if (o.source) {
      source_ = o.source->mono();
      source_rate_ratio_ = static_cast<double>(o.source->sample_rate_hz) / o.sample_rate_hz;
    }
    core::Rng onset_rng = rng.stream("onsets");
    onsets_ = stochastic::poisson_onsets(o.density_hz, o.duration_seconds, onset_rng);
  }

  std::size_t frames() const { return frames_; }
  std::size_t max_grain_frames() const { return max_grain_frames_; }

  /// Adds every grain not yet added that starts before frame `end` to `mix`, interleaved
  /// stereo whose first frame is the cloud's frame `origin`; it must reach `end` plus
  /// max_grain_frames() (or the cloud's end), and no grain may start before `origin`.
  void add_grains_before(std::size_t end, float* mix, std::size_t origin) {
    for (; next_ < onsets_.size(); ++next_) {
      const auto start = static_cast<std::size_t>(std::llround(onsets_[next_] * o_.sample_rate_hz));
      if (start >= end && end < frames_) return;  // onsets at the cloud's end go with the last block
      add_grain(start, mix, origin);
    }
  }

 private:
  void add_grain(std::size_t start, float* window, std::size_t origin) {
    // A fixed number of draws per grain, in a fixed order, whatever the options.
    const double u_freq = grain_rng_.uniform01();
    const double u_dur = grain_rng_.uniform01();
    const double u_amp = grain_rng_.uniform01();
    const double u_pan = grain_rng_.uniform01();
    const double u_env = grain_rng_.uniform01();
    const double u_pos = grain_rng_.uniform01();
    const double u_phase = grain_rng_.uniform01();
    if (start >= frames_) return;  // an onset rounded to the cloud's end
    const double freq_hz = std::exp(log_lo_ + (log_hi_ - log_lo_) * u_freq);
    const double grain_seconds = o_.grain_lo_seconds + (o_.grain_hi_seconds - o_.grain_lo_seconds) * u_dur;
    const double amp = o_.amp_lo + (o_.amp_hi - o_.amp_lo) * u_amp;
    const double pan = 0.5 + o_.pan_spread * (u_pan - 0.5);  // 0 left .. 1 right
    const auto left = static_cast<float>(amp * std::cos(0.5 * std::numbers::pi * pan));
    const auto right = static_cast<float>(amp * std::sin(0.5 * std::numbers::pi * pan));
    GrainEnvelope shape = o_.envelope;
    if (shape == GrainEnvelope::kRandom) shape = static_cast<GrainEnvelope>(std::min(2, static_cast<int>(u_env * 3.0)));
    const auto length = std::max<std::size_t>(2, static_cast<std::size_t>(grain_seconds * o_.sample_rate_hz));
    const std::size_t audible = std::min(length, frames_ - start);  // samples inside the cloud
    float* const mix = window + 2 * (start - origin);
    if (o_.source) {
      const double transpose =
          o_.transpose_lo_semitones + (o_.transpose_hi_semitones - o_.transpose_lo_semitones) * u_phase;
      const double speed = source_rate_ratio_ * std::pow(2.0, transpose / 12.0);
      const double last_frame = static_cast<double>(source_.size() - 1);
      const double last_start = std::max(0.0, last_frame - speed * static_cast<double>(length));
      const double position =
          std::min(last_start, (o_.position_lo + (o_.position_hi - o_.position_lo) * u_pos) * last_frame);
      const auto read_source = [&](std::size_t first, std::size_t n, float* s) {
        for (std::size_t k = 0; k < n; ++k) {
          const double read = position + speed * static_cast<double>(first + k);
          const auto j = static_cast<std::size_t>(read);
          if (j + 1 >= source_.size()) return k;
          const double frac = read - static_cast<double>(j);
          s[k] = static_cast<float>(source_[j] + (source_[j + 1] - source_[j]) * frac);
        }
        return n;
      };
      mix_grain(shape, length, read_source, audible, left, right, mix);
    } else {
      detail::BlockOscillator oscillator(2.0 * std::numbers::pi * u_phase,
                                         2.0 * std::numbers::pi * freq_hz / o_.sample_rate_hz);
      const auto sine = [&](std::size_t, std::size_t n, float* s) {
        oscillator.sine(s);
        return n;
      };
      mix_grain(shape, length, sine, audible, left, right, mix);
    }
  }

  const GrainCloudOptions& o_;
  std::size_t frames_, max_grain_frames_;
  core::Rng grain_rng_;
  double log_lo_, log_hi_;
  std::vector<float> source_;
  double source_rate_ratio_ = 1.0;  // source frames per output frame at no transposition
  std::vector<double> onsets_;
  std::size_t next_ = 0;  // the next grain to add
};

}  // namespace

AudioBuffer grain_cloud(const GrainCloudOptions& o, const core::Rng& rng) {
  validate(o);
  GrainCloudRenderer cloud(o, rng);
  AudioBuffer out;
  out.sample_rate_hz = o.sample_rate_hz;
  out.channels = 2;
  out.samples.assign(2 * cloud.frames(), 0.0f);
  // In steps of a second or so, so that a host can interrupt a long cloud (core/interrupt.h);
  // grains are added whole either way, so the samples do not depend on the steps.
  constexpr std::size_t kStep = std::size_t{1} << 16;
  for (std::size_t end = 0; end < cloud.frames();) {
    core::check_interrupt();
    end = std::min(end + kStep, cloud.frames());
    cloud.add_grains_before(end, out.samples.data(), 0);
  }
  return out;
}

void write_grain_cloud_file(const std::filesystem::path& path, const GrainCloudOptions& o, const core::Rng& rng,
                            const AudioWriteOptions& write_options) {
  container_for_path(path);
  validate(o);
  GrainCloudRenderer cloud(o, rng);
  if (cloud.frames() == 0) throw Error::usage("refusing to write an empty audio file: " + path.string());
  AudioFileWriter writer(path, o.sample_rate_hz, 2, write_options);
  // A window of `block` frames plus the longest grain: grains starting in the block are added
  // whole, the block is written, and what they left in the tail moves to the front.
  const std::size_t block = std::max<std::size_t>(std::size_t{1} << 14, cloud.max_grain_frames());
  std::vector<float> window(2 * (block + cloud.max_grain_frames()), 0.0f);
  for (std::size_t origin = 0; origin < cloud.frames(); origin += block) {
    core::check_interrupt();
    const std::size_t end = std::min(origin + block, cloud.frames());
    cloud.add_grains_before(end, window.data(), origin);
    writer.write(std::span<const float>(window.data(), 2 * (end - origin)));
    const auto tail = window.begin() + static_cast<std::ptrdiff_t>(2 * block);
    std::fill(std::copy(tail, window.end(), window.begin()), window.end(), 0.0f);
  }
  writer.finish();
}

GrainEnvelope parse_grain_envelope(std::string_view text, std::string_view option) {
  if (text == "gaussian") return GrainEnvelope::kGaussian;
  if (text == "hann") return GrainEnvelope::kHann;
  if (text == "trapezoid") return GrainEnvelope::kTrapezoid;
  if (text == "random") return GrainEnvelope::kRandom;
  throw Error::usage(std::string(option) + " must be gaussian, hann, trapezoid or random");
}

}  // namespace stochos::audio
