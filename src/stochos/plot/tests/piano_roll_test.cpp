// SPDX-License-Identifier: GPL-3.0-or-later
// Piano rolls: valid PNGs of the requested size, bar positions from tempo and meter, note
// names, atomic writes, and pixels where the notes are.
#include "stochos/plot/piano_roll.h"

#include <gtest/gtest.h>

#include <cairo.h>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/plot/color.h"
#include "stochos/plot/time_grid.h"
#include "stochos/testing/shared.h"

namespace stochos::plot {
namespace {

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

magenta::NoteSequence two_instruments() {
  magenta::NoteSequence s;
  s.add_tempos()->set_qpm(120);
  auto* ts = s.add_time_signatures();
  ts->set_numerator(4);
  ts->set_denominator(4);
  for (int i = 0; i < 8; ++i) {
    auto* n = s.add_notes();
    n->set_pitch(60 + i);
    n->set_velocity(20 + i * 15);
    n->set_start_time(i * 0.5);
    n->set_end_time(i * 0.5 + 0.45);
  }
  auto* drum = s.add_notes();
  drum->set_pitch(38);
  drum->set_velocity(100);
  drum->set_start_time(1.0);
  drum->set_end_time(1.1);
  drum->set_is_drum(true);
  drum->set_instrument(9);
  s.set_total_time(4.0);
  return s;
}

TEST(PianoRoll, IsAPngOfTheRequestedSize) {
  PianoRollOptions o;
  o.width_px = 640;
  o.height_px = 300;
  o.title = "two instruments";
  const std::string png = render_piano_roll_png(two_instruments(), o);
  ASSERT_GT(png.size(), 24u);
  EXPECT_EQ(std::string("\x89PNG\r\n\x1a\n", 8), png.substr(0, 8));
  EXPECT_EQ("IHDR", png.substr(12, 4));
  EXPECT_EQ(640u, be32(png, 16));
  EXPECT_EQ(300u, be32(png, 20));
}

TEST(PianoRoll, NotesArePaintedInTheirInstrumentColour) {
  stochos::testing::TempDir dir;
  PianoRollOptions o;
  o.width_px = 800;
  o.height_px = 400;
  o.legend = false;
  write_piano_roll_png(two_instruments(), dir / "roll.png", o);
  cairo_surface_t* image = cairo_image_surface_create_from_png((dir / "roll.png").c_str());
  ASSERT_EQ(CAIRO_STATUS_SUCCESS, cairo_surface_status(image));
  cairo_surface_flush(image);
  const unsigned char* data = cairo_image_surface_get_data(image);
  const int stride = cairo_image_surface_get_stride(image);
  // Instruments are coloured in sorted (is_drum, instrument, program) order, so the piano
  // (not a drum) gets series colour 0, a blue (0x4477AA). Count bluish pixels.
  int coloured = 0;
  for (int y = 0; y < cairo_image_surface_get_height(image); ++y) {
    for (int x = 0; x < cairo_image_surface_get_width(image); ++x) {
      const auto* px = data + y * stride + x * 4;  // B G R A (little-endian ARGB32/RGB24)
      const int b = px[0], g = px[1], r = px[2];
      if (b > r + 40 && b > 120 && g < 200) ++coloured;  // the blue of series 0
    }
  }
  cairo_surface_destroy(image);
  EXPECT_GT(coloured, 500);
}

TEST(PianoRoll, EmptySequencesAndBadSizes) {
  EXPECT_NO_THROW(render_piano_roll_png(magenta::NoteSequence{}));
  PianoRollOptions o;
  o.width_px = 4;
  EXPECT_THROW(render_piano_roll_png(two_instruments(), o), Error);
}

TEST(PianoRoll, WriteIsAtomicAndFailsWithAnIoError) {
  EXPECT_THROW(write_piano_roll_png(two_instruments(), "/nonexistent-dir/roll.png"), Error);
}

TEST(NoteName, SpellsMidiPitchesAsPrettyMidi) {
  EXPECT_EQ("C4", note_name(60));
  EXPECT_EQ("C-1", note_name(0));
  EXPECT_EQ("G9", note_name(127));
  EXPECT_EQ("A#3", note_name(58));
}

TEST(TimeGrid, BarsFollowTempoAndTimeSignatureChanges) {
  magenta::NoteSequence s;
  s.add_tempos()->set_qpm(120);  // a quarter is 0.5 s
  auto* t2 = s.add_tempos();
  t2->set_time(4.0);
  t2->set_qpm(60);  // from 4 s a quarter is 1 s
  auto* ts = s.add_time_signatures();
  ts->set_numerator(4);
  ts->set_denominator(4);
  auto* ts2 = s.add_time_signatures();
  ts2->set_time(4.0);
  ts2->set_numerator(3);
  ts2->set_denominator(4);
  const auto bars = bar_start_seconds(s, 12.0);
  EXPECT_EQ((std::vector<double>{0.0, 2.0, 4.0, 7.0, 10.0}), bars);
  EXPECT_TRUE(bar_start_seconds(magenta::NoteSequence{}, 10.0).empty());  // no meter: no bars
}

}  // namespace
}  // namespace stochos::plot
