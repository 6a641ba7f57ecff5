// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// One entry point for every score format stochos reads (`stochos convert`, `melody dataset`).
#include <filesystem>
#include <string>
#include <vector>

#include "stochos/proto/music.pb.h"

namespace stochos::scoreio {

/// What a score file holds: the NoteSequences read and, for a file of several items (the
/// tunes of an ABC book), one full diagnostic (file, line:column, problem) per item that could
/// not be read while others could.
struct ScoreFileContents {
  std::vector<magenta::NoteSequence> sequences;
  std::vector<std::string> skipped_items;
};

/// Reads .xml/.musicxml/.mxl (one NoteSequence) or .abc (one per parsed tune, in X: order)
/// exactly as note_seq's readers do (ticks_per_quarter 220, source_info as note_seq sets it).
/// Each ABC tune that fails is listed in skipped_items with its located error (file,
/// line:column, tune X:, reason) while the other tunes convert, where Magenta's convert_abc
/// only logs it; a book whose every tune fails lists them all and yields no sequence. Throws
/// Error for a file that cannot be read at all (MusicXML errors, a duplicate X:); other
/// extensions throw Error(kUnsupported). Thread-safe.
ScoreFileContents read_score_file(const std::filesystem::path& path);

}  // namespace stochos::scoreio
