// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Notation out as ABC 2.1 text, from the same layout as the MusicXML writer (notation.h:
/// quantized on the fly, tempo map flattened onto the first tempo, measures, ties, rests).
/// One tune per NoteSequence (X: 1, 2, ...) with T:, C:, M:, L:, Q: and K: headers:
/// - L: is the longest unit 1/n that divides every written length, so every length is a
///   whole multiple of it (no tuplets); lengths no single note value expresses are tied notes;
/// - Q: gives the first tempo: `Q:1/4=120`, or a beat unit down to 1/128 when qpm is not
///   whole (exact when that suffices, else within 1/64 qpm);
/// - key changes and time signature changes are inline `[K:]`/`[M:]` at their measure; notes
///   carry accidentals relative to the key, and once a letter has an accidental in a measure
///   every later note of that letter in the measure carries one, so readers that apply bar
///   accidentals per octave or to all octaves read the same pitches;
/// - chords are `[CEG]2`, ties `-` (also across bar lines), rests `z`, extra voices of a part
///   `&` overlays padded with invisible rests `x`;
/// - several parts, a drum part or a bass part: one `V:` per part (in systems of four
///   measures) with `%%MIDI program N`, drums as `clef=perc` on `%%MIDI channel 10` (notes keep
///   their pitches, the General MIDI drum keys).
/// Our reader reads it back with AbcReadOptions::abc21() (abc_parser.h); note_seq's reader
/// refuses rests, chords and voices. Thread-safe: pure functions.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "stochos/proto/music.pb.h"
#include "stochos/scoreio/notation.h"

namespace stochos::scoreio {

/// One tune with reference number `reference_number`. T: is the title, else the file name's
/// stem, else "Untitled". Throws Error(kUnsupported) as layout_notation does, and when the
/// lengths need a unit 1/n with n not a power of two (a triplet grid: no tuplets are written).
std::string note_sequence_to_abc(const magenta::NoteSequence& sequence, const NotationOptions& options = {},
                                 std::int64_t reference_number = 1);

/// A tunebook: tune i has X: i + 1; tunes are separated by a blank line.
std::string note_sequences_to_abc(const std::vector<magenta::NoteSequence>& sequences,
                                  const NotationOptions& options = {});

/// Writes note_sequences_to_abc to `path`, atomically.
void write_abc_file(const std::vector<magenta::NoteSequence>& sequences, const std::filesystem::path& path,
                    const NotationOptions& options = {});

}  // namespace stochos::scoreio
