// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes: the MIDI reader either parses them or throws stochos::Error; a parsed file
// converts to a NoteSequence and back to MIDI without crashing.
#include <cstddef>
#include <cstdint>
#include <span>

#include "stochos/core/error.h"
#include "stochos/midi/midi_file.h"
#include "stochos/notesequence/midi_conversion.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto file = stochos::midi::parse_midi(std::span<const std::uint8_t>(data, size), "fuzz.mid");
    const auto ns = stochos::notesequence::midi_to_note_sequence(file);
    (void)stochos::midi::serialize_midi(stochos::notesequence::note_sequence_to_midi(ns));
  } catch (const stochos::Error&) {
  }
  return 0;
}
