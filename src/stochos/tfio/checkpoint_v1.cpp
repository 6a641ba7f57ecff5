// SPDX-License-Identifier: GPL-3.0-or-later
// V1 checkpoints: one table of SavedTensorSlices (TF tensorflow/core/util/saved_tensor_slice.proto,
// tensor_slice_writer.h, tensor_slice_reader.cc). Key "" holds the
// meta (every tensor's name, shape, type and slices); every other key holds one slice's
// values. This is the format of every `.mag` bundle's checkpoint.
#include <map>

#include "stochos/core/error.h"
#include "stochos/proto/tensor.pb.h"
#include "stochos/tfio/checkpoint.h"
#include "stochos/tfio/detail/leveldb_table.h"
#include "stochos/tfio/detail/ordered_code.h"
#include "stochos/tfio/detail/tensor_codec.h"

namespace stochos::tfio {
namespace {

struct Extent {
  std::int64_t start = 0;
  std::int64_t length = 0;
};

struct SliceData {
  std::vector<Extent> extents;
  Tensor values;  // the slice's values, row-major over the extents
};

struct PendingTensor {
  DataType dtype = DataType::kFloat;
  std::vector<std::int64_t> shape;
  std::vector<SliceData> slices;
};

// The extents of a slice proto within `shape`; an extent without a length is the whole
// dimension (TF TensorSlice::AsProto writes nothing for full extents).
std::vector<Extent> slice_extents(const tensorflow::TensorSliceProto& proto, const std::vector<std::int64_t>& shape,
                                  const detail::TensorOrigin& origin, const ErrorLocation& where) {
  if (static_cast<std::size_t>(proto.extent_size()) != shape.size()) {
    throw Error::input(origin.source, where,
                       "tensor '" + origin.tensor + "': slice of rank " + std::to_string(proto.extent_size()) +
                           " for a tensor of rank " + std::to_string(shape.size()));
  }
  std::vector<Extent> extents;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    const auto& e = proto.extent(static_cast<int>(d));
    Extent extent{e.start(), e.has_length() ? e.length() : shape[d]};
    if (!e.has_length() && e.start() != 0) extent.length = shape[d] - e.start();
    if (extent.start < 0 || extent.length < 0 || extent.start > shape[d] || extent.length > shape[d] - extent.start) {
      throw Error::input(origin.source, where,
                         "tensor '" + origin.tensor + "': slice [" + std::to_string(extent.start) + ", +" +
                             std::to_string(extent.length) + ") outside dimension " + std::to_string(d) +
                             " of size " + std::to_string(shape[d]));
    }
    extents.push_back(extent);
  }
  return extents;
}

// Copies a slice's values into their place in the whole tensor, marking what they cover.
template <typename T>
void scatter(std::vector<T>& whole, const std::vector<T>& part, const std::vector<std::int64_t>& shape,
             const std::vector<Extent>& extents, std::vector<char>& covered, const detail::TensorOrigin& origin) {
  // Row-major strides of the whole tensor, and a counter running over the slice's extents.
  const std::size_t rank = shape.size();
  std::vector<std::int64_t> stride(rank + 1, 1);
  for (std::size_t k = 0; k < rank; ++k) stride[rank - 1 - k] = stride[rank - k] * (k == 0 ? 1 : shape[rank - k]);
  std::vector<std::int64_t> index(rank + 1, 0);
  for (std::size_t i = 0; i < part.size(); ++i) {
    std::int64_t at = 0;
    for (std::size_t d = 0; d < rank; ++d) at += (extents[d].start + index[d]) * stride[d];
    const auto k = static_cast<std::size_t>(at);
    if (covered[k]) throw Error::input(origin.source, {}, "tensor '" + origin.tensor + "': its slices overlap");
    covered[k] = 1;
    whole[k] = part[i];
    for (std::size_t step = 0; step < rank; ++step) {
      const std::size_t d = rank - 1 - step;
      if (++index[d] < extents[d].length) break;
      index[d] = 0;
    }
  }
}

Tensor assemble(const std::string& name, PendingTensor& pending, const std::string& source) {
  const detail::TensorOrigin origin{source, name};
  Tensor whole;
  whole.dtype = pending.dtype;
  whole.shape = pending.shape;
  const std::int64_t total = whole.num_elements();
  if (pending.slices.empty()) {
    throw Error::input(source, {}, "tensor '" + name + "' is listed in the meta but has no saved slice");
  }
  std::int64_t stored = 0;
  for (const SliceData& s : pending.slices) stored += static_cast<std::int64_t>(detail::stored_values(s.values));
  if (stored != total) {
    throw Error::unsupported(source, "tensor '" + name + "': its slices hold " + std::to_string(stored) + " of its " +
                                         std::to_string(total) + " values (partial checkpoints are not supported)");
  }
  if (pending.slices.size() == 1) {  // the usual case: one slice with the whole tensor
    Tensor& only = pending.slices.front().values;
    only.shape = whole.shape;
    return std::move(only);
  }
  std::vector<char> covered(static_cast<std::size_t>(total), 0);
  const auto n = static_cast<std::size_t>(total);
  for (const SliceData& s : pending.slices) {
    switch (whole.dtype) {
      case DataType::kFloat:
        whole.floats.resize(n);
        scatter(whole.floats, s.values.floats, whole.shape, s.extents, covered, origin);
        break;
      case DataType::kDouble:
        whole.doubles.resize(n);
        scatter(whole.doubles, s.values.doubles, whole.shape, s.extents, covered, origin);
        break;
      case DataType::kString:
        whole.strings.resize(n);
        scatter(whole.strings, s.values.strings, whole.shape, s.extents, covered, origin);
        break;
      case DataType::kInt32:
      case DataType::kInt64:
      case DataType::kBool:
        whole.ints.resize(n);
        scatter(whole.ints, s.values.ints, whole.shape, s.extents, covered, origin);
        break;
    }
  }
  return whole;
}

}  // namespace

