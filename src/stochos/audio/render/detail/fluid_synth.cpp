// SPDX-License-Identifier: GPL-3.0-or-later
// The FluidSynth seam (libfluidsynth 2.x API: new_fluid_settings, fluid_synth_sfload,
// fluid_synth_write_float). No audio driver and no MIDI player are created: the caller
// decides when each event happens and how many frames to synthesize.
#include "stochos/audio/render/detail/fluid_synth.h"

#include <fluidsynth.h>

#include <mutex>
#include <string>

#include "stochos/core/error.h"

namespace stochos::audio::detail {

struct FluidSynth::Handles {
  fluid_settings_t* settings = nullptr;
  fluid_synth_t* synth = nullptr;
  ~Handles() {
    if (synth != nullptr) delete_fluid_synth(synth);
    if (settings != nullptr) delete_fluid_settings(settings);
  }
};

namespace {

// FluidSynth prints warnings (e.g. about soundfont quirks) straight to stderr; errors reach
// the user as stochos::Error instead, so its logging is silenced once per process.
void silence_fluid_logging() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int level : {FLUID_PANIC, FLUID_ERR, FLUID_WARN, FLUID_INFO, FLUID_DBG}) {
      fluid_set_log_function(level, nullptr, nullptr);
    }
  });
}

void check(int status, const char* what) {
  if (status == FLUID_FAILED) throw Error::internal(std::string("FluidSynth refused ") + what);
}

}  // namespace

FluidSynth::FluidSynth(const std::filesystem::path& soundfont, const FluidSettings& settings)
    : handles_(std::make_unique<Handles>()) {
  silence_fluid_logging();
  handles_->settings = new_fluid_settings();
  if (handles_->settings == nullptr) throw Error::internal("FluidSynth could not create its settings");
  fluid_settings_t* s = handles_->settings;
  fluid_settings_setnum(s, "synth.sample-rate", settings.sample_rate_hz);
  fluid_settings_setnum(s, "synth.gain", settings.gain);
  fluid_settings_setint(s, "synth.reverb.active", settings.reverb ? 1 : 0);
  fluid_settings_setint(s, "synth.chorus.active", settings.chorus ? 1 : 0);
  // One thread and no locking: the synth is driven from one thread, deterministically.
  fluid_settings_setint(s, "synth.cpu-cores", 1);
  fluid_settings_setint(s, "synth.threadsafe-api", 0);
  fluid_settings_setint(s, "synth.polyphony", 256);
  handles_->synth = new_fluid_synth(s);
  if (handles_->synth == nullptr) throw Error::internal("FluidSynth could not create a synthesizer");
  if (fluid_synth_sfload(handles_->synth, soundfont.c_str(), 1) == FLUID_FAILED) {
    throw Error::input(soundfont.string(), {}, "FluidSynth cannot load this file as a SoundFont (.sf2/.sf3)")
        .with_code("soundfont_invalid");
  }
}

FluidSynth::~FluidSynth() = default;

void FluidSynth::reset() { check(fluid_synth_system_reset(handles_->synth), "a system reset"); }
void FluidSynth::note_on(int channel, int key, int velocity) {
  // FLUID_FAILED here only means no preset for this program: the note stays silent, as in a
  // hardware synthesizer, rather than failing the render.
  fluid_synth_noteon(handles_->synth, channel, key, velocity);
}
void FluidSynth::note_off(int channel, int key) { fluid_synth_noteoff(handles_->synth, channel, key); }
void FluidSynth::program_change(int channel, int program) {
  fluid_synth_program_change(handles_->synth, channel, program);
}
void FluidSynth::pitch_bend(int channel, int value) { fluid_synth_pitch_bend(handles_->synth, channel, value); }
void FluidSynth::control_change(int channel, int controller, int value) {
  fluid_synth_cc(handles_->synth, channel, controller, value);
}

void FluidSynth::render(float* out, std::size_t frames) {
  // FluidSynth takes an int count; render in slices well below INT_MAX.
  constexpr std::size_t kSlice = 1 << 16;
  while (frames > 0) {
    const std::size_t n = std::min(frames, kSlice);
    check(fluid_synth_write_float(handles_->synth, static_cast<int>(n), out, 0, 2, out, 1, 2), "to synthesize");
    out += 2 * n;
    frames -= n;
  }
}

}  // namespace stochos::audio::detail
