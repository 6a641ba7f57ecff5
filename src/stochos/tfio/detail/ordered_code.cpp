// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/tfio/detail/ordered_code.h"

#include <bit>

namespace stochos::tfio::detail {

void write_num_increasing(std::string& out, std::uint64_t value) {
  char digits[8];
  int length = 0;
  for (; value > 0; value >>= 8) digits[7 - length++] = static_cast<char>(value & 0xff);
  out.push_back(static_cast<char>(length));
  out.append(digits + 8 - length, static_cast<std::size_t>(length));
}

void write_signed_num_increasing(std::string& out, std::int64_t value) {
  // Magnitude bits of the value (of ~value when negative); an n-byte code holds 7n - 1 of
  // them after its n header bits (TF's kBitsToLength table).
  const auto magnitude = static_cast<std::uint64_t>(value < 0 ? ~value : value);
  const int bits = magnitude == 0 ? 0 : std::bit_width(magnitude);
  const int length = bits / 7 + 1;
  if (length == 1) {
    out.push_back(static_cast<char>(0x80 ^ static_cast<std::uint8_t>(value)));
    return;
  }
  // Sign-extended big-endian in 10 bytes; the code is the last `length` of them with the
  // header bits (length ones then a zero, counted from the top) flipped in.
  unsigned char buffer[10];
  const unsigned char sign = value < 0 ? 0xff : 0x00;
  buffer[0] = buffer[1] = sign;
  const auto u = static_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) buffer[2 + i] = static_cast<unsigned char>(u >> (56 - 8 * i));
  unsigned char* begin = buffer + 10 - length;
  // Header: `length` one-bits then a zero bit, across the first two bytes when length > 8.
  const int ones_in_first = length < 8 ? length : 8;
  begin[0] ^= static_cast<unsigned char>(0xff00u >> ones_in_first);
  if (length > 8) begin[1] ^= static_cast<unsigned char>(0xff00u >> (length - 8));
  out.append(reinterpret_cast<const char*>(begin), static_cast<std::size_t>(length));
}

void write_string(std::string& out, std::string_view s) {
  for (const char c : s) {
    if (c == '\x00') {
      out.append("\x00\xff", 2);
    } else if (c == '\xff') {
      out.append("\xff\x00", 2);
    } else {
      out.push_back(c);
    }
  }
  out.append("\x00\x01", 2);
}

std::string encode_tensor_name_slice(std::string_view name, const std::vector<SliceExtent>& extents) {
  std::string key;
  write_num_increasing(key, 0);  // every slice key starts with 0; the meta key is ""
  write_string(key, name);
  write_num_increasing(key, extents.size());
  for (const SliceExtent& e : extents) {
    write_signed_num_increasing(key, e.start);
    write_signed_num_increasing(key, e.length);
  }
  return key;
}

}  // namespace stochos::tfio::detail
