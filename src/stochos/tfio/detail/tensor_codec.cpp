// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/tfio/detail/tensor_codec.h"

#include <bit>
#include <cstring>
#include <limits>

#include "stochos/core/error.h"

namespace stochos::tfio::detail {
namespace {

static_assert(std::endian::native == std::endian::little,
              "tensor bytes are copied as they are: TensorFlow checkpoints are little-endian");

constexpr std::int64_t kMaxElements = std::int64_t{1} << 40;

Error bad_tensor(const TensorOrigin& origin, const std::string& message) {
  return Error::input(origin.source, {}, "tensor '" + origin.tensor + "': " + message);
}

template <typename Wire, typename Value>
void copy_bytes(std::vector<Value>& out, std::string_view bytes, std::size_t count) {
  out.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    Wire w;
    std::memcpy(&w, bytes.data() + i * sizeof(Wire), sizeof(Wire));
    out[i] = static_cast<Value>(w);
  }
}

template <typename Wire, typename Value>
void append_bytes(std::string& out, const std::vector<Value>& values) {
  for (const Value v : values) {
    const auto w = static_cast<Wire>(v);
    out.append(reinterpret_cast<const char*>(&w), sizeof(Wire));
  }
}

template <typename Field, typename Value>
void copy_field(std::vector<Value>& out, const Field& field) {
  out.assign(field.begin(), field.end());
}

}  // namespace

DataType checked_data_type(int proto_value, const TensorOrigin& origin) {
  switch (proto_value) {
    case 1: return DataType::kFloat;
    case 2: return DataType::kDouble;
    case 3: return DataType::kInt32;
    case 7: return DataType::kString;
    case 9: return DataType::kInt64;
    case 10: return DataType::kBool;
    default: break;
  }
  const auto* descriptor = tensorflow::DataType_descriptor()->FindValueByNumber(proto_value);
  const std::string type_name = descriptor ? descriptor->name() : "DataType " + std::to_string(proto_value);
  throw Error::unsupported(origin.source, "tensor '" + origin.tensor + "' has type " + type_name +
                                              " (stochos reads float, double, int32, int64, bool and string)");
}

tensorflow::DataType to_proto(DataType type) { return static_cast<tensorflow::DataType>(static_cast<int>(type)); }

std::size_t element_bytes(DataType type) {
  switch (type) {
    case DataType::kFloat:
    case DataType::kInt32: return 4;
    case DataType::kDouble:
    case DataType::kInt64: return 8;
    case DataType::kBool: return 1;
    case DataType::kString: return 0;
  }
  return 0;
}

std::vector<std::int64_t> shape_from_proto(const tensorflow::TensorShapeProto& proto, const TensorOrigin& origin) {
  if (proto.unknown_rank()) throw bad_tensor(origin, "shape of unknown rank");
  std::vector<std::int64_t> shape;
  std::int64_t elements = 1;
  for (const auto& dim : proto.dim()) {
    if (dim.size() < 0) throw bad_tensor(origin, "dimension of unknown or negative size " + std::to_string(dim.size()));
    if (dim.size() > 0 && elements > kMaxElements / dim.size()) throw bad_tensor(origin, "absurd shape (over 2^40 values)");
    elements *= dim.size();
    shape.push_back(dim.size());
  }
  return shape;
}

void shape_to_proto(const std::vector<std::int64_t>& shape, tensorflow::TensorShapeProto* proto) {
  proto->clear_dim();
  for (const std::int64_t size : shape) proto->add_dim()->set_size(size);
}

std::size_t stored_values(const Tensor& tensor) {
  switch (tensor.dtype) {
    case DataType::kFloat: return tensor.floats.size();
    case DataType::kDouble: return tensor.doubles.size();
    case DataType::kString: return tensor.strings.size();
    case DataType::kInt32:
    case DataType::kInt64:
    case DataType::kBool: return tensor.ints.size();
  }
  return 0;
}

void check_consistent(const Tensor& tensor, const std::string& name) {
  if (element_bytes(tensor.dtype) == 0 && tensor.dtype != DataType::kString) {
    throw Error::internal("tensor '" + name + "': invalid dtype " + std::to_string(static_cast<int>(tensor.dtype)));
  }
  for (const std::int64_t size : tensor.shape) {
    if (size < 0) throw Error::internal("tensor '" + name + "': negative dimension in " + tensor.shape_string());
  }
  if (static_cast<std::int64_t>(stored_values(tensor)) != tensor.num_elements()) {
    throw Error::internal("tensor '" + name + "' holds " + std::to_string(stored_values(tensor)) + " " +
                          std::string(data_type_name(tensor.dtype)) + " values for shape " + tensor.shape_string());
  }
  if (tensor.dtype == DataType::kInt32) {
    for (const std::int64_t v : tensor.ints) {
      if (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max()) {
        throw Error::internal("tensor '" + name + "': value " + std::to_string(v) + " does not fit int32");
      }
    }
  }
}

