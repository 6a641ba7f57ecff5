// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/audio/audio_buffer.h"

#include <cmath>

#include "stochos/core/error.h"

namespace stochos::audio {

std::vector<float> AudioBuffer::channel(int c) const {
  std::vector<float> out(frames());
  for (std::size_t f = 0; f < out.size(); ++f) out[f] = samples[f * channels + c];
  return out;
}

std::vector<float> AudioBuffer::mono() const {
  std::vector<float> out(frames());
  const float scale = 1.0f / static_cast<float>(channels);
  for (std::size_t f = 0; f < out.size(); ++f) {
    float sum = 0.0f;
    for (int c = 0; c < channels; ++c) sum += samples[f * channels + c];
    out[f] = sum * scale;
  }
  return out;
}

float AudioBuffer::peak() const {
  float p = 0.0f;
  for (float s : samples) p = std::max(p, std::fabs(s));
  return p;
}

std::size_t seconds_to_frames(double seconds, int sample_rate_hz, double max_seconds) {
  if (!std::isfinite(seconds) || seconds < 0.0) {
    throw Error::usage("a duration must be a finite number of seconds >= 0");
  }
  if (seconds > max_seconds) {
    throw Error::usage("a duration of " + std::to_string(seconds) + " s exceeds the limit of " +
                       std::to_string(max_seconds) + " s");
  }
  return static_cast<std::size_t>(std::llround(seconds * sample_rate_hz));
}

void check_sample_rate(int sample_rate_hz) {
  if (sample_rate_hz < 8000 || sample_rate_hz > 192000) {
    throw Error::usage("sample rate " + std::to_string(sample_rate_hz) + " Hz is outside 8000..192000 Hz");
  }
}

}  // namespace stochos::audio
