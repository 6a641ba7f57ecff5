// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Magenta's `.mag` generator bundles (GeneratorBundle of note_seq/protobuf/generator.proto):
/// generator id and description, one V1 checkpoint file, the generation graph's
/// MetaGraphDef, and a free-text bundle description.
#include <filesystem>
#include <string>

#include "stochos/tfio/checkpoint.h"

namespace stochos::tfio {

struct GeneratorBundle {
  std::string generator_id;           ///< "attention_rnn", ...
  std::string generator_description;  ///< "Melody RNN with lookback encoding and attention."
  std::string bundle_description;
  std::string checkpoint_file;  ///< bytes of a V1 checkpoint
  std::string metagraph_file;   ///< bytes of a MetaGraphDef (may be empty)
};

/// Reads and validates a bundle: exactly one checkpoint file, parseable protobuf. Errors
/// name the file and the problem ("not a GeneratorBundle", "no checkpoint inside").
GeneratorBundle read_generator_bundle(const std::filesystem::path& path);

/// Writes the bundle atomically.
void write_generator_bundle(const std::filesystem::path& path, const GeneratorBundle& bundle);

/// The checkpoint inside a bundle.
Checkpoint bundle_checkpoint(const GeneratorBundle& bundle, const std::string& name);

/// True if `path` looks like a generator bundle (extension .mag, or its first bytes parse).
bool is_generator_bundle(const std::filesystem::path& path);

/// TensorFlow version and other facts of a MetaGraphDef (from the bundle or a `.meta`
/// file), for `stochos inspect`: "tensorflow 1.2.1 (v1.2.0-5-g435cdfc), 2145 graph nodes".
/// Throws Error(kInput) without a path if the bytes are not a MetaGraphDef.
std::string describe_metagraph(const std::string& metagraph_bytes);

/// What `stochos inspect` prints for any path read_checkpoint accepts: for a bundle its
/// generator id, descriptions and graph; for a checkpoint with a `.meta` beside it, that
/// graph; then describe_checkpoint. Stores the checkpoint in `*checkpoint` if given.
std::string inspect_checkpoint(const std::filesystem::path& path, Checkpoint* checkpoint = nullptr);

}  // namespace stochos::tfio
