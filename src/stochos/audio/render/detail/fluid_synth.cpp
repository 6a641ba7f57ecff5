// SPDX-License-Identifier: GPL-3.0-or-later
// The FluidSynth seam (libfluidsynth 2.x API: new_fluid_settings, fluid_synth_sfload,
// fluid_synth_add_sfont, fluid_synth_write_float). No audio driver and no MIDI player are
// created: the caller decides when each event happens and how many frames to synthesize.
//
// Renders must not depend on earlier ones, and fluid_synth_system_reset does not promise
// that: measured with libfluidsynth 2.3.1, a second render of the same events differed from
// the first by up to 0.002 without effects (state left in reused voices) and by 0.003 from
// its first frame with reverb and chorus (their delay lines and LFOs), and a render that
// ended inside one of FluidSynth's 64-frame blocks shifted the next one. So every reset makes
// a new synthesizer (about 1.5 ms) that shares the soundfont loaded once by a "holder"
// synthesizer (fluid_synth_add_sfont; fluid_synth_remove_sfont gives it back before the
// worker is deleted), instead of loading the soundfont again (0.3 s even with FluidSynth's
// sample cache).
#include "stochos/audio/render/detail/fluid_synth.h"

#include <fluidsynth.h>

#include <mutex>
#include <string>

#include "stochos/core/error.h"

namespace stochos::audio::detail {

struct FluidSynth::Handles {
  fluid_settings_t* settings = nullptr;
  fluid_synth_t* holder = nullptr;  // owns the loaded soundfont; never plays
  fluid_sfont_t* sfont = nullptr;
  fluid_synth_t* synth = nullptr;  // the worker: plays, replaced by every reset()
  void drop_worker() {
    if (synth == nullptr) return;
    fluid_synth_remove_sfont(synth, sfont);  // the holder keeps (and later deletes) it
    delete_fluid_synth(synth);
    synth = nullptr;
  }
  ~Handles() {
    drop_worker();
    if (holder != nullptr) delete_fluid_synth(holder);
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
  handles_->holder = new_fluid_synth(s);
  if (handles_->holder == nullptr) throw Error::internal("FluidSynth could not create a synthesizer");
  const int id = fluid_synth_sfload(handles_->holder, soundfont.c_str(), 1);
  if (id == FLUID_FAILED) {
    throw Error::input(soundfont.string(), {}, "FluidSynth cannot load this file as a SoundFont (.sf2/.sf3)")
        .with_code("soundfont_invalid");
  }
  handles_->sfont = fluid_synth_get_sfont_by_id(handles_->holder, id);
  if (handles_->sfont == nullptr) throw Error::internal("FluidSynth lost the soundfont it loaded");
  reset();
}

FluidSynth::~FluidSynth() = default;

void FluidSynth::reset() {
  handles_->drop_worker();
  handles_->synth = new_fluid_synth(handles_->settings);
  if (handles_->synth == nullptr) throw Error::internal("FluidSynth could not create a synthesizer");
  if (fluid_synth_add_sfont(handles_->synth, handles_->sfont) == FLUID_FAILED) {
    handles_->drop_worker();
    throw Error::internal("FluidSynth refused to share the loaded soundfont");
  }
  // Channels of a synthesizer made without a soundfont have no preset yet.
  check(fluid_synth_program_reset(handles_->synth), "a program reset");
}
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
