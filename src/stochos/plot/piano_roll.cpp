// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/plot/piano_roll.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/plot/color.h"
#include "stochos/plot/detail/canvas.h"
#include "stochos/plot/time_grid.h"

namespace stochos::plot {
namespace {

using detail::Canvas;
using detail::TextAlign;

constexpr Rgba kInk{0.15, 0.15, 0.15, 1.0};
constexpr Rgba kGrid{0.55, 0.55, 0.55, 1.0};
constexpr Rgba kBlackKeyRow{0.94, 0.94, 0.96, 1.0};

// A tick spacing of 1, 2 or 5 times a power of ten that leaves at least `min_px` pixels
// between ticks.
double nice_step(double seconds_per_px, double min_px) {
  const double raw = seconds_per_px * min_px;
  double step = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (step * m >= raw) return step * m;
  }
  return step * 10.0;
}

std::string format_seconds(double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", std::round(t * 1000.0) / 1000.0);
  return buf;
}

bool is_black_key(int pitch) {
  const int pc = ((pitch % 12) + 12) % 12;
  return pc == 1 || pc == 3 || pc == 6 || pc == 8 || pc == 10;
}

using InstrumentKey = std::tuple<bool, int, int>;  // (is_drum, instrument, program)

}  // namespace

std::string note_name(int pitch) {
  static const char* kNames[] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
  const int pc = ((pitch % 12) + 12) % 12;
  const int octave = (pitch - pc) / 12 - 1;
  return std::string(kNames[pc]) + std::to_string(octave);
}

