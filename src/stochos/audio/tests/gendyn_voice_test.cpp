// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/audio/synth/gendyn_voice.h"

#include <gtest/gtest.h>

#include <cmath>

#include "stochos/audio/tests/audio_analysis.h"
#include "stochos/core/error.h"

namespace stochos::audio {
namespace {

using namespace stochos::audio::testing;
constexpr int kRate = 22050;

void add_note(magenta::NoteSequence& s, int instrument, int pitch, int velocity, double start, double end) {
  auto* n = s.add_notes();
  n->set_instrument(instrument);
  n->set_pitch(pitch);
  n->set_velocity(velocity);
  n->set_start_time(start);
  n->set_end_time(end);
  s.set_total_time(std::max(s.total_time(), end));
}

AudioBuffer silence(int channels, double seconds) {
  AudioBuffer b;
  b.sample_rate_hz = kRate;
  b.channels = channels;
  b.samples.assign(static_cast<std::size_t>(seconds * kRate) * channels, 0.0f);
  return b;
}

GendynVoice gendy3_voice(int instrument, std::uint64_t seed) {
  GendynVoice v;
  v.instrument = instrument;
  v.options.model = GendyModel::kGendy3;
  v.gain = 0.5;
  v.rng = core::Rng(seed).stream("voice/test/gendyn");
  return v;
}

std::size_t at(double seconds) { return static_cast<std::size_t>(seconds * kRate); }

TEST(GendynVoice, NotesSoundAtTheirTimesWithTheirPitchAndNowhereElse) {
  magenta::NoteSequence s;
  add_note(s, 0, 57, 100, 0.2, 0.5);
  add_note(s, 0, 69, 127, 1.0, 1.3);
  add_note(s, 1, 60, 100, 0.6, 0.9);  // another instrument: not this voice's business
  AudioBuffer mix = silence(1, 2.0);
  mix_gendyn_voice(s, gendy3_voice(0, 1), mix);
  const auto& x = mix.samples;
  EXPECT_GT(rms(x, at(0.25), at(0.2)), 0.05);
  EXPECT_GT(rms(x, at(1.05), at(0.2)), 0.05);
  EXPECT_EQ(rms(x, 0, at(0.2)), 0.0);             // before the first note
  EXPECT_EQ(rms(x, at(0.56), at(0.4)), 0.0);      // after the 50 ms release, before the next
  EXPECT_EQ(rms(x, at(1.36), at(0.6)), 0.0);
  EXPECT_LE(mix.peak(), 0.5f + 1e-6f);            // gain 0.5 at velocity 127
  // Gendy3 plays the note's frequency exactly: the period shows in the autocorrelation.
  const std::vector<float> a4(x.begin() + at(1.05), x.begin() + at(1.25));
  const std::vector<float> a3(x.begin() + at(0.25), x.begin() + at(0.45));
  EXPECT_NEAR(static_cast<double>(autocorrelation_peak_lag(a4, 30, 70)), kRate / 440.0, 1.0);
  EXPECT_NEAR(static_cast<double>(autocorrelation_peak_lag(a3, 70, 140)), kRate / 220.0, 1.0);
}

TEST(GendynVoice, SameStreamGivesIdenticalSamplesOtherStreamOthers) {
  magenta::NoteSequence s;
  add_note(s, 2, 50, 90, 0.0, 0.4);
  add_note(s, 2, 62, 90, 0.3, 0.8);
  GendynVoice v;
  v.instrument = 2;
  v.rng = core::Rng(5).stream("voice/drone/gendyn");
  AudioBuffer a = silence(2, 1.0), b = silence(2, 1.0), c = silence(2, 1.0);
  mix_gendyn_voice(s, v, a);
  mix_gendyn_voice(s, v, b);
  v.rng = core::Rng(6).stream("voice/drone/gendyn");
  mix_gendyn_voice(s, v, c);
  EXPECT_EQ(a.samples, b.samples);
  EXPECT_NE(a.samples, c.samples);
  // Notes of other instruments, added anywhere, leave this voice's sound unchanged.
  magenta::NoteSequence t;
  add_note(t, 0, 70, 90, 0.1, 0.2);
  for (const auto& n : s.notes()) *t.add_notes() = n;
  AudioBuffer d = silence(2, 1.0);
  v.rng = core::Rng(5).stream("voice/drone/gendyn");
  mix_gendyn_voice(t, v, d);
  EXPECT_EQ(a.samples, d.samples);
}

TEST(GendynVoice, PanControllerPlacesTheNote) {
  magenta::NoteSequence s;
  add_note(s, 0, 60, 100, 0.1, 0.4);
  auto* cc = s.add_control_changes();
  cc->set_instrument(0);
  cc->set_control_number(10);
  cc->set_control_value(0);  // hard left
  cc->set_time(0.0);
  AudioBuffer mix = silence(2, 0.5);
  mix_gendyn_voice(s, gendy3_voice(0, 1), mix);
  const std::vector<float> left = mix.channel(0), right = mix.channel(1);
  EXPECT_GT(rms(left, at(0.1), at(0.3)), 0.05);
  EXPECT_LT(rms(right, at(0.1), at(0.3)), 1e-6);
}

TEST(GendynVoice, BadParametersAndNotesAreRefused) {
  magenta::NoteSequence s;
  add_note(s, 0, 60, 100, 0.1, 0.4);
  AudioBuffer mix = silence(2, 0.5);
  GendynVoice v = gendy3_voice(0, 1);
  v.gain = 2.0;
  EXPECT_THROW(mix_gendyn_voice(s, v, mix), Error);
  v = gendy3_voice(0, 1);
  v.options.ampscale = 5.0;
  try {
    mix_gendyn_voice(s, v, mix);
    ADD_FAILURE() << "accepted ampscale 5";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
  }
  s.mutable_notes(0)->set_pitch(200);
  try {
    mix_gendyn_voice(s, gendy3_voice(0, 1), mix);
    ADD_FAILURE() << "accepted pitch 200";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
  }
}

TEST(GendynVoice, MixIsTheGeneralMidiRenderOfTheOtherNotesPlusTheGendynVoice) {
  RenderOptions o;
  o.sample_rate_hz = kRate;
  o.reverb = false;
  o.chorus = false;
  o.tail_seconds = 0.3;
  MidiRenderer renderer(o);
  magenta::NoteSequence s;
  add_note(s, 0, 57, 100, 0.1, 0.5);  // GENDYN
  add_note(s, 1, 72, 100, 0.8, 1.2);  // piano
  add_note(s, 0, 64, 100, 1.5, 1.9);  // GENDYN, the last note: the mix must reach its end
  const GendynVoice voices[] = {gendy3_voice(0, 3)};
  const AudioBuffer mix = render_with_gendyn_voices(renderer, s, voices);
  ASSERT_EQ(mix.channels, 2);
  EXPECT_NEAR(mix.duration_seconds(), 1.9 + 0.3, 1e-3);

  magenta::NoteSequence piano;
  add_note(piano, 1, 72, 100, 0.8, 1.2);
  piano.set_total_time(1.9);
  AudioBuffer expected = renderer.render(piano);
  mix_gendyn_voice(s, voices[0], expected);
  EXPECT_EQ(mix.samples, expected.samples);
  const std::vector<float> mono = mix.mono();
  EXPECT_GT(rms(mono, at(0.15), at(0.3)), 0.02);
  EXPECT_GT(rms(mono, at(0.85), at(0.3)), 0.005);
  EXPECT_GT(rms(mono, at(1.55), at(0.3)), 0.02);
}

}  // namespace
}  // namespace stochos::audio
