// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The NoteSequences a job reads from what a user names as its input: a TFRecord of
/// NoteSequences, a list or pattern of them (tfio::expand_input_files), one MIDI file, or a
/// folder of MIDI and score files converted as `stochos convert` converts it.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "stochos/core/progress.h"
#include "stochos/proto/music.pb.h"

namespace stochos::jobs {

/// An input that was not processed, or processed only in part.
struct SkippedInput {
  std::string message;  ///< full diagnostic (file, record or byte, problem)
};

/// Reads NoteSequences from a TFRecord file (or a list or pattern of them), one MIDI file, or
/// a folder converted in memory as `stochos convert` converts it, and calls `visit` for each,
/// in order. Unreadable records and failed files are appended to `skipped`. `progress_label`
/// names the progress bar of TFRecord input (a folder shows convert's).
void for_each_input_sequence(const std::filesystem::path& input, bool recursive, int threads,
                             core::ProgressBar::Mode progress, const std::string& progress_label,
                             const std::function<void(magenta::NoteSequence&, std::uint64_t)>& visit,
                             std::vector<SkippedInput>& skipped);

}  // namespace stochos::jobs
