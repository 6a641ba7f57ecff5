// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// One entry point for every score format stochos reads, shaped for
/// ns::ConvertOptions::score_reader (`stochos convert`).
#include <filesystem>
#include <vector>

#include "stochos/proto/music.pb.h"

namespace stochos::scoreio {

/// Reads .xml/.musicxml/.mxl (one NoteSequence) or .abc (one per parsed tune, in X: order)
/// exactly as note_seq's readers do (ticks_per_quarter 220, source_info as note_seq sets it).
/// An ABC book whose every tune fails throws the first tune's Error; when some tunes parse,
/// the failing ones are dropped, as Magenta's convert_abc logs and drops them. Other
/// extensions throw Error(kUnsupported). Thread-safe.
std::vector<magenta::NoteSequence> read_score_file(const std::filesystem::path& path);

}  // namespace stochos::scoreio
