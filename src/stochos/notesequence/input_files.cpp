// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/notesequence/input_files.h"

#include <algorithm>

#include "stochos/core/error.h"
#include "stochos/core/sha1.h"

namespace stochos::notesequence {
namespace fs = std::filesystem;
namespace {

void list_into(const fs::path& root, const fs::path& sub, bool recursive, std::vector<std::string>& out) {
  std::vector<fs::path> files;
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (fs::directory_iterator it(root / sub, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& entry = *it;
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      dirs.push_back(entry.path().filename());
    } else if (entry.is_regular_file(type_ec)) {
      files.push_back(entry.path().filename());
    }
  }
  if (ec) throw Error::io((root / sub).string(), "cannot list directory: " + ec.message());
  std::sort(files.begin(), files.end());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& f : files) out.push_back((sub / f).generic_string());
  if (!recursive) return;
  for (const auto& d : dirs) list_into(root, sub / d, recursive, out);
}

}  // namespace

std::string note_sequence_id(const std::string& filename, const std::string& collection, const std::string& source_type) {
  return "/id/" + source_type + "/" + collection + "/" + core::sha1_hex(filename);
}

std::vector<std::string> list_input_files(const fs::path& input_dir, bool recursive) {
  std::error_code ec;
  if (!fs::is_directory(input_dir, ec)) throw Error::io(input_dir.string(), "input directory does not exist");
  std::vector<std::string> out;
  list_into(input_dir, fs::path(), recursive, out);
  return out;
}

}  // namespace stochos::notesequence
