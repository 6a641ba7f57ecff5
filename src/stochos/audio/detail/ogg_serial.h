// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reproducible Ogg files (used by sndfile_audio_file.cpp only).
#include <string>

namespace stochos::audio::detail {

/// Replaces the stream serial number of every page of the Ogg stream in `bytes` by one derived
/// from the content (the first 32 bits of the SHA-1 of the pages with their serial and CRC
/// fields zeroed) and recomputes each page's CRC. Throws Error(kInternal) if `bytes` is not a
/// sequence of well-formed Ogg pages of one logical stream.
void make_ogg_serial_reproducible(std::string& bytes);

}  // namespace stochos::audio::detail
