// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Waveform pictures of sound: one lane per channel, time in seconds across, amplitude -1..1
/// up the side. Each pixel column shows the range (min..max) of its samples, with their RMS as
/// a darker core; columns that reach full scale (|x| >= 0.999, clipping when written as
/// integers) are drawn in red. With fewer samples than pixels the samples are joined by lines.
/// Takes plain interleaved floats so that plot needs no audio type (plot and audio are
/// separate modules; the CLI passes AudioBuffer's samples). Rendered with cairo to PNG.
/// Thread-safe (no shared state).
#include <filesystem>
#include <span>
#include <string>

namespace stochos::plot {

struct WaveformPlotOptions {
  int width_px = 1200;
  /// 0: 180 pixels per channel lane plus the margins.
  int height_px = 0;
  std::string title;  ///< drawn above the lanes when set
};

/// The PNG bytes. `samples` are interleaved frames of `channels` (1..64) channels at
/// `sample_rate_hz`. Throws Error(kUsage) for an impossible size, no samples, or bad counts.
std::string render_waveform_png(std::span<const float> samples, int channels, int sample_rate_hz,
                                const WaveformPlotOptions& options = {});

/// Renders and writes the PNG atomically. Throws as above, or Error(kIo).
void write_waveform_png(std::span<const float> samples, int channels, int sample_rate_hz,
                        const std::filesystem::path& path, const WaveformPlotOptions& options = {});

}  // namespace stochos::plot
