// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Shards as TensorFlow names them, and the input lists every stochos reader accepts.
/// A job run as shard K of N handles the inputs whose key (the path relative to the input
/// root, or a record's filename) hashes to K, so adding an input moves no other, and writes
/// `<output>-0000K-of-0000N`. Plain C++, no MPI: any scheduler (Slurm arrays, GNU parallel,
/// Kubernetes jobs) can run the shards.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::tfio {

/// Shard `index` of `count` (0 <= index < count). count 1 is the whole job.
struct ShardSpec {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
  bool whole() const { return count == 1; }
};

/// Parses "K/N" (as given to --shard); throws Error (kUsage) otherwise.
ShardSpec parse_shard_spec(std::string_view text);

/// The shard (0..count-1) of an input key: the first 8 bytes of the key's SHA-1, modulo
/// count. Stable across machines, runs and stochos versions.
std::uint32_t shard_of(std::string_view key, std::uint32_t count);

/// TensorFlow's shard name: shard_file_name("out.tfrecord", 3, 10) is
/// "out.tfrecord-00003-of-00010". The whole job (count 1) keeps `path` unchanged.
std::filesystem::path shard_file_name(const std::filesystem::path& path, std::uint32_t index, std::uint32_t count);

/// Input files from what a user wrote after --input and similar flags, in order:
///   a comma-separated list of items, each one of
///   - an existing file or directory (kept as is),
///   - a glob (`*`, `?`, `[...]`; matches sorted by name), e.g. `out.tfrecord-*-of-00010`,
///   - `base@N`: the N shards base-00000-of-0000N ... base-(N-1)-of-0000N,
///   - a path that does not exist but whose shards do (`out.tfrecord` after a sharded run).
/// Shard sets named -K-of-N must be complete: a missing shard is an error that names it, never
/// silently fewer records. Throws Error (kIo) for an item that matches nothing.
std::vector<std::filesystem::path> expand_input_files(std::string_view spec);

/// True if `spec` names more than one file or uses a pattern (a list, a glob, `@N`).
bool is_file_pattern(std::string_view spec);

}  // namespace stochos::tfio
