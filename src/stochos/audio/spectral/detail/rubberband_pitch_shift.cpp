// SPDX-License-Identifier: GPL-3.0-or-later
// The Rubber Band seam: the only file that includes <rubberband/RubberBandStretcher.h>
// (librubberband 3.x API: getPreferredStartPad and getStartDelay for real-time alignment).
#include <rubberband/RubberBandStretcher.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <vector>

#include "stochos/audio/spectral/spectral_transform.h"
#include "stochos/core/error.h"

namespace stochos::audio {

AudioBuffer pitch_shift(const AudioBuffer& input, const TimeCurve& semitones_at, const PitchShiftOptions& options) {
  using RB = RubberBand::RubberBandStretcher;
  check_sample_rate(input.sample_rate_hz);
  const int channels = input.channels;
  const std::size_t frames = input.frames();
  if (channels < 1 || frames == 0) throw Error::usage("pitch shift needs a non-empty input");
  const std::size_t block = static_cast<std::size_t>(std::clamp(options.block_frames, 16, 8192));
  RB::Options flags = RB::OptionProcessRealTime | RB::OptionPitchHighConsistency;
  flags |= options.finer_engine ? RB::OptionEngineFiner : RB::OptionEngineFaster;
  if (options.preserve_formants) flags |= RB::OptionFormantPreserved;

  AudioBuffer out;
  out.sample_rate_hz = input.sample_rate_hz;
  out.channels = channels;
  out.samples.assign(input.samples.size(), 0.0f);
  try {
    RB stretcher(static_cast<std::size_t>(input.sample_rate_hz), static_cast<std::size_t>(channels), flags, 1.0, 1.0);
    std::vector<std::vector<float>> in_planes(channels, std::vector<float>(block));
    std::vector<std::vector<float>> out_planes(channels, std::vector<float>(block));
    std::vector<float*> in_ptrs(channels), out_ptrs(channels);
    for (int c = 0; c < channels; ++c) {
      in_ptrs[c] = in_planes[c].data();
      out_ptrs[c] = out_planes[c].data();
    }
    std::size_t to_skip = stretcher.getStartDelay();  // output frames that precede the input
    std::size_t written = 0;
    auto drain = [&] {
      for (int avail = stretcher.available(); avail > 0; avail = stretcher.available()) {
        const std::size_t n = stretcher.retrieve(out_ptrs.data(), std::min<std::size_t>(avail, block));
        for (std::size_t i = 0; i < n; ++i) {
          if (to_skip > 0) {
            --to_skip;
            continue;
          }
          if (written >= frames) return;
          for (int c = 0; c < channels; ++c) out.samples[written * channels + c] = out_planes[c][i];
          ++written;
        }
      }
    };
    auto set_pitch = [&](double t_seconds) {
      const double semitones = semitones_at ? semitones_at(t_seconds) : 0.0;
      if (!std::isfinite(semitones)) throw Error::usage("the pitch curve gave a value that is not a number");
      stretcher.setPitchScale(std::pow(2.0, std::clamp(semitones, -36.0, 36.0) / 12.0));
    };
    set_pitch(0.0);
    // Rubber Band asks for silence before the first sample so that it starts in steady state.
    for (std::size_t pad = stretcher.getPreferredStartPad(); pad > 0;) {
      const std::size_t n = std::min(pad, block);
      for (int c = 0; c < channels; ++c) std::fill_n(in_planes[c].data(), n, 0.0f);
      stretcher.process(in_ptrs.data(), n, false);
      drain();
      pad -= n;
    }
    // After the input, silence is fed until the delayed output has caught up with it.
    const std::size_t flush_limit = frames + 16 * block + stretcher.getStartDelay() + 65536;
    for (std::size_t pos = 0; written < frames && pos < flush_limit; pos += block) {
      set_pitch(static_cast<double>(pos) / input.sample_rate_hz);
      const std::size_t n = block;
      for (int c = 0; c < channels; ++c) {
        for (std::size_t i = 0; i < n; ++i) {
          const std::size_t f = pos + i;
          in_planes[c][i] = f < frames ? input.samples[f * channels + c] : 0.0f;
        }
      }
      stretcher.process(in_ptrs.data(), n, false);
      drain();
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error::internal(std::string("Rubber Band failed: ") + e.what());
  }
  return out;
}

}  // namespace stochos::audio