std::string render_piano_roll_png(const magenta::NoteSequence& sequence, const PianoRollOptions& options) {
  // Extent of the music.
  int lowest = 127;
  int highest = 0;
  double end_seconds = sequence.total_time();
  std::map<InstrumentKey, std::size_t> colors;  // instrument -> palette index, in sorted order
  for (const auto& n : sequence.notes()) {
    lowest = std::min(lowest, n.pitch());
    highest = std::max(highest, n.pitch());
    end_seconds = std::max(end_seconds, n.end_time());
    colors.emplace(InstrumentKey{n.is_drum(), n.instrument(), n.program()}, 0);
  }
  if (sequence.notes_size() == 0) {
    lowest = 60;
    highest = 72;
  }
  std::size_t next_color = 0;
  for (auto& [key, index] : colors) index = next_color++;
  const int min_pitch = std::clamp(options.min_pitch.value_or(lowest - 2), 0, 127);
  const int max_pitch = std::clamp(options.max_pitch.value_or(highest + 2), min_pitch, 127);
  if (!(end_seconds > 0) || !std::isfinite(end_seconds)) end_seconds = 1.0;
  const int rows = max_pitch - min_pitch + 1;

  // Layout: pitch labels on the left, time axis below, title and legend above.
  const double left = 52;
  const double right = 12;
  const double top = options.title.empty() ? 12 : 34;
  const double legend_h = options.legend && !colors.empty() ? 22 : 0;
  const double bottom = 44 + legend_h;
  const int height = options.height_px > 0
                         ? options.height_px
                         : static_cast<int>(std::clamp(rows * 8.0, 240.0, 1200.0) + top + bottom);
  Canvas canvas(options.width_px, height);
  const double plot_w = options.width_px - left - right;
  const double plot_h = height - top - bottom;
  if (plot_w < 8 || plot_h < 8) throw Error::usage("piano roll too small for its margins");
  const double row_h = plot_h / rows;
  const double px_per_second = plot_w / end_seconds;
  auto x_of = [&](double t) { return left + t * px_per_second; };
  auto y_of = [&](int pitch) { return top + (max_pitch - pitch) * row_h; };  // top edge of the row

  if (!options.title.empty()) canvas.text(left, 22, options.title, 15, kInk);

  // Pitch rows: shaded black keys, a line and a label at every C.
  const double label_every = row_h >= 9 ? 1 : 12;
  for (int p = min_pitch; p <= max_pitch; ++p) {
    if (is_black_key(p)) canvas.fill_rect(left, y_of(p), plot_w, row_h, kBlackKeyRow);
    if (p % 12 == 0) canvas.line(left, y_of(p) + row_h, left + plot_w, y_of(p) + row_h, 0.6, kGrid.with_alpha(0.6));
    if ((label_every == 1 && !is_black_key(p)) || p % 12 == 0) {
      canvas.text(left - 6, y_of(p) + row_h / 2 + 4, note_name(p), 11, kInk, TextAlign::kRight);
    }
  }

  // Bars, when the sequence has a meter; otherwise only the seconds grid below.
  const std::vector<double> bars = bar_start_seconds(sequence, end_seconds);
  const std::size_t bar_stride = std::max<std::size_t>(1, static_cast<std::size_t>(
                                                              std::ceil(bars.size() * 6.0 / std::max(1.0, plot_w))));
  for (std::size_t i = 0; i < bars.size(); i += bar_stride) {
    canvas.line(x_of(bars[i]), top, x_of(bars[i]), top + plot_h, 0.8, kGrid.with_alpha(0.7));
  }

  // Notes: instrument colour, velocity as opacity; drums as diamonds at their onsets.
  for (const auto& n : sequence.notes()) {
    if (n.pitch() < min_pitch || n.pitch() > max_pitch) continue;
    const Rgba base = series_color(colors[InstrumentKey{n.is_drum(), n.instrument(), n.program()}]);
    const double alpha = 0.25 + 0.75 * std::clamp(n.velocity(), 0, 127) / 127.0;
    const double y = y_of(n.pitch());
    if (n.is_drum()) {
      const double r = std::max(2.5, row_h * 0.6);
      canvas.diamond(x_of(n.start_time()), y + row_h / 2, r, base.with_alpha(alpha), kInk.with_alpha(0.8));
    } else {
      const double x = x_of(n.start_time());
      const double w = std::max(1.0, (n.end_time() - n.start_time()) * px_per_second);
      canvas.fill_rect(x, y + 0.5, w, std::max(1.0, row_h - 1.0), base.with_alpha(alpha));
      canvas.stroke_rect(x, y + 0.5, w, std::max(1.0, row_h - 1.0), 0.7, base.with_alpha(std::min(1.0, alpha + 0.2)));
    }
  }

  // Frame and time axis.
  canvas.stroke_rect(left, top, plot_w, plot_h, 1.0, kInk);
  const double step = nice_step(1.0 / px_per_second, 70.0);
  for (std::size_t k = 0;; ++k) {
    const double t = static_cast<double>(k) * step;
    if (t > end_seconds + 1e-9) break;
    canvas.line(x_of(t), top + plot_h, x_of(t), top + plot_h + 5, 1.0, kInk);
    canvas.text(x_of(t), top + plot_h + 18, format_seconds(t), 11, kInk, TextAlign::kCenter);
  }
  canvas.text(left + plot_w, top + plot_h + 34, bars.empty() ? "time (s)" : "time (s), bar lines in grey", 11, kInk,
              TextAlign::kRight);

  if (legend_h > 0) {
    double x = left;
    const double y = height - 12;
    for (const auto& [key, index] : colors) {
      const auto& [drum, instrument, program] = key;
      const std::string label = "instrument " + std::to_string(instrument) +
                                (drum ? " (drums)" : " (program " + std::to_string(program) + ")");
      if (drum) {
        canvas.diamond(x + 6, y - 4, 5, series_color(index), kInk);
      } else {
        canvas.fill_rect(x, y - 9, 12, 10, series_color(index));
      }
      canvas.text(x + 17, y, label, 11, kInk);
      x += 30 + canvas.text_width(label, 11);
      if (x > options.width_px - 80) break;
    }
  }
  return canvas.png();
}

void write_piano_roll_png(const magenta::NoteSequence& sequence, const std::filesystem::path& path,
                          const PianoRollOptions& options) {
  core::write_file_atomically(path, render_piano_roll_png(sequence, options));
}

}  // namespace stochos::plot
