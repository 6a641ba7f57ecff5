// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/plot/detail/axis.h"

#include <cmath>
#include <cstdio>

namespace stochos::plot::detail {

double nice_step(double units_per_px, double min_px) {
  const double raw = units_per_px * min_px;
  if (!(raw > 0) || !std::isfinite(raw)) return 1.0;
  const double step = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (step * m >= raw) return step * m;
  }
  return step * 10.0;
}

std::string format_tick(double value) {
  double v = std::round(value * 1000.0) / 1000.0;
  if (v == 0.0) v = 0.0;  // no "-0"
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void draw_time_axis(Canvas& canvas, double left, double width, double bottom, double duration_seconds) {
  if (!(duration_seconds > 0)) return;
  const double px_per_second = width / duration_seconds;
  const double step = nice_step(1.0 / px_per_second, 70.0);
  for (std::size_t k = 0;; ++k) {
    const double t = static_cast<double>(k) * step;
    if (t > duration_seconds + 1e-9) break;
    const double x = left + t * px_per_second;
    canvas.line(x, bottom, x, bottom + 5, 1.0, kAxisInk);
    canvas.text(x, bottom + 18, format_tick(t), 11, kAxisInk, TextAlign::kCenter);
  }
  canvas.text(left + width, bottom + 34, "time (s)", 11, kAxisInk, TextAlign::kRight);
}

}  // namespace stochos::plot::detail
