// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The LevelDB seam: TensorFlow's checkpoint tables (V1 files, V2 `.index`) are LevelDB
// SSTables (same block layout, footer magic 0xdb4775248b80fb57 and masked-CRC32C block
// trailers; TF tensorflow/core/lib/io/format.cc). Debian's libleveldb reads and writes them;
// only this file's .cpp includes it. Tables are small (kilobytes to a few megabytes), so both
// directions work on whole tables in memory.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stochos::tfio::detail {

using TableEntries = std::vector<std::pair<std::string, std::string>>;

/// Every (key, value) of the table held in `bytes`, in key order, with every block's CRC
/// checked. Damage throws Error(kInput) naming `source` (the file, for messages).
TableEntries read_table(std::string_view bytes, const std::string& source);

/// The bytes of an uncompressed table holding `entries`, which must be sorted bytewise by
/// key with no duplicates (Error(kInternal) otherwise).
std::string build_table(const TableEntries& entries);

/// True if `bytes` ends with the table footer magic (a cheap test for "is a table").
bool has_table_footer(std::string_view bytes);

}  // namespace stochos::tfio::detail
