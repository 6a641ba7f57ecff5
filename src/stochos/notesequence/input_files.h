// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The input folder of `stochos convert` as Magenta's convert_dir_to_note_sequences walks it,
/// and the ids it gives the NoteSequences it makes.
#include <filesystem>
#include <string>
#include <vector>

namespace stochos::notesequence {

/// Lists the regular files under `input_dir` (relative paths, '/'-separated), each
/// directory's files sorted by name before its subdirectories (also sorted), descending
/// only when `recursive`. Throws Error (kIo) for a missing or unreadable directory.
std::vector<std::string> list_input_files(const std::filesystem::path& input_dir, bool recursive);

/// Magenta's generate_note_sequence_id (note_seq/note_sequence_io.py):
/// "/id/<source_type>/<collection>/<sha1 of filename>".
std::string note_sequence_id(const std::string& filename, const std::string& collection, const std::string& source_type);

}  // namespace stochos::notesequence
