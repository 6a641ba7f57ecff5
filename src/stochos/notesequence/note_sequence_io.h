// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Parsing and writing serialized NoteSequences (single messages and TFRecord files of them),
/// with detection of the August 2016 schema (see stochos/proto/music_legacy.proto).
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/arena.h>

#include "stochos/proto/music.pb.h"

namespace stochos::notesequence {

/// True when `bytes` is a NoteSequence written with the 2016 schema, in which Note field 9
/// was `part` and field 10 `pitch_name`: some note carries a field-9 varint above 1, which
/// no bool writer produces.
bool is_legacy_2016_note_sequence(std::string_view bytes);

/// Parses one serialized NoteSequence. Legacy 2016 messages are upgraded: field 9 moves to
/// `part`, field 10 to `pitch_name`, is_drum is false. Malformed bytes throw Error(kInput)
/// naming `source` (e.g. "file.tfrecord: record 3").
magenta::NoteSequence parse_note_sequence(std::string_view bytes, const std::string& source,
                                          bool* was_legacy = nullptr);

std::string serialize_note_sequence(const magenta::NoteSequence& sequence);

/// Calls `visit(sequence, record_index)` for every NoteSequence in a TFRecord file, reading
/// one record at a time. Errors name the file, record and byte offset.
void for_each_note_sequence(const std::filesystem::path& tfrecord,
                            const std::function<void(magenta::NoteSequence&, std::uint64_t)>& visit);

std::vector<magenta::NoteSequence> read_note_sequences(const std::filesystem::path& tfrecord);

/// Writes sequences to a TFRecord file atomically.
void write_note_sequences(const std::filesystem::path& tfrecord, const std::vector<magenta::NoteSequence>& sequences);

/// Options for a protobuf Arena whose first block is 4 MB kept by the calling thread, so that
/// converting file after file allocates nothing for typical files. At most one such Arena may
/// be alive per thread at a time.
google::protobuf::ArenaOptions thread_reusable_arena_options();

/// Reads any single-sequence file stochos knows: .mid/.midi (converted), a serialized
/// NoteSequence (.ns, .pb) or the first record of a .tfrecord.
magenta::NoteSequence read_sequence_file(const std::filesystem::path& path);

}  // namespace stochos::notesequence
