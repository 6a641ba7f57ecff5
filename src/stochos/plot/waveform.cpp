// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/plot/waveform.h"

#include <algorithm>
#include <cmath>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/plot/color.h"
#include "stochos/plot/detail/axis.h"
#include "stochos/plot/detail/canvas.h"

namespace stochos::plot {
namespace {

using detail::Canvas;
using detail::kAxisInk;
using detail::TextAlign;

constexpr Rgba kRange{0.55, 0.68, 0.85, 1.0};
constexpr Rgba kCore{0.16, 0.35, 0.62, 1.0};
constexpr Rgba kClipped{0.85, 0.15, 0.15, 1.0};
constexpr Rgba kGrid{0.75, 0.75, 0.75, 1.0};
constexpr double kFullScale = 0.999;

}  // namespace

std::string render_waveform_png(std::span<const float> samples, int channels, int sample_rate_hz,
                                const WaveformPlotOptions& options) {
  if (channels < 1 || channels > 64) throw Error::usage("a waveform needs 1..64 channels");
  if (sample_rate_hz < 1) throw Error::usage("a waveform needs a positive sample rate");
  const std::size_t frames = samples.size() / static_cast<std::size_t>(channels);
  if (frames == 0) throw Error::usage("a waveform of no samples");
  const double left = 52, right = 16, lane_gap = 10;
  const double top = options.title.empty() ? 12 : 34;
  const double bottom = 44;
  const int height = options.height_px > 0
                         ? options.height_px
                         : static_cast<int>(top + bottom + channels * 180.0 + (channels - 1) * lane_gap);
  Canvas canvas(options.width_px, height);
  const double plot_w = options.width_px - left - right;
  const double lane_h = (height - top - bottom - (channels - 1) * lane_gap) / channels;
  if (plot_w < 8 || lane_h < 8) throw Error::usage("waveform too small for its margins");
  const double duration_seconds = static_cast<double>(frames) / sample_rate_hz;
  if (!options.title.empty()) canvas.text(left, 22, options.title, 15, kAxisInk);

  const auto columns = static_cast<std::size_t>(plot_w);
  const double frames_per_px = static_cast<double>(frames) / plot_w;
  auto sample = [&](std::size_t f, int c) { return static_cast<double>(samples[f * channels + c]); };
  for (int c = 0; c < channels; ++c) {
    const double lane_top = top + c * (lane_h + lane_gap);
    auto y_of = [&](double v) { return lane_top + (1.0 - std::clamp(v, -1.0, 1.0)) * lane_h / 2.0; };
    for (double v : {1.0, 0.5, -0.5, -1.0}) canvas.line(left, y_of(v), left + plot_w, y_of(v), 0.5, kGrid);
    canvas.line(left, y_of(0), left + plot_w, y_of(0), 0.8, kGrid);
    for (double v : {1.0, 0.0, -1.0}) {
      canvas.text(left - 6, y_of(v) + 4, detail::format_tick(v), 11, kAxisInk, TextAlign::kRight);
    }
    if (channels > 1) canvas.text(left + 4, lane_top + 13, "channel " + std::to_string(c + 1), 11, kAxisInk);
    if (frames_per_px >= 1.0) {
      for (std::size_t x = 0; x < columns; ++x) {
        const auto f0 = static_cast<std::size_t>(static_cast<double>(x) * frames_per_px);
        const auto f1 = std::min(frames, std::max(f0 + 1, static_cast<std::size_t>((x + 1) * frames_per_px)));
        double lo = 1e300, hi = -1e300, sum2 = 0.0;
        for (std::size_t f = f0; f < f1; ++f) {
          const double v = sample(f, c);
          lo = std::min(lo, v);
          hi = std::max(hi, v);
          sum2 += v * v;
        }
        const double rms = std::sqrt(sum2 / static_cast<double>(f1 - f0));
        const double px = left + static_cast<double>(x) + 0.5;
        const bool clipped = hi >= kFullScale || lo <= -kFullScale;
        // At least one pixel tall, so silence still shows as a line.
        canvas.line(px, y_of(hi) - 0.5, px, y_of(lo) + 0.5, 1.0, clipped ? kClipped : kRange);
        if (rms > 0) canvas.line(px, y_of(std::min(hi, rms)), px, y_of(std::max(lo, -rms)), 1.0, kCore);
      }
    } else {
      const double px_per_frame = plot_w / static_cast<double>(frames);
      for (std::size_t f = 0; f + 1 < frames; ++f) {
        canvas.line(left + (f + 0.5) * px_per_frame, y_of(sample(f, c)), left + (f + 1.5) * px_per_frame,
                    y_of(sample(f + 1, c)), 1.2, kCore);
      }
      if (frames == 1) canvas.line(left, y_of(sample(0, c)), left + plot_w, y_of(sample(0, c)), 1.2, kCore);
    }
    canvas.stroke_rect(left, lane_top, plot_w, lane_h, 1.0, kAxisInk);
  }
  detail::draw_time_axis(canvas, left, plot_w, height - bottom, duration_seconds);
  return canvas.png();
}

void write_waveform_png(std::span<const float> samples, int channels, int sample_rate_hz,
                        const std::filesystem::path& path, const WaveformPlotOptions& options) {
  core::write_file_atomically(path, render_waveform_png(samples, channels, sample_rate_hz, options));
}

}  // namespace stochos::plot
