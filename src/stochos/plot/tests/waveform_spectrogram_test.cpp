// SPDX-License-Identifier: GPL-3.0-or-later
// Waveform and spectrogram pictures: PNGs of the requested size, the tone's row brightest, the
// waveform's pixels inside the lane, errors for impossible input.
#include <gtest/gtest.h>

#include <cairo.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/plot/spectrogram.h"
#include "stochos/plot/waveform.h"
#include "stochos/testing/shared.h"

namespace stochos::plot {
namespace {

std::uint32_t be32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

/// A decoded PNG (cairo's RGB24: B G R x per pixel on little-endian machines).
class Image {
 public:
  explicit Image(const std::string& png) : png_(png) {
    surface_ = cairo_image_surface_create_from_png_stream(&Image::read, this);
    cairo_surface_flush(surface_);
  }
  ~Image() { cairo_surface_destroy(surface_); }
  bool ok() const { return cairo_surface_status(surface_) == CAIRO_STATUS_SUCCESS; }
  int width() const { return cairo_image_surface_get_width(surface_); }
  int height() const { return cairo_image_surface_get_height(surface_); }
  Rgba at(int x, int y) const {
    const unsigned char* p = cairo_image_surface_get_data(surface_) + y * cairo_image_surface_get_stride(surface_) + x * 4;
    return {p[2] / 255.0, p[1] / 255.0, p[0] / 255.0, 1.0};
  }

