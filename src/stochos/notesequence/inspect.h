// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `stochos inspect`: what a file holds, in words. Knows MIDI files, TFRecord files of
/// NoteSequences or SequenceExamples (other records are reported by size), and serialized
/// NoteSequences.
#include <filesystem>
#include <string>

namespace stochos::notesequence {

enum class FileKind { kMidi, kTFRecord, kNoteSequence, kUnknown };

/// Guesses the kind from the first bytes (MThd/RIFF, a valid TFRecord length CRC) and
/// then the extension.
FileKind detect_file_kind(const std::filesystem::path& path);

struct InspectOptions {
  int max_notes = 20;     ///< notes listed per sequence
  int max_records = 10;   ///< TFRecord records described one by one
  bool text_proto = false;  ///< dump whole NoteSequences as text protos instead
};

/// A multi-line description; throws Error for unreadable or corrupt files.
std::string inspect_file(const std::filesystem::path& path, const InspectOptions& options);

}  // namespace stochos::notesequence
