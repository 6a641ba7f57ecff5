// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The libzip seam of tfio (NumPy .npz output). scoreio has its own for .mxl; tfio sits below
// scoreio in the layering, so it cannot use that one.
#include <string>
#include <utility>
#include <vector>

namespace stochos::tfio::detail {

/// A zip archive (entries stored uncompressed, as numpy.savez writes them) of
/// (name, bytes) pairs in order.
std::string build_stored_zip(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace stochos::tfio::detail
