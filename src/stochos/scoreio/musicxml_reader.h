// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// MusicXML -> NoteSequence with note_seq's rules (note_seq musicxml_parser.py and
/// musicxml_reader.py musicxml_to_sequence_proto), so that stochos and Magenta give the same
/// NoteSequence for the same score:
/// - ticks_per_quarter 220; source_info {SCORE_BASED, MUSIC_XML, MAGENTA_MUSIC_XML};
///   title from work/work-title, composers from identification/creator;
/// - a clock in seconds shared by the voices of a part and reset per part; rests dropped,
///   notes in document order; ties NOT merged; grace notes at [0, 0]; repeats not expanded;
/// - instrument/program are <midi-channel>/<midi-program> as written (1-based);
/// - key mode is always MAJOR (note_seq compares the <mode> element, not its text, with
///   "minor"); pickup and short measures get derived time signatures.
/// Every failure is Error(kInput) located at line:column, with code() named after note_seq's
/// exception class (kCode* below). Where note_seq would crash with a Python error (a bad
/// integer, a missing required child, divisions 0, a key beyond 7 fifths), stochos raises the
/// nearest of these codes instead. Thread-safe: no shared state.
#include <filesystem>
#include <string>
#include <string_view>

#include "stochos/proto/music.pb.h"

namespace stochos::scoreio {

/// Error codes, one per note_seq exception class (MusicXMLParseError and subclasses).
inline constexpr std::string_view kCodeMusicXmlParse = "musicxml_parse";
inline constexpr std::string_view kCodePitchStepParse = "pitch_step_parse";
inline constexpr std::string_view kCodeChordSymbolParse = "chord_symbol_parse";
inline constexpr std::string_view kCodeMultipleTimeSignature = "multiple_time_signature";
inline constexpr std::string_view kCodeAlternatingTimeSignature = "alternating_time_signature";
inline constexpr std::string_view kCodeTimeSignatureParse = "time_signature_parse";
inline constexpr std::string_view kCodeUnpitchedNote = "unpitched_note";
inline constexpr std::string_view kCodeKeyParse = "key_parse";
inline constexpr std::string_view kCodeInvalidNoteDurationType = "invalid_note_duration_type";

struct MusicXmlReadOptions {
  /// Beyond note_seq (off by default): join notes linked by <tie type="stop"/> to the note
  /// they continue (same part, voice and pitch), summing their note values.
  bool merge_ties = false;
};

/// Parses an uncompressed MusicXML document. `source` names it in errors.
magenta::NoteSequence musicxml_to_note_sequence(std::string_view xml_bytes, const std::string& source,
                                                const MusicXmlReadOptions& options = {});

/// The score document inside a compressed .mxl (note_seq MusicXMLDocument._get_score): the
/// rootfile of META-INF/container.xml whose media-type is MusicXML or absent (others, e.g.
/// a PNG, are skipped); zip names without the UTF-8 flag are read as their raw bytes in UTF-8
/// (note_seq's CP437 round trip). No such rootfile, two of them, or a missing entry is an error.
std::string mxl_score_document(std::string_view zip_bytes, const std::string& source);

/// Reads a .xml/.musicxml or (by its .mxl extension) compressed file.
magenta::NoteSequence read_musicxml_file(const std::filesystem::path& path, const MusicXmlReadOptions& options = {});

}  // namespace stochos::scoreio
