// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/scoreio/score_file.h"

#include <algorithm>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/scoreio/abc_parser.h"
#include "stochos/scoreio/musicxml_reader.h"

namespace stochos::scoreio {

std::vector<magenta::NoteSequence> read_score_file(const std::filesystem::path& path) {
  const std::string ext = core::lowercase_extension(path);
  if (ext == ".xml" || ext == ".musicxml" || ext == ".mxl") return {read_musicxml_file(path)};
  if (ext == ".abc") {
    AbcTunebook book = parse_abc_tunebook_file(path);
    if (book.tunes.empty() && !book.exceptions.empty()) throw book.exceptions.front();
    std::vector<magenta::NoteSequence> out;
    for (auto& [x, ns] : book.tunes) out.push_back(std::move(ns));
    return out;
  }
  throw Error::unsupported(path.string(), "not a score file (.xml, .musicxml, .mxl or .abc)");
}

}  // namespace stochos::scoreio
