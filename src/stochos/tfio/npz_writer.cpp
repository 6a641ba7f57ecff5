// SPDX-License-Identifier: GPL-3.0-or-later
// NumPy's .npz: a zip of `.npy` files (NPY format 1.0, numpy/lib/format.py and NEP 1): the
// magic "\x93NUMPY", version 1.0, a uint16 LE header length, then a Python dict literal
// padded with spaces and a newline so the data starts on a 64-byte boundary, then the
// values in C order. numpy.load(path)[name] gives each tensor back.
#include <algorithm>

#include "stochos/core/file_io.h"
#include "stochos/tfio/checkpoint.h"
#include "stochos/tfio/detail/tensor_codec.h"
#include "stochos/tfio/detail/zip_writer.h"
#include "stochos/core/error.h"

namespace stochos::tfio {
namespace {

std::string shape_tuple(const std::vector<std::int64_t>& shape) {
  if (shape.size() == 1) return "(" + std::to_string(shape[0]) + ",)";
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + ")";
}

std::string npy_bytes(const Tensor& tensor) {
  std::string descr;
  std::string data;
  switch (tensor.dtype) {
    case DataType::kFloat: descr = "<f4"; break;
    case DataType::kDouble: descr = "<f8"; break;
    case DataType::kInt32: descr = "<i4"; break;
    case DataType::kInt64: descr = "<i8"; break;
    case DataType::kBool: descr = "|b1"; break;
    case DataType::kString: {
      // Fixed-width byte strings ('|S<n>'), NUL-padded: numpy's dtype for bytes arrays.
      std::size_t width = 1;
      for (const std::string& s : tensor.strings) width = std::max(width, s.size());
      descr = "|S" + std::to_string(width);
      for (const std::string& s : tensor.strings) data += s + std::string(width - s.size(), '\0');
      break;
    }
  }
  if (tensor.dtype != DataType::kString) data = detail::values_to_bytes(tensor);
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape_tuple(tensor.shape) + ", }";
  const std::size_t unpadded = 10 + header.size() + 1;  // magic, version, length, dict, '\n'
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  if (header.size() > 0xffff) throw Error::unsupported({}, "tensor shape too long for an NPY 1.0 header");
  std::string out("\x93NUMPY\x01\x00", 8);
  out.push_back(static_cast<char>(header.size() & 0xff));
  out.push_back(static_cast<char>(header.size() >> 8));
  return out + header + data;
}

}  // namespace

void write_npz(const std::filesystem::path& path, const Checkpoint& checkpoint) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& [name, tensor] : checkpoint.tensors) {
    detail::check_consistent(tensor, name);
    files.emplace_back(name + ".npy", npy_bytes(tensor));
  }
  core::write_file_atomically(path, detail::build_stored_zip(files));
}

}  // namespace stochos::tfio
