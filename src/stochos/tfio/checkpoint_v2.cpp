// SPDX-License-Identifier: GPL-3.0-or-later
// V2 checkpoints (TF >= 1.0): `P.index`, a table of BundleEntryProto keyed by tensor name
// after a BundleHeaderProto under "", and data shards `P.data-NNNNN-of-MMMMM` holding the
// raw little-endian tensors back to back (TF tensorflow/core/util/tensor_bundle/,
// tensor_bundle.cc BundleWriter and BundleReader).
#include <cstdio>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/proto/tensor.pb.h"
#include "stochos/tfio/checkpoint.h"
#include "stochos/tfio/crc32c.h"
#include "stochos/tfio/detail/checkpoint_formats.h"
#include "stochos/tfio/detail/leveldb_table.h"
#include "stochos/tfio/detail/tensor_codec.h"

namespace stochos::tfio {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxShards = 100000;  // the name format has five digits

fs::path with_suffix(const fs::path& prefix, const std::string& suffix) {
  return fs::path(prefix.string() + suffix);
}

fs::path data_shard_path(const fs::path& prefix, int shard, int num_shards) {
  char suffix[64];
  std::snprintf(suffix, sizeof suffix, ".data-%05d-of-%05d", shard, num_shards);
  return with_suffix(prefix, suffix);
}

std::string hex32(std::uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

std::string as_string(const std::vector<std::uint8_t>& bytes) { return {bytes.begin(), bytes.end()}; }

}  // namespace

namespace detail {

Checkpoint read_checkpoint_v2(const fs::path& prefix) {
  const fs::path index_path = with_suffix(prefix, ".index");
  const std::string index_name = index_path.string();
  const TableEntries entries = read_table(as_string(core::read_file(index_path)), index_name);
  if (entries.empty() || !entries.front().first.empty()) {
    throw Error::input(index_name, {}, "not a V2 checkpoint index: no BundleHeaderProto under key \"\"");
  }
  tensorflow::BundleHeaderProto header;
  if (!header.ParseFromString(entries.front().second)) {
    throw Error::input(index_name, {}, "not a V2 checkpoint index: the value under key \"\" is not a BundleHeaderProto");
  }
  if (header.endianness() != tensorflow::BundleHeaderProto::LITTLE) {
    throw Error::unsupported(index_name, "big-endian tensor bundle");
  }
  if (header.num_shards() < 1 || header.num_shards() >= kMaxShards) {
    throw Error::input(index_name, {}, "the header claims " + std::to_string(header.num_shards()) + " data shards");
  }

  std::vector<std::optional<std::string>> shards(static_cast<std::size_t>(header.num_shards()));
  Checkpoint checkpoint;
  checkpoint.format = CheckpointFormat::kV2;
  checkpoint.source = prefix.string();
  for (std::size_t i = 1; i < entries.size(); ++i) {
    const std::string& name = entries[i].first;
    const TensorOrigin origin{index_name, name};
    tensorflow::BundleEntryProto entry;
    if (!entry.ParseFromString(entries[i].second)) {
      throw Error::input(index_name, {}, "the entry for tensor '" + name + "' is not a BundleEntryProto");
    }
    if (entry.slices_size() > 0) {
      throw Error::unsupported(index_name, "tensor '" + name + "' is saved as " + std::to_string(entry.slices_size()) +
                                               " slices (partitioned variables are not supported)");
    }
    Tensor tensor;
    tensor.dtype = checked_data_type(entry.dtype(), origin);
    tensor.shape = shape_from_proto(entry.shape(), origin);
    if (tensor.dtype == DataType::kString) {
      // TF stores string tensors as varint lengths + their own CRC + bytes; Magenta's
      // checkpoints have none.
      throw Error::unsupported(index_name, "tensor '" + name + "' holds strings (not supported in V2 checkpoints)");
    }
    if (entry.shard_id() < 0 || entry.shard_id() >= header.num_shards()) {
      throw Error::input(index_name, {}, "tensor '" + name + "' is in data shard " + std::to_string(entry.shard_id()) +
                                             " of " + std::to_string(header.num_shards()));
    }
    const fs::path shard_path = data_shard_path(prefix, entry.shard_id(), header.num_shards());
    auto& shard = shards[static_cast<std::size_t>(entry.shard_id())];
    if (!shard) shard = as_string(core::read_file(shard_path));
    const std::int64_t count = tensor.num_elements();
    const auto expected_bytes = static_cast<std::uint64_t>(count) * element_bytes(tensor.dtype);
    if (entry.offset() < 0 || entry.size() < 0 || static_cast<std::uint64_t>(entry.size()) != expected_bytes) {
      throw Error::input(index_name, {}, "tensor '" + name + "': entry says " + std::to_string(entry.size()) +
                                             " bytes at offset " + std::to_string(entry.offset()) + " for " +
                                             std::string(data_type_name(tensor.dtype)) + " " + tensor.shape_string());
    }
    const auto offset = static_cast<std::uint64_t>(entry.offset());
    const auto size = static_cast<std::uint64_t>(entry.size());
    if (offset > shard->size() || size > shard->size() - offset) {
      throw Error::input(shard_path.string(), {offset, {}, {}, {}},
                         "tensor '" + name + "' (" + std::to_string(size) + " bytes) runs past the end of the data file (" +
                             std::to_string(shard->size()) + " bytes)");
    }
    const std::string_view bytes = std::string_view(*shard).substr(offset, size);
    const std::uint32_t actual = mask_crc(crc32c(bytes));
    if (actual != entry.crc32c()) {
      throw Error::input(shard_path.string(), {offset, {}, {}, {}},
                         "tensor '" + name + "': CRC32C mismatch (index says " + hex32(entry.crc32c()) +
                             ", data gives " + hex32(actual) + ")");
    }
    values_from_bytes(tensor, bytes, count, {shard_path.string(), name});
    checkpoint.tensors.emplace(name, std::move(tensor));
  }
  return checkpoint;
}

}  // namespace detail

void write_checkpoint_v2(const fs::path& prefix, const Checkpoint& checkpoint) {
  std::string data;
  detail::TableEntries entries;
  tensorflow::BundleHeaderProto header;
  header.set_num_shards(1);
  header.set_endianness(tensorflow::BundleHeaderProto::LITTLE);
  header.mutable_version()->set_producer(1);  // TF kTensorBundleVersion
  entries.emplace_back("", header.SerializeAsString());
  // Tensors back to back in name order, unaligned, as TF 1.x's BundleWriter lays them out.
  for (const auto& [name, tensor] : checkpoint.tensors) {
    detail::check_consistent(tensor, name);
    if (tensor.dtype == DataType::kString) {
      throw Error::unsupported(prefix.string(), "tensor '" + name + "' holds strings (not supported in V2 checkpoints)");
    }
    const std::string bytes = detail::values_to_bytes(tensor);
    tensorflow::BundleEntryProto entry;
    entry.set_dtype(detail::to_proto(tensor.dtype));
    detail::shape_to_proto(tensor.shape, entry.mutable_shape());
    entry.set_shard_id(0);
    entry.set_offset(static_cast<std::int64_t>(data.size()));
    entry.set_size(static_cast<std::int64_t>(bytes.size()));
    entry.set_crc32c(mask_crc(crc32c(bytes)));
    entries.emplace_back(name, entry.SerializeAsString());
    data += bytes;
  }
  // The index last: a reader that finds it also finds its data.
  core::write_file_atomically(data_shard_path(prefix, 0, 1), data);
  core::write_file_atomically(with_suffix(prefix, ".index"), detail::build_table(entries));
}

}  // namespace stochos::tfio
