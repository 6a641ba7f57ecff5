// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Between stochos::tfio::Tensor and TensorFlow's encodings of tensor values: TensorProto
// fields (V1 checkpoints) and raw little-endian bytes (V2 data shards, tensor_content).
// Shared by the V1 and V2 code; only tfio includes it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stochos/proto/tensor.pb.h"
#include "stochos/tfio/checkpoint.h"

namespace stochos::tfio::detail {

/// Where a tensor came from, for error messages: the file and the tensor's name.
struct TensorOrigin {
  const std::string& source;
  const std::string& tensor;
};

/// The DataType for a TensorFlow enum value; Error(kUnsupported) for types stochos does
/// not hold (half, complex, quantized, resource...).
DataType checked_data_type(int proto_value, const TensorOrigin& origin);
tensorflow::DataType to_proto(DataType type);

/// Bytes per element in raw form; 0 for strings (variable length).
std::size_t element_bytes(DataType type);

/// The dimensions of a shape proto. Refuses unknown rank, negative sizes and element counts
/// beyond 2^40 (a damaged shape must not decide an allocation).
std::vector<std::int64_t> shape_from_proto(const tensorflow::TensorShapeProto& proto, const TensorOrigin& origin);
void shape_to_proto(const std::vector<std::int64_t>& shape, tensorflow::TensorShapeProto* proto);

/// Values stored in the vector that matches the tensor's dtype.
std::size_t stored_values(const Tensor& tensor);
/// Error(kInternal) unless the tensor holds exactly num_elements() values (a caller's bug
/// that would otherwise write a file TensorFlow cannot read).
void check_consistent(const Tensor& tensor, const std::string& name);

/// Sets `tensor`'s values (dtype already set) from `count` little-endian elements.
void values_from_bytes(Tensor& tensor, std::string_view bytes, std::int64_t count, const TensorOrigin& origin);
std::string values_to_bytes(const Tensor& tensor);

/// Sets `tensor`'s values (dtype already set) from the typed field of `proto` or its
/// tensor_content; there must be exactly `count` values.
void values_from_proto(Tensor& tensor, const tensorflow::TensorProto& proto, std::int64_t count,
                       const TensorOrigin& origin);
/// Stores the values in the typed field, as TF's V1 saver does (float_val, int_val...).
void values_to_proto(const Tensor& tensor, tensorflow::TensorProto* proto);

}  // namespace stochos::tfio::detail
