// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <utility>

#include "stochos/audio/audio_file.h"
#include "stochos/audio/render/midi_renderer.h"
#include "stochos/audio/tests/audio_analysis.h"
#include "stochos/core/error.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/testing/shared.h"

namespace stochos::audio {
namespace {

using namespace stochos::audio::testing;

RenderOptions dry_options() {
  RenderOptions o;
  o.sample_rate_hz = 22050;  // enough for the partials measured; halves the work
  o.reverb = false;
  o.chorus = false;          // chorus would detune the partials measured below
  o.tail_seconds = 0.3;
  return o;
}

// Loading the 141 MB General MIDI soundfont takes about a second: the tests share one renderer.
MidiRenderer& shared_renderer() {
  static MidiRenderer renderer(dry_options());
  return renderer;
}

TEST(MidiRenderer, ExampleMidiHasOnsetsAtNoteTimesAndPitchesWithinCents) {
  const auto sequence = notesequence::read_sequence_file(stochos::testing::fixture("note_seq_testdata/example.mid"));
  ASSERT_EQ(sequence.notes_size(), 8);
  const AudioBuffer audio = shared_renderer().render(sequence);
  ASSERT_EQ(audio.channels, 2);
  EXPECT_NEAR(audio.duration_seconds(), sequence.total_time() + 0.3, 1e-3);
  const std::vector<float> mono = audio.mono();
  const int sr = audio.sample_rate_hz;
  // Piano notes played legato barely change the total energy (the previous note's release
  // fills the gap), so the onset is measured in the new note's own band: the magnitude of a
  // Hann-windowed DFT at its fundamental, sliding in 1 ms steps. The onset is where that
  // magnitude first doubles from its level 60 ms before the note (a 6 dB rise), or reaches a tenth of
  // its peak when the band was silent. 
  const std::size_t window = 2048;  // 93 ms: resolves a semitone at middle C
  for (const auto& note : sequence.notes()) {
    const double t = note.start_time();
    const double f0 = midi_hz(note.pitch());
    std::vector<std::pair<double, double>> track;  // (window centre seconds, magnitude)
    for (double c = t - 0.06; c <= t + 0.08; c += 0.001) {
      const double first = c * sr - window / 2.0;
      double re = 0.0, im = 0.0;
      for (std::size_t i = 0; i < window; ++i) {
        const double n = first + static_cast<double>(i);
        const double x = (n >= 0.0 && n < static_cast<double>(mono.size())) ? mono[static_cast<std::size_t>(n)] : 0.0;
        const double w = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / window);
        re += x * w * std::cos(2.0 * std::numbers::pi * f0 * n / sr);
        im -= x * w * std::sin(2.0 * std::numbers::pi * f0 * n / sr);
      }
      track.emplace_back(c, std::hypot(re, im));
    }
    const double before = track.front().second;
    double peak = 0.0;
    for (const auto& [c, m] : track) peak = std::max(peak, m);
    double onset = -1.0;
    for (const auto& [c, m] : track) {
      if (m >= std::max(2.0 * before, 0.1 * peak)) {
        onset = c;
        break;
      }
    }
    std::printf("note %d at %.3f s: onset %+.1f ms, band rise %.1f dB, ", note.pitch(), t, 1e3 * (onset - t), 20 * std::log10(peak / (before + 1e-12)));
    // Observed: 1 to 16 ms early, the lead a low threshold gives a 93 ms window.
    EXPECT_NEAR(onset, t, 0.020) << "note " << note.pitch();
    EXPECT_GT(peak, 10.0 * before) << "note " << note.pitch() << ": its band's energy must rise";
    // Pitch: the dominant frequency of the sustained part.
    const auto start = static_cast<std::size_t>((t + 0.03) * sr);
    const auto length = static_cast<std::size_t>(0.19 * sr);
    const double f = dominant_frequency_hz(mono, sr, start, length, 100.0);
    std::printf("pitch %+.2f cents\n", cents(f, midi_hz(note.pitch())));
    EXPECT_NEAR(cents(f, midi_hz(note.pitch())), 0.0, 5.0) << "note " << note.pitch() << " measured " << f << " Hz";
  }
}

TEST(MidiRenderer, RenderWrittenAsWavFlacOggDecodesBack) {
  stochos::testing::TempDir dir;
  const auto input = stochos::testing::fixture("note_seq_testdata/example.mid");
  const AudioBuffer audio = shared_renderer().render(notesequence::read_sequence_file(input));
  for (const char* name : {"out.wav", "out.flac", "out.ogg"}) {
    write_audio_file(dir / name, audio);
    const AudioBuffer back = read_audio_file(dir / name);
    EXPECT_EQ(back.sample_rate_hz, 22050);
    EXPECT_EQ(back.channels, 2);
    EXPECT_GT(back.peak(), 0.05f) << name;
  }
}

TEST(MidiRenderer, MissingSoundfontNamesTheDebianPackage) {
  RenderOptions o;
  o.soundfont = "/nonexistent/none.sf2";
  try {
    MidiRenderer renderer(o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
    EXPECT_EQ(e.code(), "soundfont_missing");
    EXPECT_NE(std::string(e.what()).find("fluid-soundfont-gm"), std::string::npos) << e.what();
  }
}

TEST(MidiRenderer, NotASoundfontIsAnInputError) {
  RenderOptions o;
  o.soundfont = stochos::testing::fixture("note_seq_testdata/example.mid");
  try {
    MidiRenderer renderer(o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
  }
}

TEST(MidiRenderer, DrumsPitchBendAndProgramsAreRendered) {
  magenta::NoteSequence s;
  auto* piano = s.add_notes();
  piano->set_pitch(69);
  piano->set_velocity(100);
  piano->set_start_time(0.0);
  piano->set_end_time(0.5);
  piano->set_program(19);  // church organ: a steady tone
  auto* bend = s.add_pitch_bends();
  bend->set_time(0.0);
  bend->set_bend(4096);  // +1 semitone with the default range of 2
  auto* drum = s.add_notes();
  drum->set_pitch(38);
  drum->set_velocity(120);
  drum->set_start_time(0.6);
  drum->set_end_time(0.7);
  drum->set_is_drum(true);
  drum->set_instrument(9);
  s.set_total_time(0.7);
  const AudioBuffer audio = shared_renderer().render(s);
  const auto mono = audio.mono();
  const int sr = audio.sample_rate_hz;
  const double f = dominant_frequency_hz(mono, sr, static_cast<std::size_t>(0.1 * sr), static_cast<std::size_t>(0.35 * sr), 300.0);
  // A4 bent up a semitone is A#4; the organ's strongest partial may be an octave above.
  const double c = cents(f, midi_hz(70));
  EXPECT_LT(std::fabs(c - 1200.0 * std::round(c / 1200.0)), 10.0) << f;
  EXPECT_GT(rms(mono, static_cast<std::size_t>(0.6 * sr), static_cast<std::size_t>(0.05 * sr)), 0.01);
}

TEST(MidiRenderer, RendersDoNotDependOnEarlierRendersEvenWithReverbAndChorus) {
  RenderOptions o = dry_options();
  o.reverb = true;
  o.chorus = true;
  MidiRenderer renderer(o);
  magenta::NoteSequence loud, quiet;
  for (int i = 0; i < 6; ++i) {
    auto* n = loud.add_notes();
    n->set_pitch(48 + 5 * i);
    n->set_velocity(127);
    n->set_start_time(0.1 * i);
    n->set_end_time(0.1 * i + 0.9);
    n->set_program(48);  // strings, long releases into the reverb
  }
  loud.set_total_time(1.4777);  // ends inside one of FluidSynth's 64-frame blocks
  auto* n = quiet.add_notes();
  n->set_pitch(72);
  n->set_velocity(60);
  n->set_start_time(0.8);
  n->set_end_time(1.2);
  quiet.set_total_time(1.2);
  const AudioBuffer first = renderer.render(quiet);
  (void)renderer.render(loud);
  const AudioBuffer after_loud = renderer.render(quiet);
  EXPECT_EQ(first.samples, after_loud.samples);
  MidiRenderer fresh(o);
  EXPECT_EQ(fresh.render(quiet).samples, first.samples);
}

}  // namespace
}  // namespace stochos::audio
