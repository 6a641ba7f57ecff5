// SPDX-License-Identifier: GPL-3.0-or-later
// Tensors and checkpoints: lookup, where a checkpoint is (file, prefix, directory, bundle),
// the `checkpoint` state file, and the description `stochos inspect` prints.
#include "stochos/tfio/checkpoint.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/tfio/detail/checkpoint_formats.h"
#include "stochos/tfio/detail/leveldb_table.h"
#include "stochos/core/nearest_name.h"
#include "stochos/tfio/detail/tensor_codec.h"
#include "stochos/tfio/generator_bundle.h"

namespace stochos::tfio {
namespace {

namespace fs = std::filesystem;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

fs::path with_suffix(const fs::path& p, const std::string& suffix) { return fs::path(p.string() + suffix); }

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// "P.data-00000-of-00001" -> "P"; other names unchanged.
std::string strip_data_shard_suffix(const std::string& s) {
  const std::size_t at = s.rfind(".data-");
  if (at == std::string::npos) return s;
  const std::string_view rest = std::string_view(s).substr(at + 6);
  if (rest.size() == 14 && rest.substr(5, 4) == "-of-") return s.substr(0, at);
  return s;
}

// A checkpoint exists at `p`: a V2 prefix (P.index) or a single file (V1, bundle).
bool checkpoint_exists(const fs::path& p) { return is_file(with_suffix(p, ".index")) || is_file(p); }

// What read_checkpoint reads for `path`: a V2 prefix or a single file; directories resolve
// through their state file, `.index`, `.meta` and data shard names to their prefix.
fs::path checkpoint_location(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    if (auto latest = latest_checkpoint(path)) return *latest;
    throw Error::input(path.string(), {}, "directory without a TensorFlow 'checkpoint' state file naming a checkpoint");
  }
  const std::string s = path.string();
  if (ends_with(s, ".index") && is_file(path)) return fs::path(s.substr(0, s.size() - 6));
  if (ends_with(s, ".meta") && checkpoint_exists(fs::path(s.substr(0, s.size() - 5)))) {
    return fs::path(s.substr(0, s.size() - 5));
  }
  const std::string stripped = strip_data_shard_suffix(s);
  if (stripped != s && is_file(with_suffix(fs::path(stripped), ".index"))) return fs::path(stripped);
  return path;
}

std::string unescape_text_proto(std::string_view quoted, const std::string& source, std::uint32_t line) {
  if (quoted.size() < 2 || (quoted.front() != '"' && quoted.front() != '\'') || quoted.back() != quoted.front()) {
    throw Error::input(source, {{}, line, {}, {}}, "expected a quoted string");
  }
  std::string out;
  const std::string_view body = quoted.substr(1, quoted.size() - 2);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out.push_back(body[i]);
      continue;
    }
    const char c = body[++i];
    if (c >= '0' && c <= '7') {  // up to three octal digits, as protobuf's CEscape writes
      int value = 0;
      for (int k = 0; k < 3 && i < body.size() && body[i] >= '0' && body[i] <= '7'; ++k, ++i) value = value * 8 + (body[i] - '0');
      --i;
      out.push_back(static_cast<char>(value));
      continue;
    }
    switch (c) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      default: out.push_back(c); break;  // \" \' \\ and anything else literally
    }
  }
  return out;
}

std::string escape_text_proto(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::string first_values(const Tensor& t, std::size_t count) {
  std::string out;
  char text[64];
  const std::size_t n = std::min<std::size_t>(count, detail::stored_values(t));
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += ' ';
    switch (t.dtype) {
      case DataType::kFloat: std::snprintf(text, sizeof text, "%.7g", static_cast<double>(t.floats[i])); break;
      case DataType::kDouble: std::snprintf(text, sizeof text, "%.10g", t.doubles[i]); break;
      case DataType::kString: std::snprintf(text, sizeof text, "\"%.20s\"", t.strings[i].c_str()); break;
      default: std::snprintf(text, sizeof text, "%lld", static_cast<long long>(t.ints[i])); break;
    }
    out += text;
  }
  if (detail::stored_values(t) > n) out += " ...";
  return out;
}

}  // namespace

