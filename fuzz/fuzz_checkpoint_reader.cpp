// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes, two ways: as a V1 checkpoint file (the table layer: footer, blocks, CRCs), and
// as the values of a table built here with valid CRCs, so that the fuzzer also reaches what
// the CRCs guard: SavedTensorSlices parsing, shapes, slice extents and their assembly. Either
// way the reader returns a checkpoint or throws stochos::Error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "stochos/core/error.h"
#include "stochos/tfio/checkpoint.h"
#include "stochos/tfio/detail/leveldb_table.h"
#include "stochos/tfio/detail/ordered_code.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    (void)stochos::tfio::parse_checkpoint_v1(bytes, "fuzz.ckpt");
  } catch (const stochos::Error&) {
  }
  // "\xfe\xfe" separates values: the first goes under key "" (the meta), the others under
  // increasing slice keys.
  stochos::tfio::detail::TableEntries entries;
  std::size_t start = 0;
  for (int i = 0; start <= bytes.size() && i < 64; ++i) {
    std::size_t end = bytes.find("\xfe\xfe", start);
    if (end == std::string_view::npos) end = bytes.size();
    const std::string key = i == 0 ? std::string() : stochos::tfio::detail::encode_tensor_name_slice("t", {{i, -1}});
    entries.emplace_back(key, std::string(bytes.substr(start, end - start)));
    start = end + 2;
  }
  try {
    (void)stochos::tfio::parse_checkpoint_v1(stochos::tfio::detail::build_table(entries), "fuzz.ckpt");
  } catch (const stochos::Error&) {
  }
  return 0;
}
