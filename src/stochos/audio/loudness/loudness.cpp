// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/audio/loudness/loudness.h"

#include <ebur128.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "stochos/core/error.h"

namespace stochos::audio {
namespace {

struct StateDeleter {
  void operator()(ebur128_state* s) const { ebur128_destroy(&s); }
};

void check(int status, const char* what) {
  if (status != EBUR128_SUCCESS) {
    throw Error::internal(std::string("libebur128 failed to ") + what + " (status " + std::to_string(status) + ")");
  }
}

}  // namespace

Loudness measure_loudness(const AudioBuffer& audio) {
  if (audio.frames() == 0 || audio.channels < 1) throw Error::usage("cannot measure the loudness of an empty sound");
  check_sample_rate(audio.sample_rate_hz);
  std::unique_ptr<ebur128_state, StateDeleter> state(
      ebur128_init(static_cast<unsigned>(audio.channels), static_cast<unsigned long>(audio.sample_rate_hz),
                   EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK));
  if (!state) throw Error::internal("libebur128 could not start a measurement");
  // Mono counts once, as BS.1770 weights a single front channel; beyond stereo every channel
  // is a front channel of weight 1 (libebur128's default for unnamed channels).
  check(ebur128_add_frames_float(state.get(), audio.samples.data(), audio.frames()), "read the samples");
  Loudness out;
  check(ebur128_loudness_global(state.get(), &out.integrated_lufs), "compute the integrated loudness");
  check(ebur128_loudness_range(state.get(), &out.range_lu), "compute the loudness range");
  double peak = 0;
  for (int c = 0; c < audio.channels; ++c) {
    double channel_peak = 0;
    check(ebur128_true_peak(state.get(), static_cast<unsigned>(c), &channel_peak), "compute the true peak");
    peak = std::max(peak, channel_peak);
  }
  out.true_peak_dbtp = peak > 0 ? 20.0 * std::log10(peak) : -std::numeric_limits<double>::infinity();
  return out;
}

double normalization_gain_db(const Loudness& measured, double target_lufs, double max_true_peak_dbtp) {
  if (!std::isfinite(measured.integrated_lufs)) return 0.0;
  double gain = target_lufs - measured.integrated_lufs;
  if (std::isfinite(measured.true_peak_dbtp)) gain = std::min(gain, max_true_peak_dbtp - measured.true_peak_dbtp);
  return gain;
}

void apply_gain_db(AudioBuffer& audio, double gain_db) {
  const float factor = static_cast<float>(std::pow(10.0, gain_db / 20.0));
  for (float& s : audio.samples) s *= factor;
}

}  // namespace stochos::audio
