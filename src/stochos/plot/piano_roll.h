// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Piano-roll pictures of NoteSequences: time in seconds across (with bar lines when the
/// sequence has tempos or time signatures), MIDI pitch up the side labelled with note names,
/// one colour per instrument (instrument, program, drum), velocity as opacity, drum hits
/// drawn as diamonds. Rendered with cairo to PNG. Thread-safe (no shared state).
#include <filesystem>
#include <optional>
#include <string>

#include "stochos/proto/music.pb.h"

namespace stochos::plot {

struct PianoRollOptions {
  int width_px = 1600;
  /// 0: chosen from the pitch range (a few pixels per semitone, 240..1200 pixels).
  int height_px = 0;
  std::string title;  ///< drawn above the roll when set
  std::optional<int> min_pitch;  ///< default: the lowest note - 2
  std::optional<int> max_pitch;  ///< default: the highest note + 2
  bool legend = true;            ///< list the instruments and their colours
};

/// The PNG bytes of the piano roll. A sequence without notes gives an empty roll.
/// Throws Error(kUsage) for an impossible size.
std::string render_piano_roll_png(const magenta::NoteSequence& sequence, const PianoRollOptions& options = {});

/// Renders and writes the PNG atomically (temporary file, then rename). Throws Error(kIo).
void write_piano_roll_png(const magenta::NoteSequence& sequence, const std::filesystem::path& path,
                          const PianoRollOptions& options = {});

/// "C4" for MIDI 60 (pretty_midi's note names, sharps).
std::string note_name(int pitch);

}  // namespace stochos::plot