Checkpoint parse_checkpoint_v1(std::string_view bytes, const std::string& name) {
  const detail::TableEntries entries = detail::read_table(bytes, name);
  if (entries.empty() || !entries.front().first.empty()) {
    throw Error::input(name, {}, "not a V1 checkpoint: the table has no SavedTensorSliceMeta under key \"\"");
  }
  tensorflow::SavedTensorSlices meta_entry;
  if (!meta_entry.ParseFromString(entries.front().second) || !meta_entry.has_meta()) {
    throw Error::input(name, {}, "not a V1 checkpoint: the value under key \"\" is not a SavedTensorSliceMeta");
  }

  std::map<std::string, PendingTensor> pending;
  for (const auto& m : meta_entry.meta().tensor()) {
    const detail::TensorOrigin origin{name, m.name()};
    PendingTensor p;
    p.dtype = detail::checked_data_type(m.type(), origin);
    p.shape = detail::shape_from_proto(m.shape(), origin);
    if (!pending.emplace(m.name(), std::move(p)).second) {
      throw Error::input(name, {}, "tensor '" + m.name() + "' is listed twice in the meta");
    }
  }

  for (std::size_t i = 1; i < entries.size(); ++i) {
    const ErrorLocation where{{}, {}, {}, "table entry " + std::to_string(i)};
    tensorflow::SavedTensorSlices entry;
    if (!entry.ParseFromString(entries[i].second) || !entry.has_data()) {
      throw Error::input(name, where, "not a SavedSlice");
    }
    // The slice's own name and extents, not the key (TF tensor_slice_reader.cc LoadShard reads
    // them from SavedSlice too; saved_tensor_slice_util.cc EncodeTensorNameSlice makes the key).
    const tensorflow::SavedSlice& slice = entry.data();
    const auto it = pending.find(slice.name());
    if (it == pending.end()) {
      throw Error::input(name, where, "slice of tensor '" + slice.name() + "', which the meta does not list");
    }
    const detail::TensorOrigin origin{name, slice.name()};
    SliceData data;
    data.extents = slice_extents(slice.slice(), it->second.shape, origin, where);
    std::int64_t count = 1;
    for (const Extent& e : data.extents) count *= e.length;
    data.values.dtype = it->second.dtype;
    detail::values_from_proto(data.values, slice.data(), count, origin);
    it->second.slices.push_back(std::move(data));
  }

  Checkpoint checkpoint;
  checkpoint.format = CheckpointFormat::kV1;
  checkpoint.source = name;
  for (auto& [tensor_name, p] : pending) checkpoint.tensors.emplace(tensor_name, assemble(tensor_name, p, name));
  return checkpoint;
}

std::string encode_checkpoint_v1(const Checkpoint& checkpoint) {
  std::map<std::string, std::string> table;  // sorted bytewise, as the table needs
  tensorflow::SavedTensorSlices meta_entry;
  tensorflow::SavedTensorSliceMeta* meta = meta_entry.mutable_meta();
  for (const auto& [name, tensor] : checkpoint.tensors) {
    detail::check_consistent(tensor, name);
    tensorflow::SavedSliceMeta* m = meta->add_tensor();
    m->set_name(name);
    detail::shape_to_proto(tensor.shape, m->mutable_shape());
    m->set_type(detail::to_proto(tensor.dtype));
    tensorflow::TensorSliceProto* meta_slice = m->add_slice();

    // One slice holding the whole tensor: one empty extent per dimension, and the values in
    // the typed field without dtype or shape (TF TensorSliceWriter::SaveData).
    tensorflow::SavedTensorSlices entry;
    tensorflow::SavedSlice* slice = entry.mutable_data();
    slice->set_name(name);
    tensorflow::TensorSliceProto* data_slice = slice->mutable_slice();
    for (std::size_t d = 0; d < tensor.shape.size(); ++d) {
      meta_slice->add_extent();
      data_slice->add_extent();
    }
    detail::values_to_proto(tensor, slice->mutable_data());
    const std::vector<detail::SliceExtent> full(tensor.shape.size());
    table[detail::encode_tensor_name_slice(name, full)] = entry.SerializeAsString();
  }
  // TF_CHECKPOINT_VERSION 1, TF_CHECKPOINT_VERSION_MIN_CONSUMER 0.
  meta->mutable_versions()->set_producer(1);
  table[""] = meta_entry.SerializeAsString();
  return detail::build_table(detail::TableEntries(table.begin(), table.end()));
}

}  // namespace stochos::tfio
