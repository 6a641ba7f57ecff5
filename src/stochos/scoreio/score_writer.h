// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Notation out: NoteSequence -> MusicXML (.musicxml/.xml), compressed MusicXML (.mxl); ABC
/// (.abc) is in abc_writer.h.
/// The layout is notation.h's (quantized on the fly, tempo map flattened onto the first
/// tempo). Each part is one <part> with its MIDI channel/program (1-based, as MusicXML counts
/// them); drums become a percussion-clef part on MIDI channel 10 whose notes keep <pitch>,
/// because note_seq's reader refuses <unpitched>. Durations that no single note value
/// expresses are written as tied notes; divisions = steps per quarter. Thread-safe.
#include <filesystem>
#include <string>

#include "stochos/proto/music.pb.h"
#include "stochos/scoreio/notation.h"

namespace stochos::scoreio {

/// The MusicXML 3.1 partwise document.
std::string note_sequence_to_musicxml(const magenta::NoteSequence& sequence, const NotationOptions& options = {});

/// The .mxl bytes: a zip with `mimetype` (stored), META-INF/container.xml and score.musicxml.
std::string note_sequence_to_mxl(const magenta::NoteSequence& sequence, const NotationOptions& options = {});

/// True when write_score_file knows the extension of `path` (.musicxml, .xml, .mxl, .abc).
bool is_score_output_path(const std::filesystem::path& path);

/// Writes by extension (.musicxml, .xml, .mxl, or .abc through abc_writer.h), atomically.
/// Other extensions: Error(kUsage).
void write_score_file(const magenta::NoteSequence& sequence, const std::filesystem::path& path,
                      const NotationOptions& options = {});

}  // namespace stochos::scoreio