void values_from_bytes(Tensor& tensor, std::string_view bytes, std::int64_t count, const TensorOrigin& origin) {
  const std::size_t width = element_bytes(tensor.dtype);
  if (width == 0) throw Error::unsupported(origin.source, "tensor '" + origin.tensor + "': raw string tensors are not supported");
  if (count < 0 || bytes.size() / width != static_cast<std::uint64_t>(count) || bytes.size() % width != 0) {
    throw bad_tensor(origin, std::to_string(bytes.size()) + " bytes of data for " + std::to_string(count) + " " +
                                 std::string(data_type_name(tensor.dtype)) + " values");
  }
  const auto n = static_cast<std::size_t>(count);
  switch (tensor.dtype) {
    case DataType::kFloat: copy_bytes<float>(tensor.floats, bytes, n); break;
    case DataType::kDouble: copy_bytes<double>(tensor.doubles, bytes, n); break;
    case DataType::kInt32: copy_bytes<std::int32_t>(tensor.ints, bytes, n); break;
    case DataType::kInt64: copy_bytes<std::int64_t>(tensor.ints, bytes, n); break;
    case DataType::kBool: copy_bytes<std::uint8_t>(tensor.ints, bytes, n); break;
    case DataType::kString: break;
  }
  if (tensor.dtype == DataType::kBool) {
    for (std::int64_t& v : tensor.ints) v = v != 0;
  }
}

std::string values_to_bytes(const Tensor& tensor) {
  std::string out;
  out.reserve(stored_values(tensor) * element_bytes(tensor.dtype));
  switch (tensor.dtype) {
    case DataType::kFloat: append_bytes<float>(out, tensor.floats); break;
    case DataType::kDouble: append_bytes<double>(out, tensor.doubles); break;
    case DataType::kInt32: append_bytes<std::int32_t>(out, tensor.ints); break;
    case DataType::kInt64: append_bytes<std::int64_t>(out, tensor.ints); break;
    case DataType::kBool:
      for (const std::int64_t v : tensor.ints) out.push_back(v != 0 ? '\x01' : '\x00');
      break;
    case DataType::kString: throw Error::internal("values_to_bytes: string tensors have no raw form");
  }
  return out;
}

void values_from_proto(Tensor& tensor, const tensorflow::TensorProto& proto, std::int64_t count,
                       const TensorOrigin& origin) {
  if (!proto.tensor_content().empty() && tensor.dtype != DataType::kString) {
    values_from_bytes(tensor, proto.tensor_content(), count, origin);
    return;
  }
  switch (tensor.dtype) {
    case DataType::kFloat: copy_field(tensor.floats, proto.float_val()); break;
    case DataType::kDouble: copy_field(tensor.doubles, proto.double_val()); break;
    case DataType::kInt32: copy_field(tensor.ints, proto.int_val()); break;
    case DataType::kInt64: copy_field(tensor.ints, proto.int64_val()); break;
    case DataType::kBool: copy_field(tensor.ints, proto.bool_val()); break;
    case DataType::kString: copy_field(tensor.strings, proto.string_val()); break;
  }
  if (static_cast<std::int64_t>(stored_values(tensor)) != count) {
    throw bad_tensor(origin, std::to_string(stored_values(tensor)) + " " + std::string(data_type_name(tensor.dtype)) +
                                 " values stored where the slice has " + std::to_string(count));
  }
}

void values_to_proto(const Tensor& tensor, tensorflow::TensorProto* proto) {
  switch (tensor.dtype) {
    case DataType::kFloat: proto->mutable_float_val()->Add(tensor.floats.begin(), tensor.floats.end()); break;
    case DataType::kDouble: proto->mutable_double_val()->Add(tensor.doubles.begin(), tensor.doubles.end()); break;
    case DataType::kInt32:
      for (const std::int64_t v : tensor.ints) proto->add_int_val(static_cast<std::int32_t>(v));
      break;
    case DataType::kInt64: proto->mutable_int64_val()->Add(tensor.ints.begin(), tensor.ints.end()); break;
    case DataType::kBool:
      for (const std::int64_t v : tensor.ints) proto->add_bool_val(v != 0);
      break;
    case DataType::kString:
      for (const std::string& s : tensor.strings) proto->add_string_val(s);
      break;
  }
}

}  // namespace stochos::tfio::detail
