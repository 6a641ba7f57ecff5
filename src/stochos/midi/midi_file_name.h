// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <filesystem>

namespace stochos::midi {

/// The one "is this a MIDI file" test by name: .mid, .midi, .kar (karaoke, a Standard MIDI
/// File) and .rmi (RIFF RMID, unwrapped by parse_midi), in any letter case. Magenta's
/// convert_dir_to_note_sequences takes .mid and .midi only; stochos reads all four wherever
/// it takes MIDI files by name.
bool is_midi_file_name(const std::filesystem::path& path);

}  // namespace stochos::midi
