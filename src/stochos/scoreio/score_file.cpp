// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/scoreio/score_file.h"

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/scoreio/abc_parser.h"
#include "stochos/scoreio/musicxml_reader.h"

namespace stochos::scoreio {

ScoreFileContents read_score_file(const std::filesystem::path& path) {
  const std::string ext = core::lowercase_extension(path);
  ScoreFileContents out;
  if (ext == ".xml" || ext == ".musicxml" || ext == ".mxl") {
    out.sequences.push_back(read_musicxml_file(path));
    return out;
  }
  if (ext == ".abc") {
    AbcTunebook book = parse_abc_tunebook_file(path);
    for (auto& [x, ns] : book.tunes) out.sequences.push_back(std::move(ns));
    for (const Error& e : book.exceptions) out.skipped_items.emplace_back(e.what());
    return out;
  }
  throw Error::unsupported(path.string(), "not a score file (.xml, .musicxml, .mxl or .abc)");
}

}  // namespace stochos::scoreio
