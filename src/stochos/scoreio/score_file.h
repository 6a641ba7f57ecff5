// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// One entry point for every score format stochos reads, shaped for
/// notesequence::ConvertOptions::score_reader (`stochos convert`).
#include <filesystem>

#include "stochos/notesequence/convert_job.h"

namespace stochos::scoreio {

/// Reads .xml/.musicxml/.mxl (one NoteSequence) or .abc (one per parsed tune, in X: order)
/// exactly as note_seq's readers do (ticks_per_quarter 220, source_info as note_seq sets it).
/// Each ABC tune that fails is listed in skipped_items with its located error (file,
/// line:column, tune X:, reason) while the other tunes convert, where Magenta's convert_abc
/// only logs it; a book whose every tune fails lists them all and yields no sequence. Throws
/// Error for a file that cannot be read at all (MusicXML errors, a duplicate X:); other
/// extensions throw Error(kUnsupported). Thread-safe.
notesequence::ScoreFileContents read_score_file(const std::filesystem::path& path);

}  // namespace stochos::scoreio
