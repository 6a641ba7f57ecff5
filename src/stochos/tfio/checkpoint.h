// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// TensorFlow checkpoints as Magenta writes them (TF tensorflow/core/util/tensor_slice_reader.cc
/// and tensor_bundle/tensor_bundle.cc, BundleReader): V1 single
/// files (SavedTensorSlices in a LevelDB-format table; the format inside every `.mag`) and
/// V2 bundles (`P.index` table of BundleEntryProto + `P.data-00000-of-00001`). Tensors are
/// read whole into memory; these models are megabytes, not gigabytes.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::tfio {

/// TensorFlow's DataType numbers (tensorflow/core/framework/types.proto).
enum class DataType : int {
  kFloat = 1,
  kDouble = 2,
  kInt32 = 3,
  kString = 7,
  kInt64 = 9,
  kBool = 10,
};

/// "float", "int64", ...
std::string_view data_type_name(DataType type);

/// One named tensor. Values live in the vector that matches the dtype: floats for kFloat,
/// doubles for kDouble, ints for kInt32/kInt64/kBool, strings for kString. Row-major.
struct Tensor {
  DataType dtype = DataType::kFloat;
  std::vector<std::int64_t> shape;  ///< empty for a scalar
  std::vector<float> floats;
  std::vector<double> doubles;
  std::vector<std::int64_t> ints;
  std::vector<std::string> strings;

  std::int64_t num_elements() const;
  /// "[138, 74]"
  std::string shape_string() const;

  friend bool operator==(const Tensor&, const Tensor&) = default;
};

enum class CheckpointFormat { kV1, kV2 };

/// A whole checkpoint: every tensor by name (sorted, as in the files).
struct Checkpoint {
  std::map<std::string, Tensor> tensors;
  CheckpointFormat format = CheckpointFormat::kV2;
  std::string source;  ///< what was read, for error messages ("model.ckpt-1341", "x.mag")

  const Tensor* find(std::string_view name) const;
  /// The tensor, or Error(kInput) "<source>: no variable '<name>'" (naming close names).
  const Tensor& at(std::string_view name) const;
  /// global_step's value, if the checkpoint has one.
  std::optional<std::int64_t> global_step() const;
};

/// Reads a checkpoint from any of: a V1 file; a V2 prefix `P` (with `P.index` beside it) or
/// `P.index` itself (also `P.meta` or `P.data-00000-of-00001`); a directory holding a TF
/// `checkpoint` state file (its latest checkpoint; an absolute path there that does not exist
/// falls back to the same file name in the directory); a `.mag` generator bundle (its
/// checkpoint). Tensors split into several V1 slices are assembled; partial ones refused. Checks every CRC (table blocks,
/// V2 entry CRCs). Errors name the file, the byte offset where known and the problem.
Checkpoint read_checkpoint(const std::filesystem::path& path);

/// True if read_checkpoint would take `path` as a checkpoint (a directory with a `checkpoint`
/// state file, a V2 prefix or `.index`, a file ending in the table magic, a `.mag` bundle),
/// judged from names and the last 48 bytes only. For dispatching in `stochos inspect`.
bool is_checkpoint_path(const std::filesystem::path& path);

/// The `.meta` file written beside a V2 (or V1) checkpoint, if there is one.
std::optional<std::filesystem::path> metagraph_path(const std::filesystem::path& path);

/// Parses a V1 checkpoint held in memory (the bytes of a bundle's checkpoint_file).
Checkpoint parse_checkpoint_v1(std::string_view bytes, const std::string& name);

/// Writes `P.data-00000-of-00001` then `P.index` (each through a temp file and rename, the
/// index last so a reader never sees an index without its data), little-endian,
/// uncompressed, with masked CRC32C per entry, as TF 1.x writes them.
void write_checkpoint_v2(const std::filesystem::path& prefix, const Checkpoint& checkpoint);

/// The bytes of a V1 checkpoint (SavedTensorSlices table, float_val/int_val/int64_val
/// storage as TF 0.x/1.x `Saver(write_version=V1)` writes), for putting into a bundle.
std::string encode_checkpoint_v1(const Checkpoint& checkpoint);

/// The TF `checkpoint` state file of a run directory (text proto). Empty if absent.
struct CheckpointState {
  std::string model_checkpoint_path;                  ///< as written (may be relative)
  std::vector<std::string> all_model_checkpoint_paths;
};
std::optional<CheckpointState> read_checkpoint_state(const std::filesystem::path& dir);
/// Writes `dir/checkpoint` atomically with relative paths, as tf.train.Saver does.
void write_checkpoint_state(const std::filesystem::path& dir, const CheckpointState& state);
/// The prefix of the newest checkpoint in `dir` (from the state file), resolved against dir
/// and confined to it: an absolute or `../` path in the state file stands for its file name
/// in `dir`; if no checkpoint of that name is there, Error(kInput) names the state file.
std::optional<std::filesystem::path> latest_checkpoint(const std::filesystem::path& dir);

/// Writes every tensor as NumPy's `.npz` (a zip of `.npy` files, one per tensor, the tensor
/// name as the key), readable by numpy.load. Atomic.
void write_npz(const std::filesystem::path& path, const Checkpoint& checkpoint);

/// A human description: format, global step, then one line per tensor with dtype, shape,
/// and first values.
std::string describe_checkpoint(const Checkpoint& checkpoint);

}  // namespace stochos::tfio
