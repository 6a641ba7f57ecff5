// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// CRC-32C (Castagnoli) and TensorFlow's masked form, used by TFRecord framing, checkpoint
/// tables and tensor bundles (TF tensorflow/core/lib/hash/crc32c.h Value, Mask, Unmask).
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace stochos::tfio {

/// Extends `crc` (0 for a fresh checksum) over `size` bytes. Uses the SSE4.2 instruction
/// when the CPU has it and slicing-by-8 tables otherwise; both give identical results.
std::uint32_t crc32c_extend(std::uint32_t crc, const void* data, std::size_t size);

inline std::uint32_t crc32c(const void* data, std::size_t size) { return crc32c_extend(0, data, size); }
inline std::uint32_t crc32c(std::string_view bytes) { return crc32c(bytes.data(), bytes.size()); }

/// TensorFlow's mask (tensorflow/core/lib/hash/crc32c.h): rotate right by 15 and add a
/// constant, so that a CRC stored inside CRC'd data does not checksum to a fixed value.
constexpr std::uint32_t mask_crc(std::uint32_t crc) {
  return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
}
constexpr std::uint32_t unmask_crc(std::uint32_t masked) {
  const std::uint32_t rot = masked - 0xA282EAD8u;
  return (rot >> 17) | (rot << 15);
}

/// The portable table path, exposed so tests can check it against the hardware path.
std::uint32_t crc32c_extend_portable(std::uint32_t crc, const void* data, std::size_t size);

}  // namespace stochos::tfio
