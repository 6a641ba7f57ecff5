// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/plot/color.h"

#include <array>

namespace stochos::plot {

Rgba series_color(std::size_t index) {
  // Paul Tol, "Colour schemes" (2021): bright, then muted for the next ones.
  static constexpr std::array<Rgba, 12> kPalette = {{
      {0x44 / 255.0, 0x77 / 255.0, 0xAA / 255.0, 1},
      {0xEE / 255.0, 0x66 / 255.0, 0x77 / 255.0, 1},
      {0x22 / 255.0, 0x88 / 255.0, 0x33 / 255.0, 1},
      {0xCC / 255.0, 0xBB / 255.0, 0x44 / 255.0, 1},
      {0x66 / 255.0, 0xCC / 255.0, 0xEE / 255.0, 1},
      {0xAA / 255.0, 0x33 / 255.0, 0x77 / 255.0, 1},
      {0x88 / 255.0, 0x22 / 255.0, 0x55 / 255.0, 1},
      {0x11 / 255.0, 0x77 / 255.0, 0x33 / 255.0, 1},
      {0x33 / 255.0, 0x22 / 255.0, 0x88 / 255.0, 1},
      {0x99 / 255.0, 0x99 / 255.0, 0x33 / 255.0, 1},
      {0xCC / 255.0, 0x66 / 255.0, 0x77 / 255.0, 1},
      {0x44 / 255.0, 0xAA / 255.0, 0x99 / 255.0, 1},
  }};
  return kPalette[index % kPalette.size()];
}

}  // namespace stochos::plot
