// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// SHA-1 hex digests (Magenta's NoteSequence ids are SHA-1 of the file name). OpenSSL's
/// libcrypto does the hashing.
#include <string>
#include <string_view>

namespace stochos::core {

/// Lower-case hexadecimal SHA-1 of `bytes` (40 characters), like Python's hexdigest().
std::string sha1_hex(std::string_view bytes);

}  // namespace stochos::core
