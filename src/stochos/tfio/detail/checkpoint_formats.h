// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The per-format readers behind read_checkpoint (checkpoint.cpp dispatches on the path).
#include <filesystem>

#include "stochos/tfio/checkpoint.h"

namespace stochos::tfio::detail {

/// `prefix.index` and its data shards.
Checkpoint read_checkpoint_v2(const std::filesystem::path& prefix);

}  // namespace stochos::tfio::detail
