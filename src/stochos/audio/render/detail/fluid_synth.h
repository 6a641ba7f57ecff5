// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The FluidSynth seam: the only code that includes <fluidsynth.h> is fluid_synth.cpp.
#include <cstddef>
#include <filesystem>
#include <memory>

namespace stochos::audio::detail {

struct FluidSettings {
  int sample_rate_hz = 44100;
  double gain = 0.4;
  bool reverb = true;
  bool chorus = true;
};

/// One FluidSynth synthesizer with one loaded soundfont. Not thread-safe.
class FluidSynth {
 public:
  FluidSynth(const std::filesystem::path& soundfont, const FluidSettings& settings);
  ~FluidSynth();
  FluidSynth(const FluidSynth&) = delete;
  FluidSynth& operator=(const FluidSynth&) = delete;

  /// A fresh synthesizer (same settings, same loaded soundfont): what is rendered after a
  /// reset does not depend on anything before it.
  void reset();
  void note_on(int channel, int key, int velocity);
  void note_off(int channel, int key);
  void program_change(int channel, int program);
  /// value 0..16383, 8192 = centre.
  void pitch_bend(int channel, int value);
  void control_change(int channel, int controller, int value);
  /// Synthesizes `frames` stereo frames into interleaved `out` (2 * frames floats).
  void render(float* out, std::size_t frames);

 private:
  struct Handles;
  std::unique_ptr<Handles> handles_;
};

}  // namespace stochos::audio::detail
