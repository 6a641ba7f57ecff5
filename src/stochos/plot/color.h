// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Colours shared by every plot of the module.
#include <cstddef>

namespace stochos::plot {

/// Straight (not premultiplied) RGBA, each in [0, 1].
struct Rgba {
  double r = 0.0;
  double g = 0.0;
  double b = 0.0;
  double a = 1.0;

  Rgba with_alpha(double alpha) const { return {r, g, b, alpha}; }
};

/// A qualitative palette that stays distinguishable for the first dozen series (Paul Tol's
/// "bright" and "muted" schemes); series i gets colour i modulo its size.
Rgba series_color(std::size_t index);

}  // namespace stochos::plot
