// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TensorFlow's OrderedCode (tensorflow/core/lib/strings/ordered_code.cc): byte strings whose
// bytewise order is the order of the encoded tuples. V1 checkpoints key each saved slice by
// the OrderedCode of (0, tensor name, rank, start and length of every dimension), TF
// saved_tensor_slice_util.cc EncodeTensorNameSlice. Readers take names from the SavedSlice
// itself, so only the writer needs the encoding; it must match TF byte for byte to keep the
// table in TF's key order.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::tfio::detail {

/// One byte holding the length, then the value big-endian without leading zero bytes.
void write_num_increasing(std::string& out, std::uint64_t value);
/// A length-prefixed two's-complement form whose first bits give the length (1-10 bytes).
void write_signed_num_increasing(std::string& out, std::int64_t value);
/// The bytes with 0x00 -> 00 ff and 0xff -> ff 00, then the terminator 00 01.
void write_string(std::string& out, std::string_view s);

/// A dimension's extent in a slice key: the whole dimension is start 0, length -1.
struct SliceExtent {
  std::int64_t start = 0;
  std::int64_t length = -1;
};

/// The V1 key of a slice: "\x00" name "\x00\x01" rank, then start/length per dimension,
/// e.g. "\x00" "rnn_model/fully_connected/bias" "\x00\x01" "\x01\x01" "\x80\x7f".
std::string encode_tensor_name_slice(std::string_view name, const std::vector<SliceExtent>& extents);

}  // namespace stochos::tfio::detail
