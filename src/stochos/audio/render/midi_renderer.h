// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// General MIDI rendering of NoteSequences with FluidSynth (libfluidsynth), offline and much
/// faster than real time.
///
/// The renderer drives the synthesizer from the sequence's own events, already in seconds
/// (so tempo changes are honoured by construction), instead of FluidSynth's MIDI file player:
/// notes, program changes, drums (channel 10 with the soundfont's drum kits), pitch bends and
/// control changes are applied between calls that synthesize exactly up to the event's sample.
/// FluidSynth computes audio in blocks of 64 frames, so an event sounds at most 63 frames
/// (1.4 ms at 44.1 kHz) after its time; its own player is coarser still.
///
/// Instruments map to MIDI channels in order of instrument number (drums always on channel
/// 10); more than 15 melodic instruments share channels round-robin.
/// A MidiRenderer loads the soundfont once and renders any number of sequences; it is not
/// thread-safe (one per thread).
#include <filesystem>
#include <memory>

#include "stochos/audio/audio_buffer.h"
#include "stochos/audio/audio_file.h"
#include "stochos/proto/music.pb.h"

namespace stochos::audio {

/// Debian's General MIDI soundfont (package fluid-soundfont-gm).
inline constexpr const char* kDefaultSoundfont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

struct RenderOptions {
  std::filesystem::path soundfont = kDefaultSoundfont;
  int sample_rate_hz = 44100;  ///< 8000..96000 (FluidSynth's range)
  double tail_seconds = 1.5;   ///< rendered after the last note ends, for releases and reverb
  double gain = 0.4;           ///< FluidSynth's master gain (synth.gain), 0..10
  bool reverb = true;
  bool chorus = true;
};

class MidiRenderer {
 public:
  /// Loads the soundfont. Throws Error(kIo, code "soundfont_missing") naming the Debian package
  /// fluid-soundfont-gm when the file does not exist, kInput when FluidSynth cannot load it,
  /// kUsage for options out of range.
  explicit MidiRenderer(RenderOptions options = {});
  ~MidiRenderer();
  MidiRenderer(const MidiRenderer&) = delete;
  MidiRenderer& operator=(const MidiRenderer&) = delete;

  /// Stereo audio of the whole sequence plus the tail. The synthesizer is reset before each
  /// call, so renders do not depend on each other. Throws kInput for a note pitch or velocity
  /// outside 0..127.
  AudioBuffer render(const magenta::NoteSequence& sequence);
  const RenderOptions& options() const { return options_; }

 private:
  struct Impl;
  RenderOptions options_;
  std::unique_ptr<Impl> impl_;
};

/// Reads a sequence file (.mid/.midi, .ns/.pb, first record of a .tfrecord), renders it and
/// writes the audio atomically in the format of `output`'s extension.
void render_file(const std::filesystem::path& input, const std::filesystem::path& output,
                 const RenderOptions& options = {}, const AudioWriteOptions& write_options = {});

}  // namespace stochos::audio