std::string_view data_type_name(DataType type) {
  switch (type) {
    case DataType::kFloat: return "float";
    case DataType::kDouble: return "double";
    case DataType::kInt32: return "int32";
    case DataType::kString: return "string";
    case DataType::kInt64: return "int64";
    case DataType::kBool: return "bool";
  }
  return "unknown";
}

std::int64_t Tensor::num_elements() const {
  std::int64_t n = 1;
  for (const std::int64_t d : shape) n *= d;
  return n;
}

std::string Tensor::shape_string() const {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

const Tensor* Checkpoint::find(std::string_view name) const {
  const auto it = tensors.find(std::string(name));
  return it == tensors.end() ? nullptr : &it->second;
}

const Tensor& Checkpoint::at(std::string_view name) const {
  if (const Tensor* t = find(name)) return *t;
  std::vector<std::string> names;
  for (const auto& entry : tensors) names.push_back(entry.first);
  std::string message = "no variable '" + std::string(name) + "'";
  const auto close = core::nearest_names(name, names, 3);
  for (std::size_t i = 0; i < close.size(); ++i) message += (i == 0 ? "; closest: '" : ", '") + close[i] + "'";
  if (names.empty()) message += " (the checkpoint is empty)";
  throw Error::input(source, {}, message);
}

std::optional<std::int64_t> Checkpoint::global_step() const {
  // TF 0.x models scoped it ("rnn_model/global_step"); later ones have it at the top.
  const Tensor* step = find("global_step");
  if (!step) {
    for (const auto& [name, tensor] : tensors) {
      if (ends_with(name, "/global_step")) {
        step = &tensor;
        break;
      }
    }
  }
  if (!step || step->ints.size() != 1 || (step->dtype != DataType::kInt64 && step->dtype != DataType::kInt32)) {
    return std::nullopt;
  }
  return step->ints.front();
}

Checkpoint read_checkpoint(const fs::path& path) {
  const fs::path location = checkpoint_location(path);
  if (is_file(with_suffix(location, ".index"))) return detail::read_checkpoint_v2(location);
  if (!is_file(location)) {
    throw Error::io(location.string(), "no checkpoint here (neither a file nor a V2 prefix with " +
                                           with_suffix(location, ".index").filename().string() + " beside it)");
  }
  if (is_generator_bundle(location)) return bundle_checkpoint(read_generator_bundle(location), location.string());
  const std::vector<std::uint8_t> bytes = core::read_file(location);
  return parse_checkpoint_v1(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                             location.string());
}

bool is_checkpoint_path(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return is_file(path / "checkpoint");
  const std::string s = path.string();
  if (core::lowercase_extension(path) == ".mag") return is_file(path);
  if (is_file(with_suffix(path, ".index"))) return true;
  if (ends_with(s, ".meta") && checkpoint_exists(fs::path(s.substr(0, s.size() - 5)))) return true;
  if (strip_data_shard_suffix(s) != s && is_file(path)) return true;
  if (!is_file(path)) return false;
  // V1 files and `.index` tables end with the table magic; nothing else stochos reads does.
  std::ifstream in(path, std::ios::binary);
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 48) return false;
  std::string footer(48, '\0');
  in.seekg(size - 48);
  in.read(footer.data(), 48);
  return in && detail::has_table_footer(footer);
}

std::optional<fs::path> metagraph_path(const fs::path& path) {
  try {
    const fs::path meta = with_suffix(checkpoint_location(path), ".meta");
    if (is_file(meta)) return meta;
  } catch (const Error&) {
  }
  return std::nullopt;
}

