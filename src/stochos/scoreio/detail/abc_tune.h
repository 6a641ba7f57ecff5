// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// note_seq abc_parser.ABCTune: one tune's lines to a NoteSequence.
//
// Hand-written on purpose: Debian packages no ABC library (abcm2ps and abcMIDI are programs,
// not libraries, and neither matches note_seq's semantics), and note_seq's own "parser" is a
// sequence of anchored regular expressions. Each of those expressions is transcribed here as a
// small matcher with the same alternatives in the same order (see abc_tune.cpp), which keeps
// the behaviour exact and lets every error point at a line and column.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/proto/music.pb.h"
#include "stochos/scoreio/abc_parser.h"

namespace stochos::scoreio::detail {

/// One non-blank line of a tunebook, stripped, with where it came from.
struct AbcLine {
  std::string text;                 ///< stripped text
  const std::string* raw = nullptr; ///< the whole original line (for columns)
  std::size_t byte_offset = 0;      ///< where `text` starts in *raw
  std::uint32_t line_number = 0;    ///< 1-based
};

/// A small exact fraction for note lengths and tempo units (Python's Fraction).
struct Frac {
  std::int64_t num = 0;
  std::int64_t den = 1;
};

struct AbcKey {
  std::map<char, int> accidentals;  ///< 'A'..'G' -> -1, 0, +1
  int proto_key = 0;
  int proto_mode = 0;
};

/// ABCTune._sig_to_accidentals.
std::map<char, int> sig_to_accidentals(int sig);
/// The accidental length (0..2) of an accidental+letter at `pos`, or -1 (NOTE_PATTERN's head).
int match_accidental_and_letter(const std::string& s, std::size_t pos);

/// ABCTune.parse_key; throws Error (code abc_parse) with `where` for location.
AbcKey parse_abc_key(const std::string& key, const std::string& source, const ErrorLocation& where);

/// Parses one tune; throws Error with the code of note_seq's exception class.
magenta::NoteSequence parse_abc_tune(const std::vector<AbcLine>& lines, const std::string& source,
                                     const AbcReadOptions& options);

}  // namespace stochos::scoreio::detail
