// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Line charts of series over a shared x axis (training curves: loss and accuracy per
/// step), one panel per quantity, drawn with cairo to PNG.
#include <filesystem>
#include <string>
#include <vector>

namespace stochos::plot {

struct Series {
  std::string label;
  std::vector<double> x;
  std::vector<double> y;
};

struct ChartPanel {
  std::string title;  ///< e.g. "loss"
  std::vector<Series> series;
};

struct LineChartOptions {
  int width_px = 1200;
  int panel_height_px = 320;
  std::string title;
  std::string x_label = "step";
};

/// The PNG bytes: panels stacked vertically, each with its own y range, axes with tick
/// labels, and a legend. Series with no points are skipped; non-finite values are gaps.
std::string render_line_chart_png(const std::vector<ChartPanel>& panels, const LineChartOptions& options = {});

/// Renders and writes atomically.
void write_line_chart_png(const std::vector<ChartPanel>& panels, const std::filesystem::path& path,
                          const LineChartOptions& options = {});

}  // namespace stochos::plot
