// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/audio/synth/gendyn_voice.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/core/interrupt.h"

namespace stochos::audio {
namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw Error::usage("GENDYN voice: " + message);
}

bool in_range(double x, double lo, double hi) { return std::isfinite(x) && x >= lo && x <= hi; }

void check_note_value(int value, int index) {
  if (value < 0 || value > 127) {
    throw Error::input({}, {.context = "note " + std::to_string(index)},
                       "note value " + std::to_string(value) + " is outside 0..127")
        .with_code("midi_range");
  }
}

/// The instrument's pan controllers (time, value), in time order (sequence order on ties).
std::vector<std::pair<double, int>> pan_changes(const magenta::NoteSequence& s, int instrument) {
  std::vector<std::pair<double, int>> out;
  for (const auto& c : s.control_changes()) {
    if (c.instrument() == instrument && !c.is_drum() && c.control_number() == 10) {
      out.emplace_back(c.time(), c.control_value());
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

std::size_t frame_at(double t_seconds, int sample_rate_hz) {
  if (!(t_seconds > 0.0)) return 0;
  return static_cast<std::size_t>(std::llround(std::min(t_seconds, 48.0 * 3600.0) * sample_rate_hz));
}

}  // namespace

void mix_gendyn_voice(const magenta::NoteSequence& sequence, const GendynVoice& voice, AudioBuffer& mix) {
  require(in_range(voice.spread_semitones, 0.0, 24.0), "spread must be 0..24 semitones");
  require(in_range(voice.gain, 0.0, 1.0), "gain must be in 0..1");
  require(in_range(voice.attack_seconds, 0.0, 10.0) && in_range(voice.release_seconds, 0.0, 10.0),
          "attack and release must be 0..10 seconds");
  require(mix.channels == 1 || mix.channels == 2, "the mix must be mono or stereo");
  check_sample_rate(mix.sample_rate_hz);
  const int rate = mix.sample_rate_hz;
  const double nyquist_hz = rate / 2.0;
  const std::size_t mix_frames = mix.frames();
  const auto attack_frames = static_cast<double>(frame_at(voice.attack_seconds, rate));
  const std::size_t release_frames = frame_at(voice.release_seconds, rate);
  const auto pans = pan_changes(sequence, voice.instrument);
  std::vector<float> wave;
  int k = 0;  // the voice's note counter: names each note's stream
  for (int i = 0; i < sequence.notes_size(); ++i) {
    const auto& n = sequence.notes(i);
    if (n.instrument() != voice.instrument || n.is_drum()) continue;
    core::check_interrupt();
    const int note_index = k++;
    check_note_value(n.pitch(), i);
    check_note_value(n.velocity(), i);
    if (n.velocity() == 0 || !(n.end_time() > n.start_time())) continue;  // silent by definition
    const std::size_t start = frame_at(n.start_time(), rate);
    const std::size_t end = std::max(start + 1, frame_at(n.end_time(), rate));
    if (start >= mix_frames) continue;
    const std::size_t length = std::min(end + release_frames, mix_frames) - start;

    GendynOptions o = voice.options;
    o.sample_rate_hz = rate;
    o.amplitude = voice.gain * n.velocity() / 127.0;
    const double f_hz = 440.0 * std::exp2((n.pitch() - 69) / 12.0);
    o.freq_hz = std::min(f_hz, nyquist_hz);
    o.minfreq_hz = std::min(f_hz * std::exp2(-voice.spread_semitones / 12.0), nyquist_hz);
    o.maxfreq_hz = std::min(f_hz * std::exp2(voice.spread_semitones / 12.0), nyquist_hz);
    GendynOscillator oscillator(o, voice.rng.stream("note/" + std::to_string(note_index)));
    wave.resize(length);
    oscillator.generate(wave);

    double left = 1.0, right = 1.0;
    if (mix.channels == 2) {
      // Constant power: CC 10 value 64 (or none) is the centre, 0 left, 127 right.
      const auto after = std::upper_bound(pans.begin(), pans.end(), n.start_time(),
                                          [](double t, const auto& p) { return t < p.first; });
      const int pan = after == pans.begin() ? 64 : std::prev(after)->second;
      const double x = std::clamp((pan - 64) / 63.5, -1.0, 1.0);
      const double theta = (x + 1.0) * std::numbers::pi / 4.0;
      left = std::cos(theta);
      right = std::sin(theta);
    }
    const std::size_t held = end - start;
    for (std::size_t j = 0; j < length; ++j) {
      double envelope = 1.0;
      if (static_cast<double>(j) < attack_frames) envelope = static_cast<double>(j) / attack_frames;
      if (j >= held) envelope *= 1.0 - static_cast<double>(j - held + 1) / static_cast<double>(release_frames + 1);
      const double v = envelope * wave[j];
      float* frame = mix.samples.data() + (start + j) * static_cast<std::size_t>(mix.channels);
      if (mix.channels == 2) {
        frame[0] += static_cast<float>(v * left);
        frame[1] += static_cast<float>(v * right);
      } else {
        frame[0] += static_cast<float>(v);
      }
    }
  }
}

AudioBuffer render_with_gendyn_voices(MidiRenderer& renderer, const magenta::NoteSequence& sequence,
                                      std::span<const GendynVoice> voices) {
  std::set<int> gendyn_instruments;
  for (const auto& v : voices) gendyn_instruments.insert(v.instrument);
  magenta::NoteSequence general_midi = sequence;
  general_midi.clear_notes();
  double end_seconds = sequence.total_time();
  for (const auto& n : sequence.notes()) {
    if (n.is_drum() || !gendyn_instruments.count(n.instrument())) *general_midi.add_notes() = n;
    if (std::isfinite(n.end_time())) end_seconds = std::max(end_seconds, n.end_time());
  }
  general_midi.set_total_time(end_seconds);  // the length of the whole piece, GENDYN notes included
  AudioBuffer mix = renderer.render(general_midi);
  for (const auto& v : voices) mix_gendyn_voice(sequence, v, mix);
  return mix;
}

}  // namespace stochos::audio
