// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Audio in memory: interleaved 32-bit float frames at one sample rate, nominally in [-1, 1].
/// A plain value type; not thread-safe to mutate from several threads.
#include <cstddef>
#include <vector>

namespace stochos::audio {

struct AudioBuffer {
  int sample_rate_hz = 44100;
  int channels = 1;
  std::vector<float> samples;  ///< interleaved: frame f, channel c at samples[f * channels + c]

  std::size_t frames() const { return channels > 0 ? samples.size() / static_cast<std::size_t>(channels) : 0; }
  double duration_seconds() const {
    return sample_rate_hz > 0 ? static_cast<double>(frames()) / sample_rate_hz : 0.0;
  }
  /// One channel as its own vector.
  std::vector<float> channel(int c) const;
  /// The mean of all channels (a mono mixdown).
  std::vector<float> mono() const;
  /// Largest |sample|.
  float peak() const;
};

/// Seconds to a whole number of frames at `sample_rate_hz`, rounded to nearest. Throws
/// Error(kUsage) for negative or non-finite seconds or more than `max_seconds` (a guard against
/// unit mistakes: ms given as s).
std::size_t seconds_to_frames(double seconds, int sample_rate_hz, double max_seconds = 24.0 * 3600.0);

/// Throws Error(kUsage) unless 8000 <= sample_rate_hz <= 192000.
void check_sample_rate(int sample_rate_hz);

}  // namespace stochos::audio
