// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/plot/line_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/plot/color.h"
#include "stochos/plot/detail/canvas.h"

namespace stochos::plot {
namespace {

const Rgba kInk{0.15, 0.15, 0.15, 1.0};
const Rgba kGrid{0.88, 0.88, 0.88, 1.0};

std::string tick_text(double v) {
  char buf[32];
  const double a = std::abs(v);
  if (a != 0 && (a >= 1e5 || a < 1e-3)) {
    std::snprintf(buf, sizeof buf, "%.2g", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.4g", v);
  }
  return buf;
}

// Round tick spacing (1, 2, 5 x 10^k) giving about `count` ticks over [lo, hi].
double tick_step(double lo, double hi, int count) {
  const double raw = (hi - lo) / std::max(count, 1);
  if (!(raw > 0)) return 1;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

}  // namespace

std::string render_line_chart_png(const std::vector<ChartPanel>& panels, const LineChartOptions& options) {
  if (panels.empty()) throw Error::usage("a line chart needs at least one panel");
  const double top_margin = options.title.empty() ? 16 : 44;
  const double left = 80, right = 24, panel_gap = 40, bottom = 44;
  const int height = static_cast<int>(top_margin + panels.size() * (options.panel_height_px + panel_gap) + bottom);
  detail::Canvas canvas(options.width_px, height);
  if (!options.title.empty()) canvas.text(options.width_px / 2.0, 28, options.title, 18, kInk, detail::TextAlign::kCenter);

  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
  for (const auto& panel : panels) {
    for (const auto& s : panel.series) {
      for (double x : s.x) {
        if (std::isfinite(x)) x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x);
      }
    }
  }
  if (!std::isfinite(x_lo)) x_lo = 0, x_hi = 1;
  if (x_hi <= x_lo) x_hi = x_lo + 1;
  const double plot_w = options.width_px - left - right;
  auto px_x = [&](double x) { return left + (x - x_lo) / (x_hi - x_lo) * plot_w; };

  for (std::size_t p = 0; p < panels.size(); ++p) {
    const auto& panel = panels[p];
    const double top = top_margin + p * (options.panel_height_px + panel_gap) + 20;
    const double plot_h = options.panel_height_px - 20;
    double y_lo = std::numeric_limits<double>::infinity(), y_hi = -y_lo;
    for (const auto& s : panel.series) {
      for (double y : s.y) {
        if (std::isfinite(y)) y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y);
      }
    }
    if (!std::isfinite(y_lo)) y_lo = 0, y_hi = 1;
    if (y_hi <= y_lo) y_hi = y_lo + 1e-9 + std::abs(y_lo) * 0.05, y_lo -= std::abs(y_lo) * 0.05;
    const double pad = (y_hi - y_lo) * 0.05;
    y_lo -= pad, y_hi += pad;
    auto px_y = [&](double y) { return top + plot_h - (y - y_lo) / (y_hi - y_lo) * plot_h; };

    canvas.text(left, top - 6, panel.title, 14, kInk);
    const double ys = tick_step(y_lo, y_hi, 5);
    for (double y = std::ceil(y_lo / ys) * ys; y <= y_hi; y += ys) {
      canvas.line(left, px_y(y), left + plot_w, px_y(y), 1, kGrid);
      canvas.text(left - 6, px_y(y) + 4, tick_text(y), 11, kInk, detail::TextAlign::kRight);
    }
    const double xs = tick_step(x_lo, x_hi, 8);
    for (double x = std::ceil(x_lo / xs) * xs; x <= x_hi; x += xs) {
      canvas.line(px_x(x), top, px_x(x), top + plot_h, 1, kGrid);
      canvas.text(px_x(x), top + plot_h + 16, tick_text(x), 11, kInk, detail::TextAlign::kCenter);
    }
    canvas.stroke_rect(left, top, plot_w, plot_h, 1, kInk);

    double legend_x = left + plot_w;
    for (std::size_t i = panel.series.size(); i-- > 0;) {
      const auto& s = panel.series[i];
      const Rgba color = series_color(i);
      const std::size_t n = std::min(s.x.size(), s.y.size());
      for (std::size_t k = 1; k < n; ++k) {
        if (!std::isfinite(s.y[k - 1]) || !std::isfinite(s.y[k])) continue;
        canvas.line(px_x(s.x[k - 1]), px_y(s.y[k - 1]), px_x(s.x[k]), px_y(s.y[k]), 2, color);
      }
      if (n == 1 && std::isfinite(s.y[0])) canvas.diamond(px_x(s.x[0]), px_y(s.y[0]), 4, color, color);
      const double w = canvas.text_width(s.label, 12);
      legend_x -= w + 30;
      canvas.line(legend_x, top - 10, legend_x + 16, top - 10, 3, color);
      canvas.text(legend_x + 20, top - 6, s.label, 12, kInk);
    }
  }
  canvas.text(left + plot_w / 2, height - 12, options.x_label, 12, kInk, detail::TextAlign::kCenter);
  return canvas.png();
}

void write_line_chart_png(const std::vector<ChartPanel>& panels, const std::filesystem::path& path,
                          const LineChartOptions& options) {
  core::write_file_atomically(path, render_line_chart_png(panels, options));
}

}  // namespace stochos::plot
