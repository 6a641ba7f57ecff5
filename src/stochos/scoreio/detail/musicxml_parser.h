// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The in-memory score of note_seq's MusicXMLDocument (musicxml_parser.py): parts of measures
// of notes, chord symbols, tempos and signatures, timed in seconds as note_seq times them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stochos/scoreio/detail/xml_document.h"

namespace stochos::scoreio::detail {

/// A reduced fraction (Python's fractions.Fraction for the small values MusicXML uses).
struct Ratio {
  std::int64_t num = 0;
  std::int64_t den = 1;
};
Ratio make_ratio(std::int64_t num, std::int64_t den);
bool operator==(const Ratio& a, const Ratio& b);
Ratio operator+(const Ratio& a, const Ratio& b);

struct ParsedNote {
  int voice = 1;
  bool is_rest = false;
  bool is_in_chord = false;
  bool has_pitch = false;
  int midi_pitch = 0;
  std::int64_t duration = 0;  ///< in divisions
  double seconds = 0;
  double time_position = 0;
  Ratio ratio;  ///< written note value (0/1 for grace notes)
  int midi_channel = 0;
  int midi_program = 0;
  int velocity = 64;
  bool tie_start = false;
  bool tie_stop = false;
};

struct ParsedTimeSignature {
  int numerator = -1;
  int denominator = -1;
  double time_position = 0;
};
struct ParsedKeySignature {
  int key = 0;  ///< fifths
  double time_position = -1;
};
struct ParsedTempo {
  double qpm = -1;
  double time_position = -1;
};
struct ParsedChordSymbol {
  double time_position = 0;
  std::string figure;
};

struct ParsedMeasure {
  std::vector<ParsedNote> notes;
  std::vector<ParsedChordSymbol> chord_symbols;
  std::vector<ParsedTempo> tempos;
  std::optional<ParsedTimeSignature> time_signature;
  std::optional<ParsedKeySignature> key_signature;
};

struct ParsedPart {
  std::string name;
  std::vector<ParsedMeasure> measures;
};

struct ParsedScore {
  std::string work_title;
  std::vector<std::string> creators;
  std::vector<ParsedPart> parts;
  double total_time_seconds = 0;
  double final_qpm = 120;
};

/// Parses the document with note_seq's rules; throws located Errors.
ParsedScore parse_musicxml(const XmlDocument& doc);

}  // namespace stochos::scoreio::detail
