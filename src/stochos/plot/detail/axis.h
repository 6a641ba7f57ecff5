// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Axis helpers shared by the waveform and spectrogram plots: tick spacing, number labels and
// the time axis under a plot area.
#include <string>

#include "stochos/plot/detail/canvas.h"

namespace stochos::plot::detail {

inline constexpr Rgba kAxisInk{0.15, 0.15, 0.15, 1.0};

/// A tick spacing of 1, 2 or 5 times a power of ten, at least `min_px` pixels apart.
double nice_step(double units_per_px, double min_px);
/// "%g" of a value rounded to 1/1000 (no "-0").
std::string format_tick(double value);
/// Ticks and labels of seconds 0..duration under the area [left, left + width) whose bottom
/// edge is `bottom`, and the caption "time (s)" at the right.
void draw_time_axis(Canvas& canvas, double left, double width, double bottom, double duration_seconds);

}  // namespace stochos::plot::detail