 private:
  static cairo_status_t read(void* closure, unsigned char* data, unsigned int length) {
    auto* self = static_cast<Image*>(closure);
    if (self->pos_ + length > self->png_.size()) return CAIRO_STATUS_READ_ERROR;
    std::copy_n(self->png_.data() + self->pos_, length, data);
    self->pos_ += length;
    return CAIRO_STATUS_SUCCESS;
  }
  std::string png_;
  std::size_t pos_ = 0;
  cairo_surface_t* surface_ = nullptr;
};

/// The colour map position (0..1) of a pixel: the nearest of 256 samples of the map.
double map_position(const Rgba& c) {
  double best = 1e9, u_best = 0;
  for (int i = 0; i < 256; ++i) {
    const Rgba m = spectrogram_color(i / 255.0);
    const double d = std::pow(m.r - c.r, 2) + std::pow(m.g - c.g, 2) + std::pow(m.b - c.b, 2);
    if (d < best) {
      best = d;
      u_best = i / 255.0;
    }
  }
  return u_best;
}

/// What audio::spectrogram gives for a steady tone at `tone_hz`: a Hann main lobe over the
/// floor, and a little noise.
SpectrogramMatrix tone_matrix(double tone_hz, std::size_t columns = 300) {
  SpectrogramMatrix m;
  m.columns = columns;
  m.rows = 1025;
  m.hz_per_row = 22050.0 / 2048.0;
  m.seconds_per_column = 512.0 / 22050.0;
  m.db.resize(m.columns * m.rows);
  for (std::size_t c = 0; c < m.columns; ++c) {
    for (std::size_t r = 0; r < m.rows; ++r) {
      const double d = (static_cast<double>(r) * m.hz_per_row - tone_hz) / m.hz_per_row;
      const double lobe = std::fabs(d) < 2.0 ? 0.5 + 0.5 * std::cos(std::numbers::pi * d / 2.0) : 0.0;
      m.db[c * m.rows + r] = static_cast<float>(-95.0 + 3.0 * std::sin(0.7 * r + c) + 89.0 * lobe);
    }
  }
  return m;
}

TEST(SpectrogramPlot, IsAPngOfTheRequestedSize) {
  SpectrogramPlotOptions o;
  o.width_px = 700;
  o.height_px = 360;
  o.title = "tone";
  const std::string png = render_spectrogram_png(tone_matrix(1000.0), o);
  EXPECT_EQ(std::string("\x89PNG\r\n\x1a\n", 8), png.substr(0, 8));
  EXPECT_EQ(700u, be32(png, 16));
  EXPECT_EQ(360u, be32(png, 20));
  const Image image(png);
  ASSERT_TRUE(image.ok());
  EXPECT_EQ(image.width(), 700);
  EXPECT_EQ(image.height(), 360);
}

TEST(SpectrogramPlot, PureToneIsTheBrightestRowAtItsFrequency) {
  for (double tone_hz : {440.0, 1000.0, 3000.0}) {
    SpectrogramPlotOptions o;
    o.width_px = 800;
    o.height_px = 500;
    o.max_hz = 5000.0;
    const Image image(render_spectrogram_png(tone_matrix(tone_hz), o));
    ASSERT_TRUE(image.ok());
    const PlotArea a = spectrogram_area(o);
    int best_row = -1;
    double best = -1.0;
    for (int y = a.top + 1; y < a.top + a.height - 1; ++y) {
      double sum = 0.0;
      for (int x = a.left + 2; x < a.left + a.width - 2; x += 7) sum += map_position(image.at(x, y));
      if (sum > best) {
        best = sum;
        best_row = y;
      }
    }
    // Pixel row y shows max_hz·(1 - (y - top + 1)/h) .. max_hz·(1 - (y - top)/h).
    const double row_hz = o.max_hz * (1.0 - (best_row - a.top + 0.5) / a.height);
    const double hz_per_px = o.max_hz / a.height;
    EXPECT_NEAR(row_hz, tone_hz, 1.5 * hz_per_px) << "tone " << tone_hz;
    EXPECT_GT(best / ((a.width - 4) / 7.0), 0.75);  // the tone's row is near the top of the map
  }
}

TEST(SpectrogramPlot, LongMatricesAreDownscaledKeepingTheLoudestCell) {
  // 6000 columns of silence (below the floor) for about 700 pixel columns, and one loud cell
  // that is neither the first column nor the first row under its pixel: a downscaler that
  // samples instead of keeping the loudest cell loses it.
  SpectrogramPlotOptions o;
  o.width_px = 800;
  o.height_px = 300;
  const PlotArea a = spectrogram_area(o);
  SpectrogramMatrix m;
  m.columns = 6000;
  m.rows = 1025;
  m.hz_per_row = 22050.0 / 2048.0;
  m.seconds_per_column = 512.0 / 22050.0;
  m.db.assign(m.columns * m.rows, -120.0f);
  // Pixel (x, y) of the area shows columns [x·c/w, (x+1)·c/w) and the rows of frequencies
  // top·(1 - (y+1)/h) .. top·(1 - y/h) (spectrogram.h); the loud cell sits mid-pixel in both.
  const int x = a.width / 2, y = a.height / 2;
  const double per_px = static_cast<double>(m.columns) / a.width;
  const auto column = static_cast<std::size_t>((x + 0.5) * per_px);
  ASSERT_GT(column, static_cast<std::size_t>(x * per_px));  // not the pixel's first column
  const double top_hz = static_cast<double>(m.rows - 1) * m.hz_per_row;
  const auto row = static_cast<std::size_t>(std::lround(top_hz * (1.0 - (y + 0.5) / a.height) / m.hz_per_row));
  m.db[column * m.rows + row] = 0.0f;  // the ceiling: the map's brightest colour

  const Image image(render_spectrogram_png(m, o));
  ASSERT_TRUE(image.ok());
  EXPECT_GT(map_position(image.at(a.left + x, a.top + y)), 0.95);
  // Every other pixel inside the frame keeps the floor's colour.
  const Rgba floor = spectrogram_color(0.0);
  int bright = 0;
  for (int py = a.top + 1; py < a.top + a.height - 1; ++py) {
    for (int px = a.left + 1; px < a.left + a.width - 1; ++px) {
      const Rgba c = image.at(px, py);
      if (std::fabs(c.r - floor.r) + std::fabs(c.g - floor.g) + std::fabs(c.b - floor.b) > 0.05) ++bright;
    }
  }
  EXPECT_EQ(1, bright);
}

TEST(SpectrogramPlot, BadMatricesAndOptionsAreUsageErrors) {
  SpectrogramMatrix m = tone_matrix(1000.0, 10);
  m.db.pop_back();
  EXPECT_THROW(render_spectrogram_png(m), Error);
  EXPECT_THROW(render_spectrogram_png(SpectrogramMatrix{}), Error);
  SpectrogramPlotOptions o;
  o.floor_db = 0;
  o.ceiling_db = -10;
  EXPECT_THROW(render_spectrogram_png(tone_matrix(1000.0, 10), o), Error);
  o = {};
  o.width_px = 100;  // narrower than its margins
  EXPECT_THROW(render_spectrogram_png(tone_matrix(1000.0, 10), o), Error);
}

TEST(WaveformPlot, IsAPngOfOneLanePerChannelWithTheWaveInside) {
  std::vector<float> stereo;
  const int rate = 8000;
  for (int i = 0; i < rate; ++i) {  // left: a 5 Hz sine at 0.5, right: silence
    stereo.push_back(static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * 5 * i / rate)));
    stereo.push_back(0.0f);
  }
  WaveformPlotOptions o;
  o.width_px = 640;
  const std::string png = render_waveform_png(stereo, 2, rate, o);
  EXPECT_EQ(640u, be32(png, 16));
  EXPECT_EQ(static_cast<std::uint32_t>(12 + 44 + 2 * 180 + 10), be32(png, 20));
  const Image image(png);
  ASSERT_TRUE(image.ok());
  // Blue wave pixels in the left lane reach about half way up (amplitude 0.5) and no further.
  auto bluish = [&](int x, int y) {
    const Rgba c = image.at(x, y);
    return c.b > c.r + 0.15;
  };
  const int lane_top = 12, lane_h = 180;
  int highest = lane_h;
  for (int y = lane_top + 1; y < lane_top + lane_h - 1; ++y)
    for (int x = 60; x < 600; ++x)
      if (bluish(x, y)) highest = std::min(highest, y - lane_top);
  EXPECT_NEAR(highest, lane_h / 4, 3);  // +0.5 sits a quarter of the lane below its top
}

TEST(WaveformPlot, ShortAndMonoSoundsAndBadInput) {
  const std::vector<float> few = {0.0f, 0.9f, -0.9f, 0.2f};
  EXPECT_NO_THROW(render_waveform_png(few, 1, 44100));
  EXPECT_THROW(render_waveform_png({}, 1, 44100), Error);
  EXPECT_THROW(render_waveform_png(few, 0, 44100), Error);
  stochos::testing::TempDir dir;
  write_waveform_png(few, 1, 44100, dir / "w.png");
  EXPECT_TRUE(std::filesystem::exists(dir / "w.png"));
  EXPECT_THROW(write_waveform_png(few, 1, 44100, "/nonexistent-dir/w.png"), Error);
}

}  // namespace
}  // namespace stochos::plot
