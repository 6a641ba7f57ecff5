// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The module's one seam to cairo (Debian's libcairo2-dev): an RGB image with the few drawing
// primitives the plots need, in pixels with y growing downwards. Swapping the renderer
// touches canvas.cpp only. Not thread-safe; one canvas per plot.
#include <memory>
#include <string>
#include <string_view>

#include "stochos/plot/color.h"

namespace stochos::plot::detail {

enum class TextAlign { kLeft, kCenter, kRight };

class Canvas {
 public:
  /// A white image; throws Error(kUsage) for a size outside 16..16384 pixels.
  Canvas(int width_px, int height_px);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  int width_px() const { return width_px_; }
  int height_px() const { return height_px_; }

  void fill_rect(double x, double y, double w, double h, const Rgba& color);
  void stroke_rect(double x, double y, double w, double h, double line_px, const Rgba& color);
  void line(double x0, double y0, double x1, double y1, double line_px, const Rgba& color);
  /// A filled diamond centred on (cx, cy) with half-diagonal r.
  void diamond(double cx, double cy, double r, const Rgba& fill, const Rgba& outline);
  /// An arc of the circle of `radius` around (cx, cy) from angle0 to angle1 (radians,
  /// clockwise from the positive x axis, as y grows downwards), stroked with round caps.
  void arc(double cx, double cy, double radius, double angle0, double angle1, double line_px, const Rgba& color);
  void fill_circle(double cx, double cy, double radius, const Rgba& color);
  /// Sans-serif text whose baseline starts (or centres, or ends) at (x, y).
  void text(double x, double y, std::string_view utf8, double size_px, const Rgba& color,
            TextAlign align = TextAlign::kLeft);
  /// The same text turned 90° counter-clockwise, centred on (x, y).
  void vertical_text(double x, double y, std::string_view utf8, double size_px, const Rgba& color);
  double text_width(std::string_view utf8, double size_px);

  /// The image as PNG bytes. Throws Error(kInternal) if cairo fails.
  std::string png() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int width_px_;
  int height_px_;
};

}  // namespace stochos::plot::detail