std::optional<CheckpointState> read_checkpoint_state(const fs::path& dir) {
  const fs::path path = dir / "checkpoint";
  if (!is_file(path)) return std::nullopt;
  const std::vector<std::uint8_t> bytes = core::read_file(path, std::uint64_t{1} << 24);
  const std::string text(bytes.begin(), bytes.end());
  CheckpointState state;
  std::uint32_t line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line = std::string_view(text).substr(start, end - start);
    start = end + 1;
    ++line_number;
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) throw Error::input(path.string(), {{}, line_number, {}, {}}, "expected 'field: value'");
    std::string_view key = line.substr(0, colon);
    while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) key.remove_suffix(1);
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
    // Newer TF adds timestamps (numbers); only the two path fields matter here.
    if (key == "model_checkpoint_path") {
      state.model_checkpoint_path = unescape_text_proto(value, path.string(), line_number);
    } else if (key == "all_model_checkpoint_paths") {
      state.all_model_checkpoint_paths.push_back(unescape_text_proto(value, path.string(), line_number));
    }
  }
  return state;
}

void write_checkpoint_state(const fs::path& dir, const CheckpointState& state) {
  // Paths inside `dir` are written relative to it, so the folder can move (tf.train.Saver
  // does the same for checkpoints saved beside their state file).
  const auto relative = [&dir](const std::string& p) {
    const fs::path path(p);
    if (path.is_absolute() && path.parent_path().lexically_normal() == fs::absolute(dir).lexically_normal()) {
      return path.filename().string();
    }
    return p;
  };
  std::string text = "model_checkpoint_path: " + escape_text_proto(relative(state.model_checkpoint_path)) + "\n";
  for (const std::string& p : state.all_model_checkpoint_paths) {
    text += "all_model_checkpoint_paths: " + escape_text_proto(relative(p)) + "\n";
  }
  core::write_file_atomically(dir / "checkpoint", text);
}

std::optional<fs::path> latest_checkpoint(const fs::path& dir) {
  const auto state = read_checkpoint_state(dir);
  if (!state) return std::nullopt;
  std::string latest = state->model_checkpoint_path;
  if (latest.empty() && !state->all_model_checkpoint_paths.empty()) latest = state->all_model_checkpoint_paths.back();
  if (latest.empty()) return std::nullopt;
  // Only checkpoints inside `dir` are read: a state file naming "/etc/..." or "../x" must
  // not make generate or resume read elsewhere. tf.train.Saver writes bare names for
  // checkpoints beside the state file; a run directory copied from elsewhere keeps absolute
  // paths of the machine that trained it (soma11's pointed at /tmp/melody_rnn/...): either
  // way the file name in `dir` is the checkpoint.
  const fs::path path(latest);
  const fs::path normal = path.lexically_normal();
  const bool inside = path.is_relative() && !normal.empty() && *normal.begin() != "..";
  if (inside) return dir / normal;
  const fs::path name = path.filename();
  if (name.empty() || name == "." || name == ".." || !checkpoint_exists(dir / name)) {
    throw Error::input(
        (dir / "checkpoint").string(), {},
        "names the checkpoint '" + latest + "', outside " + dir.string() +
            ", and no checkpoint of that name is inside; only checkpoints in the folder are read");
  }
  return dir / name;
}

std::string describe_checkpoint(const Checkpoint& checkpoint) {
  std::int64_t values = 0;
  std::uint64_t bytes = 0;
  std::size_t name_width = 0;
  for (const auto& [name, t] : checkpoint.tensors) {
    values += t.num_elements();
    bytes += static_cast<std::uint64_t>(t.num_elements()) * std::max<std::size_t>(detail::element_bytes(t.dtype), 1);
    name_width = std::max(name_width, std::min<std::size_t>(name.size(), 72));
  }
  std::string out = checkpoint.source + ": TensorFlow " + (checkpoint.format == CheckpointFormat::kV1 ? "V1" : "V2") +
                    " checkpoint, " + std::to_string(checkpoint.tensors.size()) + " tensors, " +
                    std::to_string(values) + " values (" + std::to_string(bytes) + " bytes)";
  if (const auto step = checkpoint.global_step()) out += ", global_step " + std::to_string(*step);
  out += "\n";
  const auto padded = [](std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
  };
  for (const auto& [name, t] : checkpoint.tensors) {
    out += "  " + padded(name, name_width) + "  " + padded(std::string(data_type_name(t.dtype)), 6) + " " +
           padded(t.shape_string(), 14) + " " + first_values(t, 3) + "\n";
  }
  return out;
}

}  // namespace stochos::tfio
