// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Spectrogram pictures: a matrix of levels in dB drawn with time across, frequency (linear)
/// up the side, level as colour (viridis: dark blue for floor_db, yellow for ceiling_db), with
/// a colour bar. The matrix is plain data: the audio module computes it (audio/spectral/
/// spectrogram.h, FFTW) and the CLI hands it over, so plot needs neither audio nor an FFT.
/// Each pixel shows the loudest cell under it, so a narrow line survives downscaling.
/// Rendered with cairo to PNG. Thread-safe (no shared state).
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "stochos/plot/color.h"

namespace stochos::plot {

struct SpectrogramMatrix {
  std::size_t columns = 0;          ///< time frames; column c is centred at c·seconds_per_column
  std::size_t rows = 0;             ///< frequency bins; row r is r·hz_per_row
  double seconds_per_column = 0.0;
  double hz_per_row = 0.0;
  std::vector<float> db;            ///< column-major: db[c * rows + r]
};

struct SpectrogramPlotOptions {
  int width_px = 1200;
  int height_px = 600;
  std::string title;          ///< drawn above when set
  double floor_db = -100.0;   ///< drawn in the colour map's darkest colour (and below)
  double ceiling_db = 0.0;    ///< drawn in its brightest (and above)
  double max_hz = 0.0;        ///< top of the frequency axis; 0: the top row's frequency
};

/// Where the matrix is drawn in the picture, in pixels (y down). Pixel row y of the area shows
/// the frequencies max_hz·(1 - (y - top + 1)/height) .. max_hz·(1 - (y - top)/height).
struct PlotArea {
  int left = 0, top = 0, width = 0, height = 0;
};
PlotArea spectrogram_area(const SpectrogramPlotOptions& options);

/// The colour map: u in 0..1 (clamped) to viridis (van der Walt and Smith, matplotlib 1.5),
/// dark blue to yellow, luminance rising.
Rgba spectrogram_color(double u);

/// The PNG bytes. Throws Error(kUsage) for an impossible size, an empty matrix, db of the
/// wrong size, or floor_db >= ceiling_db.
std::string render_spectrogram_png(const SpectrogramMatrix& matrix, const SpectrogramPlotOptions& options = {});

/// Renders and writes the PNG atomically. Throws as above, or Error(kIo).
void write_spectrogram_png(const SpectrogramMatrix& matrix, const std::filesystem::path& path,
                           const SpectrogramPlotOptions& options = {});

}  // namespace stochos::plot
