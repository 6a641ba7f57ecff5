// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Human-readable dumps of a NoteSequence for debugging and `stochos inspect`. Pure
/// functions of their input; thread-safe.
#include <cstddef>
#include <string>

#include "stochos/proto/music.pb.h"

namespace stochos::notesequence {

/// Protobuf text format of the whole message (google::protobuf::TextFormat), parseable back.
std::string to_text_proto(const magenta::NoteSequence& sequence);

/// A compact summary: header (id, filename, collection, ticks_per_quarter, source_info,
/// total_time, quantization), tempos, time and key signatures ("G major"), one line per
/// (instrument, program, drum) with its note count and InstrumentInfo name, then a table of
/// the first `max_notes` notes in stored order (pitch with its name such as C4 = MIDI 60,
/// velocity, start and end seconds, instrument, program, drum, quantized steps when the
/// sequence is quantized) and "... N more" for the rest. Times are printed in shortest
/// round-trip form.
std::string to_summary_text(const magenta::NoteSequence& sequence, std::size_t max_notes = 50);

/// "C4" for 60, "C#-1" for 1, "G9" for 127 (pretty_midi note_number_to_name).
std::string pitch_name(int pitch);

/// "G major", "Eb minor", "D dorian"; the key names of pretty_midi key_number_to_key_name.
std::string key_signature_name(const magenta::NoteSequence::KeySignature& key_signature);

}  // namespace stochos::notesequence
