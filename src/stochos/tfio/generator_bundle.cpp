// SPDX-License-Identifier: GPL-3.0-or-later
// `.mag` generator bundles (MG magenta/models/shared/sequence_generator_bundle.py,
// read_bundle_file) and MetaGraphDef facts for `stochos inspect`.
#include "stochos/tfio/generator_bundle.h"

#include <algorithm>
#include <fstream>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/proto/generator.pb.h"
#include "stochos/proto/meta_graph.pb.h"
#include "stochos/proto/wire_problem.h"
#include "stochos/tfio/detail/leveldb_table.h"

namespace stochos::tfio {
namespace {

namespace fs = std::filesystem;

std::string read_bytes(const fs::path& path) {
  const std::vector<std::uint8_t> bytes = core::read_file(path);
  return {bytes.begin(), bytes.end()};
}

}  // namespace

GeneratorBundle read_generator_bundle(const fs::path& path) {
  const std::string bytes = read_bytes(path);
  magenta::GeneratorBundle proto;
  if (bytes.empty()) throw Error::input(path.string(), {}, "not a GeneratorBundle (the file is empty)");
  if (!proto.ParseFromString(bytes)) {
    ErrorLocation where;
    std::string detail = "the protobuf does not parse";
    if (const auto problem = proto::find_wire_problem(bytes, *proto.GetDescriptor())) {
      where.byte_offset = problem->byte_offset;
      if (!problem->field_path.empty()) where.context = "field " + problem->field_path;
      detail = problem->problem;
    }
    throw Error::input(path.string(), where, "not a GeneratorBundle (" + detail + ")");
  }
  // Magenta writes one checkpoint file and reads checkpoint_file[0] only; anything else is
  // not a bundle Magenta made, and guessing which file to use would hide that.
  if (proto.checkpoint_file_size() == 0) {
    throw Error::input(path.string(), {}, "no checkpoint inside the generator bundle");
  }
  if (proto.checkpoint_file_size() > 1) {
    throw Error::unsupported(path.string(), std::to_string(proto.checkpoint_file_size()) +
                                                " checkpoint files inside the generator bundle (Magenta bundles hold exactly one)");
  }
  GeneratorBundle bundle;
  bundle.generator_id = proto.generator_details().id();
  bundle.generator_description = proto.generator_details().description();
  bundle.bundle_description = proto.bundle_details().description();
  bundle.checkpoint_file = proto.checkpoint_file(0);
  bundle.metagraph_file = proto.metagraph_file();
  return bundle;
}

void write_generator_bundle(const fs::path& path, const GeneratorBundle& bundle) {
  if (bundle.checkpoint_file.empty()) {
    throw Error::usage("a generator bundle needs a checkpoint (" + path.string() + ")");
  }
  magenta::GeneratorBundle proto;
  proto.mutable_generator_details()->set_id(bundle.generator_id);
  proto.mutable_generator_details()->set_description(bundle.generator_description);
  proto.add_checkpoint_file(bundle.checkpoint_file);
  proto.set_metagraph_file(bundle.metagraph_file);
  if (!bundle.bundle_description.empty()) proto.mutable_bundle_details()->set_description(bundle.bundle_description);
  core::write_file_atomically(path, proto.SerializeAsString());
}

Checkpoint bundle_checkpoint(const GeneratorBundle& bundle, const std::string& name) {
  return parse_checkpoint_v1(bundle.checkpoint_file, name);
}

bool is_generator_bundle(const fs::path& path) {
  if (core::lowercase_extension(path) == ".mag") return true;
  // Otherwise a bundle starts with field 1 (generator_details) or 2 (checkpoint_file), both
  // length-delimited, and its checkpoint is a table; a V1 checkpoint itself starts with 0x00.
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size < 2 || size > (std::uint64_t{1} << 31)) return false;
  char first = 0;
  std::ifstream(path, std::ios::binary).get(first);
  if (first != '\x0a' && first != '\x12') return false;
  magenta::GeneratorBundle proto;
  const std::string bytes = read_bytes(path);
  return proto.ParseFromString(bytes) && proto.checkpoint_file_size() >= 1 &&
         detail::has_table_footer(proto.checkpoint_file(0));
}

std::string describe_metagraph(const std::string& metagraph_bytes) {
  tensorflow::MetaGraphDef graph;
  if (metagraph_bytes.empty() || !graph.ParseFromString(metagraph_bytes)) {
    throw Error::input({}, {}, "not a MetaGraphDef (" + std::to_string(metagraph_bytes.size()) + " bytes)");
  }
  const auto& info = graph.meta_info_def();
  std::string out = "tensorflow " + (info.tensorflow_version().empty() ? "(version not recorded)" : info.tensorflow_version());
  if (!info.tensorflow_git_version().empty()) out += " (" + info.tensorflow_git_version() + ")";
  out += ", " + std::to_string(graph.graph_def().node_size()) + " graph nodes";
  std::vector<std::string> collections;
  for (const auto& entry : graph.collection_def()) collections.push_back(entry.first);
  std::sort(collections.begin(), collections.end());  // map order is unspecified
  if (!collections.empty()) {
    out += "; collections:";
    for (std::size_t i = 0; i < collections.size(); ++i) out += (i ? ", " : " ") + collections[i];
  }
  return out;
}

std::string inspect_checkpoint(const fs::path& path, Checkpoint* checkpoint) {
  std::string out;
  Checkpoint c;
  std::error_code ec;
  if (fs::is_regular_file(path, ec) && is_generator_bundle(path)) {
    const GeneratorBundle bundle = read_generator_bundle(path);
    out += path.string() + ": Magenta generator bundle '" + bundle.generator_id + "'";
    if (!bundle.generator_description.empty()) out += " (" + bundle.generator_description + ")";
    out += "\n";
    if (!bundle.bundle_description.empty()) out += "  bundle: " + bundle.bundle_description + "\n";
    try {
      out += "  graph: " + (bundle.metagraph_file.empty() ? "none" : describe_metagraph(bundle.metagraph_file)) + "\n";
    } catch (const Error& e) {
      throw e.with_path(path.string());
    }
    c = bundle_checkpoint(bundle, path.string());
  } else {
    c = read_checkpoint(path);
    if (const auto meta = metagraph_path(path)) {
      try {
        out += meta->string() + ": " + describe_metagraph(read_bytes(*meta)) + "\n";
      } catch (const Error& e) {
        throw e.path().empty() ? e.with_path(meta->string()) : e;
      }
    }
  }
  out += describe_checkpoint(c);
  if (checkpoint) *checkpoint = std::move(c);
  return out;
}

}  // namespace stochos::tfio
