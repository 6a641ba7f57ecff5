// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/plot/spectrogram.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/plot/detail/axis.h"
#include "stochos/plot/detail/canvas.h"

namespace stochos::plot {
namespace {

using detail::Canvas;
using detail::kAxisInk;
using detail::TextAlign;

constexpr int kLeft = 64, kRight = 78, kBottom = 44;
constexpr int kColorLevels = 256;
int top_margin(const SpectrogramPlotOptions& o) { return o.title.empty() ? 12 : 34; }

std::string hz_label(double hz) {
  return hz >= 1000.0 ? detail::format_tick(hz / 1000.0) + "k" : detail::format_tick(hz);
}

}  // namespace

Rgba spectrogram_color(double u) {
  // viridis at u = 0, 1/8, ..., 1 (matplotlib's _viridis_data), joined linearly.
  static constexpr std::array<std::array<double, 3>, 9> kStops = {{
      {68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
      {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37},
  }};
  const double x = std::clamp(std::isnan(u) ? 0.0 : u, 0.0, 1.0) * 8.0;
  const auto i = std::min<std::size_t>(7, static_cast<std::size_t>(x));
  const double t = x - static_cast<double>(i);
  Rgba c;
  c.r = ((1 - t) * kStops[i][0] + t * kStops[i + 1][0]) / 255.0;
  c.g = ((1 - t) * kStops[i][1] + t * kStops[i + 1][1]) / 255.0;
  c.b = ((1 - t) * kStops[i][2] + t * kStops[i + 1][2]) / 255.0;
  return c;
}

PlotArea spectrogram_area(const SpectrogramPlotOptions& o) {
  const int top = top_margin(o);
  return {kLeft, top, o.width_px - kLeft - kRight, o.height_px - top - kBottom};
}

std::string render_spectrogram_png(const SpectrogramMatrix& m, const SpectrogramPlotOptions& o) {
  if (m.columns == 0 || m.rows == 0) throw Error::usage("a spectrogram of no frames or no bins");
  if (m.db.size() != m.columns * m.rows) throw Error::usage("spectrogram matrix size does not match its columns and rows");
  if (!(m.seconds_per_column > 0) || !(m.hz_per_row > 0)) throw Error::usage("spectrogram axes need positive steps");
  if (!(o.floor_db < o.ceiling_db)) throw Error::usage("spectrogram floor_db must be below ceiling_db");
  Canvas canvas(o.width_px, o.height_px);
  const PlotArea a = spectrogram_area(o);
  if (a.width < 8 || a.height < 8) throw Error::usage("spectrogram too small for its margins");
  const double top_hz = o.max_hz > 0 ? o.max_hz : static_cast<double>(m.rows - 1) * m.hz_per_row;
  const double duration_seconds = static_cast<double>(m.columns) * m.seconds_per_column;
  if (!o.title.empty()) canvas.text(a.left, 22, o.title, 15, kAxisInk);

  // Cells under each pixel: columns [c0, c1) for pixel column x, rows [r0, r1] for pixel row y
  // (at least the nearest one), and the loudest of them.
  const auto width = static_cast<std::size_t>(a.width), height = static_cast<std::size_t>(a.height);
  std::vector<std::size_t> row_lo(height), row_hi(height);
  for (std::size_t y = 0; y < height; ++y) {
    const double f_hi = top_hz * (1.0 - static_cast<double>(y) / a.height);
    const double f_lo = top_hz * (1.0 - static_cast<double>(y + 1) / a.height);
    const auto clamp_row = [&](double r) {
      return static_cast<std::size_t>(std::clamp(r, 0.0, static_cast<double>(m.rows - 1)));
    };
    row_lo[y] = clamp_row(std::ceil(f_lo / m.hz_per_row));
    row_hi[y] = clamp_row(std::floor(f_hi / m.hz_per_row));
    if (row_lo[y] > row_hi[y]) row_lo[y] = row_hi[y] = clamp_row(std::round((f_lo + f_hi) / 2 / m.hz_per_row));
  }
  std::vector<float> column(m.rows);
  std::vector<int> level(width * height);  // colour index per pixel, row-major
  const double scale = (kColorLevels - 1) / (o.ceiling_db - o.floor_db);
  for (std::size_t x = 0; x < width; ++x) {
    const double per_px = static_cast<double>(m.columns) / a.width;
    const auto c0 = std::min(m.columns - 1, static_cast<std::size_t>(static_cast<double>(x) * per_px));
    const auto c1 = std::min(m.columns, std::max(c0 + 1, static_cast<std::size_t>((x + 1) * per_px)));
    std::copy_n(m.db.begin() + static_cast<std::ptrdiff_t>(c0 * m.rows), m.rows, column.begin());
    for (std::size_t c = c0 + 1; c < c1; ++c) {
      const float* src = m.db.data() + c * m.rows;
      for (std::size_t r = 0; r < m.rows; ++r) column[r] = std::max(column[r], src[r]);
    }
    for (std::size_t y = 0; y < height; ++y) {
      const float v = *std::max_element(column.begin() + static_cast<std::ptrdiff_t>(row_lo[y]),
                                        column.begin() + static_cast<std::ptrdiff_t>(row_hi[y] + 1));
      const double u = std::isnan(v) ? 0.0 : (v - o.floor_db) * scale;
      level[y * width + x] = static_cast<int>(std::clamp(std::lround(u), 0L, long{kColorLevels - 1}));
    }
  }
  // One rectangle per run of equal colour in a pixel row (the canvas has no pixel access).
  std::array<Rgba, kColorLevels> palette;
  for (int i = 0; i < kColorLevels; ++i) palette[static_cast<std::size_t>(i)] = spectrogram_color(i / double(kColorLevels - 1));
  for (std::size_t y = 0; y < height; ++y) {
    std::size_t x = 0;
    while (x < width) {
      const int l = level[y * width + x];
      std::size_t end = x + 1;
      while (end < width && level[y * width + end] == l) ++end;
      canvas.fill_rect(a.left + static_cast<double>(x), a.top + static_cast<double>(y), static_cast<double>(end - x), 1.0,
                       palette[static_cast<std::size_t>(l)]);
      x = end;
    }
  }
  canvas.stroke_rect(a.left, a.top, a.width, a.height, 1.0, kAxisInk);

  // Frequency axis.
  const double hz_step = detail::nice_step(top_hz / a.height, 40.0);
  for (std::size_t k = 0;; ++k) {
    const double hz = static_cast<double>(k) * hz_step;
    if (hz > top_hz + 1e-9) break;
    const double y = a.top + a.height * (1.0 - hz / top_hz);
    canvas.line(a.left - 5, y, a.left, y, 1.0, kAxisInk);
    canvas.text(a.left - 8, y + 4, hz_label(hz), 11, kAxisInk, TextAlign::kRight);
  }
  canvas.vertical_text(14, a.top + a.height / 2.0, "frequency (Hz)", 11, kAxisInk);
  detail::draw_time_axis(canvas, a.left, a.width, a.top + a.height, duration_seconds);

  // Colour bar with its dB scale.
  const double bar_x = a.left + a.width + 14, bar_w = 14;
  for (int y = 0; y < a.height; ++y) {
    canvas.fill_rect(bar_x, a.top + y, bar_w, 1.0, spectrogram_color(1.0 - (y + 0.5) / a.height));
  }
  canvas.stroke_rect(bar_x, a.top, bar_w, a.height, 1.0, kAxisInk);
  const double db_step = detail::nice_step((o.ceiling_db - o.floor_db) / a.height, 40.0);
  for (double db = std::ceil(o.floor_db / db_step) * db_step; db <= o.ceiling_db + 1e-9; db += db_step) {
    const double y = a.top + a.height * (o.ceiling_db - db) / (o.ceiling_db - o.floor_db);
    canvas.line(bar_x + bar_w, y, bar_x + bar_w + 4, y, 1.0, kAxisInk);
    canvas.text(bar_x + bar_w + 6, y + 4, detail::format_tick(db), 10, kAxisInk);
  }
  canvas.text(bar_x + bar_w, a.top - 4, "dB", 10, kAxisInk, TextAlign::kCenter);
  return canvas.png();
}

void write_spectrogram_png(const SpectrogramMatrix& matrix, const std::filesystem::path& path,
                           const SpectrogramPlotOptions& options) {
  core::write_file_atomically(path, render_spectrogram_png(matrix, options));
}

}  // namespace stochos::plot
