// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// ABC tunebooks -> NoteSequences with note_seq's rules (note_seq abc_parser.py
/// parse_abc_tunebook, ABCTune): the book is split at blank lines, a first section without
/// `X:` is a header prepended to every tune; one NoteSequence per tune (ticks 220, source_info
/// {SCORE_BASED, ABC, MAGENTA_ABC}, velocity 90, no Tempo unless Q: is given though time runs at
/// 120 qpm); repeats become section_annotations and section_groups (expand them with
/// expand_section_groups); ties, slurs and decorations are ignored, so tied notes stay apart.
/// What note_seq refuses is refused per tune by default, with code() named after its
/// exception class: variant endings, P: parts, V: voices, chords, tuplets, rests `z`/`x`,
/// `!...!` decorations and any other character; AbcReadOptions turns on what stochos reads
/// beyond that (rests, chords, ties, voices). Errors name the file, line and column.
/// Thread-safe: no shared state.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/proto/music.pb.h"

namespace stochos::scoreio {

/// Error codes, one per note_seq exception class (ABCParseError and subclasses).
inline constexpr std::string_view kCodeAbcParse = "abc_parse";
inline constexpr std::string_view kCodeMultiVoice = "multi_voice";
inline constexpr std::string_view kCodeRepeatParse = "repeat_parse";
inline constexpr std::string_view kCodeVariantEnding = "variant_ending";
inline constexpr std::string_view kCodePart = "part";
inline constexpr std::string_view kCodeInvalidCharacter = "invalid_character";
inline constexpr std::string_view kCodeChord = "chord";
inline constexpr std::string_view kCodeDuplicateReferenceNumber = "duplicate_reference_number";
inline constexpr std::string_view kCodeTuplet = "tuplet";

struct AbcReadOptions {
  /// Beyond note_seq (off by default): rests `z` and invisible rests `x` advance time
  /// (with the same length rules as notes) instead of failing the tune.
  bool allow_rests = false;
  /// Beyond note_seq: chords `[CEG]2` are read (ABC 2.1 4.17): every note starts together,
  /// each lasts its own length times the multiplier after `]`, and time advances by the
  /// first note's.
  bool allow_chords = false;
  /// Beyond note_seq: a tie `-` after a note or chord (or after a note inside a chord) joins
  /// each tied note to the note of the same pitch that starts where it ends in the next note
  /// or chord of the same voice and overlay layer.
  bool merge_ties = false;
  /// Beyond note_seq: `V:` voices and `&` overlays (ABC 2.1 7.3, 7.4). Each voice has its own
  /// clock, key (a body K: applies to its voice; voices start from the header key) and bar
  /// accidentals; an `&` returns to the last bar line and the next bar line continues from the
  /// end of the first layer. Notes take instrument = the voice's index in order of first
  /// appearance, program from `%%MIDI program [channel] N` and is_drum from `%%MIDI channel 10`.
  /// Time and key signatures repeated by several voices at the same time are kept once.
  bool allow_voices = false;

  /// Everything stochos's own ABC writer (abc_writer.h) uses: rests, chords, ties, voices.
  static AbcReadOptions abc21() {
    AbcReadOptions o;
    o.allow_rests = o.allow_chords = o.merge_ties = o.allow_voices = true;
    return o;
  }
};

struct AbcTunebook {
  /// Reference number (X:, 0 when absent) -> tune, as note_seq's dict.
  std::map<std::int64_t, magenta::NoteSequence> tunes;
  /// One Error per tune that could not be parsed, in book order.
  std::vector<Error> exceptions;
};

/// note_seq parse_abc_tunebook. `source` names the book in errors (line numbers are the
/// book's). Throws Error(code duplicate_reference_number) when an X: repeats, as note_seq does.
AbcTunebook parse_abc_tunebook(std::string_view tunebook, const std::string& source = "<abc>",
                               const AbcReadOptions& options = {});

/// parse_abc_tunebook_file.
AbcTunebook parse_abc_tunebook_file(const std::filesystem::path& path, const AbcReadOptions& options = {});

}  // namespace stochos::scoreio
