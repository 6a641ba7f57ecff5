// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Reading PNG files back (for checks of what the plots wrote): the image is fully decoded by
/// cairo, so a truncated or corrupt file is an error, not just a wrong header.
#include <filesystem>

namespace stochos::plot {

struct DecodedPng {
  int width = 0;
  int height = 0;
  bool has_ink = false;  ///< some pixel differs from the top-left one (not a blank image)
};

/// Decodes the PNG at `path`. Throws Error(kIo) if it cannot be read, Error(kInput) naming
/// cairo's reason if it is not a valid PNG.
DecodedPng decode_png_file(const std::filesystem::path& path);

}  // namespace stochos::plot
